"""Language of a segment: script first (letter counts), then langdetect restricted to the script's languages.

Rules (see README): URLs, @handles, #hashtags and digits are ignored; no letters gives ``und``; both
scripts with real weight gives ``mixed``; Arabic script goes to langdetect restricted to ar/fa/ur
(seeded, deterministic); Latin script is ``en`` unless a long segment is clearly another language.
"""

from __future__ import annotations

import json
import os
import re
import threading
from functools import lru_cache
from typing import Any

from bilingual.script import ARABIC_SCRIPT, NON_LINGUISTIC_RE, letter_profile

__all__ = [
    "ARABIC_SCRIPT_LANGS",
    "ARABIZI",
    "ARABIZI_MAX_LETTERS",
    "AR_FAST_PATH_MIN",
    "DECLARABLE_LANGS",
    "FUNCTION_WORD_BYTES",
    "LANGDETECT_MAX_CHARS",
    "LANGDETECT_SEED",
    "LATIN_CHECK_MIN_LETTERS",
    "MIXED_MIN_LETTERS",
    "MIXED_SHARE",
    "NOT_ARABIC",
    "arabic_script_language",
    "ascii_words",
    "detect_language",
    "detect_restricted",
    "is_arabizi",
    "latin_language",
]


ARABIC_SCRIPT_LANGS = ("ar", "fa", "ur")  # what langdetect tells apart
# Arabic-script languages that are not Arabic: Persian, Urdu, Pashto, Sorani Kurdish, Sindhi, Uyghur,
# Kashmiri, Balochi. The letters tell fa/ur apart; a page's markup (<p lang>) may declare the others.
NOT_ARABIC = ("fa", "ur", "ps", "ckb", "sd", "ug", "ks", "bal")
# The languages a declaration (an embed's lang attribute) may set on a segment.
DECLARABLE_LANGS = ("ar", *NOT_ARABIC, "en", "fr", "es", "de", "tr")
LANGDETECT_SEED = 0

# A minority script with at least this share of the letters (and MIXED_MIN_LETTERS letters) makes a
# segment "mixed".
MIXED_SHARE = 0.25
MIXED_MIN_LETTERS = 8
# Latin segments shorter than this many letters are never sent to langdetect (it is wrong on short text:
# "Comments" comes back as French).
LATIN_CHECK_MIN_LETTERS = 120
# langdetect reads at most this many characters of a segment (its cost grows with the length).
LANGDETECT_MAX_CHARS = 400

# Letters only Urdu writes (Persian does not).
_URDU_LETTERS_RE = re.compile("[\u0679\u0688\u0691\u06ba\u06be\u06c1\u06c3\u06d2]")
# Fast path: this many Arabic-only letters and no Persian/Urdu letter is Arabic without asking langdetect.
AR_FAST_PATH_MIN = 2

_FUNCTION_WORD_SET = frozenset(
    (
        "the of and to in a is that for on was with as by it he said at from his are be have has an "
        "not this were they which but their had or its who been will would we i you she her after also "
        "more than them there when two new one all about into over"
    ).split()
)
FUNCTION_WORD_BYTES = frozenset(w.encode("ascii") for w in _FUNCTION_WORD_SET)
# ASCII letters lower-cased, every other byte a space (a non-ASCII character's UTF-8 bytes are all >= 0x80).
_LOWER_LETTER_OR_SPACE = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 else 32 for c in range(256))


def ascii_words(text: str) -> list[bytes]:
    """The runs of ASCII letters in ``text``, lower-cased, as bytes (``re.findall("[A-Za-z]+", text)``,
    lowered) in a third of the time: encoding, ``bytes.translate`` and ``split`` are single C passes."""
    return text.encode("utf-8", "surrogatepass").translate(_LOWER_LETTER_OR_SPACE).split()


_ARABIC_WORD_RE = re.compile(f"[{ARABIC_SCRIPT}]+")
_lock = threading.Lock()
_factories: dict[tuple[str, ...] | None, Any] = {}


def _factory(langs: tuple[str, ...] | None) -> Any:
    """A langdetect DetectorFactory holding only ``langs`` (all languages when None), built once."""
    with _lock:
        f = _factories.get(langs)
        if f is None:
            from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

            f = DetectorFactory()
            f.set_seed(LANGDETECT_SEED)
            names = sorted(os.listdir(PROFILES_DIRECTORY)) if langs is None else list(langs)
            profiles = []
            for name in names:
                with open(os.path.join(PROFILES_DIRECTORY, name), encoding="utf-8") as fh:
                    profiles.append(json.dumps(json.load(fh)))
            f.load_json_profile(profiles)
            _factories[langs] = f
        return f


@lru_cache(maxsize=65536)
def detect_restricted(text: str, langs: tuple[str, ...] = ARABIC_SCRIPT_LANGS) -> tuple[str, float]:
    """Seeded langdetect over ``langs`` only; returns (language, probability), ``("und", 0.0)`` if it cannot tell."""
    from langdetect.lang_detect_exception import LangDetectException

    det = _factory(langs).create()
    det.set_max_text_length(LANGDETECT_MAX_CHARS)
    det.append(text)
    try:
        best = det.get_probabilities()
    except LangDetectException:
        return "und", 0.0
    if not best:
        return "und", 0.0
    return best[0].lang, float(best[0].prob)


@lru_cache(maxsize=4096)
def _detect_any(text: str) -> tuple[str, float]:
    from langdetect.lang_detect_exception import LangDetectException

    det = _factory(None).create()
    det.set_max_text_length(LANGDETECT_MAX_CHARS * 2)
    det.append(text)
    try:
        best = det.get_probabilities()
    except LangDetectException:
        return "und", 0.0
    return (best[0].lang, float(best[0].prob)) if best else ("und", 0.0)


def arabic_script_language(text: str, profile: tuple[int, int, int, int, int] | None = None) -> str:
    """Which of ar/fa/ur an Arabic-script text is written in (``profile``: its :func:`letter_profile`)."""
    n_ar, _, _, n_ar_only, n_fa_ur = profile if profile is not None else letter_profile(text)
    if n_fa_ur == 0 and n_ar_only >= AR_FAST_PATH_MIN:
        return "ar"
    if n_ar < 12:
        # Too short for langdetect; decide on the letters alone.
        if n_fa_ur == 0:
            return "ar"
        return "ur" if _URDU_LETTERS_RE.search(text) else "fa"
    lang, _ = detect_restricted(_arabic_words(text))
    return lang if lang != "und" else "ar"


# English names of the Arabic-script languages, as prose names the language of a word it quotes.
_LANGUAGE_NAMES = {
    "arabic": "ar",
    "persian": "fa",
    "farsi": "fa",
    "dari": "fa",
    "urdu": "ur",
    "pashto": "ps",
    "pashtu": "ps",
    "kurdish": "ckb",
    "sorani": "ckb",
    "sindhi": "sd",
    "uyghur": "ug",
    "uighur": "ug",
    "kashmiri": "ks",
    "balochi": "bal",
    "baluchi": "bal",
}
# A language name followed by at most four more words (or a quoted transliteration) and then the end
# of the English: 'the Persian "kitab" ', 'the Urdu word ', 'in Farsi: '.
_NAMED_LANGUAGE_RE = re.compile(
    r"\b(?P<name>" + "|".join(_LANGUAGE_NAMES) + r")\b(?:[\s,:]+(?:[\"“‘'][^\"”’']{1,30}[\"”’']|[A-Za-z'’-]+)){0,4}"
    r"[\s,:(\-–—]*$",
    re.IGNORECASE,
)


def named_language(before: str) -> str | None:
    """The Arabic-script language that English prose names right before a word it quotes (``the Persian
    word …``, ``in Urdu:``), or None. ``before`` is the text of the clause up to the word."""
    tail = before[-80:]
    low = tail.lower()
    if not any(name in low for name in _LANGUAGE_NAMES):
        return None
    # The name nearest the word wins ('Persian and Arabic words like' names Arabic).
    m = next((m for i in range(len(tail), -1, -1) if (m := _NAMED_LANGUAGE_RE.match(tail, i))), None)
    return _LANGUAGE_NAMES[m.group("name").lower()] if m else None


def _arabic_words(text: str) -> str:
    """The text reduced to its Arabic-script words, space separated (what langdetect should see)."""
    return " ".join(_ARABIC_WORD_RE.findall(text))


# Arabic written in Latin letters with digits for the sounds Latin lacks (Arabizi: 3 ع, 7 ح, 2 ء, 5 خ, 9 ق).
ARABIZI = "ar-Latn"
# Transliterations come line by line beside their Arabic; a longer Latin text is not checked.
ARABIZI_MAX_LETTERS = 250
_LATIN = "A-Za-z\u00c0-\u024f"
_LETTER_DIGIT_RE = re.compile(rf"[{_LATIN}][23579]|[23579][{_LATIN}]")
_ARABIZI_WORD_RE = re.compile(rf"\w*[{_LATIN}][23579]\w*|[23579][{_LATIN}]\w*")
_WORD_TAIL_RE = re.compile(r"\w*")
_TRANSLIT_ARTICLE_RE = re.compile(r"\b(?:el|al|il|bi|wa|fi|ya|l)-\w", re.IGNORECASE)
_ACCENTED_RE = re.compile("[áéíóúâêîôûàèìòù]")


def _arabizi_words(text: str) -> int:
    """``len(_ARABIZI_WORD_RE.findall(text))`` without the regex's quadratic backtracking inside long words:
    each match runs to the end of the word that holds a letter-digit pair, so count those word ends.
    (× and ÷ fall inside the Latin range but are not word characters: a match may run across them.)"""
    if "×" in text or "÷" in text:
        return len(_ARABIZI_WORD_RE.findall(text))
    return len({_WORD_TAIL_RE.match(text, m.end()).end() for m in _LETTER_DIGIT_RE.finditer(text)})  # type: ignore[union-attr]


def is_arabizi(text: str) -> bool:
    """Arabic transliterated with digits: at least two words, and a quarter of the words, mix letters with
    the digits 2 3 5 7 9 (``El-2erd bi-3yún``, ``7abibi``), which English words almost never do."""
    hits = _arabizi_words(text)
    if hits >= 2 and hits >= 0.25 * len(text.split()):
        return True
    # One such word in a short line, with the marks of a transliteration: an article joined by a hyphen
    # (el-akh, bi-3yun) or vowels with accents (bshúfo). ("Time: 2pm in Jisr al-Uyghur" is English.)
    return (
        hits == 1
        and len(text.split()) <= 6
        and (_TRANSLIT_ARTICLE_RE.search(text) is not None or len(_ACCENTED_RE.findall(text)) >= 2)
    )


def latin_language(text: str, n_latin: int) -> str:
    """``en`` unless the Latin segment is Arabizi (``ar-Latn``) or a long one clearly in another language."""
    if (
        n_latin <= ARABIZI_MAX_LETTERS
        and ("3" in text or "7" in text or "2" in text or "5" in text or "9" in text)
        and _LETTER_DIGIT_RE.search(text) is not None
        and is_arabizi(text)
    ):
        return ARABIZI
    if n_latin < LATIN_CHECK_MIN_LETTERS:
        return "en"
    words = ascii_words(text[:300])
    if not words or sum(map(FUNCTION_WORD_BYTES.__contains__, words)) >= 0.12 * len(words):
        return "en"
    lang, prob = _detect_any(NON_LINGUISTIC_RE.sub(" ", text))
    return lang if lang not in ("und",) and prob >= 0.9 else "en"


def detect_language(text: str, counts: tuple[int, int, int, int, int] | None = None) -> str:
    """Language code of a segment: ar/fa/ur, en (or another Latin-script language), mixed, or und.

    ``counts`` may pass the :func:`~bilingual.script.letter_profile` of ``text`` when already known.
    """
    profile = counts if counts is not None else letter_profile(text)
    n_ar, n_la, n_other = profile[:3]
    total = n_ar + n_la + n_other
    if total == 0:
        return "und"
    minority = min(n_ar, n_la)
    if minority >= MIXED_MIN_LETTERS and minority / total >= MIXED_SHARE:
        return "mixed"
    if n_other > n_ar + n_la:
        return "und"
    if n_ar >= n_la:
        return arabic_script_language(text, profile)
    return latin_language(text, n_la)
