"""Character classes for Arabic and Latin script, letter counts, and script runs inside a span."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import numpy as np

__all__ = [
    "ANY_LETTER_RE",
    "ARABIC_LETTER",
    "ARABIC_LETTER_RE",
    "ARABIC_MARKS",
    "ARABIC_ONLY_LETTERS",
    "ARABIC_SCRIPT",
    "FA_UR_LETTERS",
    "LATIN_LETTER",
    "LATIN_LETTER_RE",
    "LATIN_MARKS",
    "NON_LINGUISTIC_RE",
    "class_code_points",
    "has_arabic",
    "last_visible",
    "letter_counts",
    "letter_profile",
    "rstrip_invisible",
    "script_runs",
    "visible_end",
]


# Arabic-script letters: the Arabic, Arabic Supplement, Extended-A blocks and the presentation forms
# (tatweel U+0640, diacritics, digits and punctuation are not letters).
ARABIC_LETTER = (
    "\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
    "\u0750-\u077f\u08a0-\u08c9\ufb50-\ufbb1\ufbd3-\ufd3d\ufd50-\ufdc7\ufdf0-\ufdfb"
    "\ufe70-\ufe74\ufe76-\ufefc"
)
# Everything that belongs to the Arabic script at all (letters, marks, digits, punctuation, forms). It
# stops at U+FEFC, the last presentation form: U+FEFF is the byte-order mark (zero-width no-break space).
ARABIC_SCRIPT = "\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufefc"
LATIN_LETTER = "A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"

ARABIC_LETTER_RE = re.compile(f"[{ARABIC_LETTER}]")
LATIN_LETTER_RE = re.compile(f"[{LATIN_LETTER}]")
ANY_LETTER_RE = re.compile(r"[^\W\d_]")

# URLs, @handles and #hashtags carry no evidence of the language a segment is written in.
NON_LINGUISTIC_RE = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+|[@#][\w\u0600-\u06ff]+", re.IGNORECASE)

# URLs and @handles alone (what is left of NON_LINGUISTIC_RE without hashtags).
_LINKS_RE = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+|@[\w\u0600-\u06ff]+", re.IGNORECASE)

# A script run: from a letter of one script to the last letter of that script before the other
# script's next letter (neutral characters between two letters of the same script belong to it).
# A run keeps the combining marks (and tatweel) that follow its last letter: a letter and its marks are
# one character to a reader ('الإحْسَانِ' ends with a kasra, 'café' may end with U+0301).
ARABIC_MARKS = "\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u08d3-\u08ff"
LATIN_MARKS = "\u0300-\u036f"
_AR_RUN_RE = re.compile(f"[{ARABIC_LETTER}](?:[^{LATIN_LETTER}]*[{ARABIC_LETTER}])?[{ARABIC_MARKS}]*")
_LA_RUN_RE = re.compile(f"[{LATIN_LETTER}](?:[^{ARABIC_LETTER}]*[{LATIN_LETTER}])?[{LATIN_MARKS}]*")


# Letters Arabic writes and Persian/Urdu normally write otherwise (ي ك ة ى), and letters Persian/Urdu
# write that Arabic does not.
ARABIC_ONLY_LETTERS = "\u064a\u0643\u0629\u0649"
FA_UR_LETTERS = "\u067e\u0686\u0698\u06af\u06a9\u06cc\u0679\u0688\u0691\u06ba\u06be\u06c1\u06c3\u06d2\u06d3"
_CLASS_TABLE: dict[int, str | None] | None = None


def class_code_points(char_class: str) -> list[int]:
    """Code points of a regex character class body made of characters and ``x-y`` ranges."""
    out: list[int] = []
    i = 0
    while i < len(char_class):
        if i + 2 < len(char_class) and char_class[i + 1] == "-":
            out.extend(range(ord(char_class[i]), ord(char_class[i + 2]) + 1))
            i += 3
        else:
            out.append(ord(char_class[i]))
            i += 1
    return out


def _class_table() -> dict[int, str | None]:
    """Map every BMP character to its letter class: a/A/F (Arabic script), l (Latin), o (other), else deleted."""
    global _CLASS_TABLE
    if _CLASS_TABLE is None:
        # Built from the classes' ranges (10 ms), not by matching each of the 65,536 characters (100 ms).
        table: dict[int, str | None] = dict.fromkeys(range(0x10000))
        table.update((cp, "o") for cp in range(0x10000) if chr(cp).isalpha())
        table.update((cp, "l") for cp in class_code_points(LATIN_LETTER))
        table.update((cp, "a") for cp in class_code_points(ARABIC_LETTER))
        table.update((ord(ch), "F") for ch in FA_UR_LETTERS)
        table.update((ord(ch), "A") for ch in ARABIC_ONLY_LETTERS)
        _CLASS_TABLE = table
    return _CLASS_TABLE


# Letter classes as small integers (0: not a letter) in a numpy table over the BMP, for long texts.
_CLASS_CODES = {"a": 1, "l": 2, "o": 3, "A": 4, "F": 5}
_NUMPY_MIN_CHARS = 64
_CLASS_ARRAY: np.ndarray | None = None
_ASCII_LETTERS = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))


def _class_array() -> np.ndarray:
    """:func:`_class_table` as a numpy array indexed by code point."""
    global _CLASS_ARRAY
    if _CLASS_ARRAY is None:
        array = np.zeros(0x10000, dtype=np.uint8)
        for cp, cls in _class_table().items():
            if cls is not None:
                array[cp] = _CLASS_CODES[cls]
        _CLASS_ARRAY = array
    return _CLASS_ARRAY


def letter_profile(text: str) -> tuple[int, int, int, int, int]:
    """(Arabic-script, Latin, other, Arabic-only, Persian/Urdu-only) letter counts of ``text``,
    after removing URLs, @handles and #hashtags. One C-speed pass (bytes for ASCII, numpy for long texts,
    ``str.translate`` otherwise)."""
    if "http" in text or "@" in text or "#" in text or "www." in text or "pic." in text:
        stripped = NON_LINGUISTIC_RE.sub(" ", text)
        # Text that is nothing but hashtags (and links) is written in its hashtags' letters.
        text = stripped if "#" not in text or ANY_LETTER_RE.search(stripped) else _LINKS_RE.sub(" ", text)
    if text.isascii():
        # ASCII letters are all Latin: count them by deleting them from the bytes (one C pass).
        return (0, len(text) - len(text.encode("ascii").translate(None, _ASCII_LETTERS)), 0, 0, 0)
    if len(text) >= _NUMPY_MIN_CHARS:
        # str.translate looks each non-ASCII character up in a dict (about 40 ns each); a table lookup
        # over the code points in numpy costs a fixed 2-3 us instead.
        utf16 = text.encode("utf-16-le", "surrogatepass")
        if len(utf16) == 2 * len(text):  # no character beyond the BMP: one code unit per character
            n = np.bincount(_class_array()[np.frombuffer(utf16, dtype="<u2")], minlength=6).tolist()
            return (n[1] + n[4] + n[5], n[2], n[3], n[4], n[5])
    return _profile_by_table(text)


def _profile_by_table(text: str) -> tuple[int, int, int, int, int]:
    """The letter counts of :func:`letter_profile` (links already removed) by ``str.translate`` through
    :func:`_class_table`: the definition its faster paths for ASCII and long texts must agree with."""
    classes = text.translate(_class_table())
    n_a_only, n_fa_ur = classes.count("A"), classes.count("F")
    return (
        classes.count("a") + n_a_only + n_fa_ur,
        classes.count("l"),
        # Letters outside the BMP are not in the table and pass through unchanged; count them as "other".
        classes.count("o") + (0 if classes.isascii() else sum(1 for c in classes if c > "\uffff" and c.isalpha())),
        n_a_only,
        n_fa_ur,
    )


def letter_counts(text: str) -> tuple[int, int, int]:
    """Return (Arabic-script, Latin, other) letter counts of ``text`` after removing URLs, handles and hashtags."""
    return letter_profile(text)[:3]


def visible_end(text: str) -> int:
    """Where ``text`` ends without trailing white space and invisible format marks (RLM, LRM, ZWJ, bidi
    isolates…)."""
    end = len(text)
    while end > 0 and (text[end - 1].isspace() or unicodedata.category(text[end - 1]) == "Cf"):
        end -= 1
    return end


def rstrip_invisible(text: str) -> str:
    """``text`` without trailing white space and invisible format marks (RLM, LRM, ZWJ, bidi
    isolates…): scraped Arabic often closes "….\u200f", and the mark hides how the line ends."""
    return text[: visible_end(text)]


def last_visible(text: str) -> str:
    """The last character of ``text`` that is neither white space nor an invisible format mark.
    Empty if there is none."""
    end = visible_end(text)
    return text[end - 1 : end]


def has_arabic(text: str) -> bool:
    """True if ``text`` holds at least one Arabic-script letter."""
    return ARABIC_LETTER_RE.search(text) is not None


def script_runs(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, script)`` runs of ``"arabic"`` / ``"latin"`` letters in ``text[start:end]``.

    Runs never overlap and are trimmed to letters at both ends (a last letter keeps the combining marks
    that follow it); neutral characters between runs of different scripts belong to neither.
    """
    end = len(text) if end is None else end
    runs: list[tuple[int, int, str]] = []
    for m in _AR_RUN_RE.finditer(text, start, end):
        runs.append((m.start(), m.end(), "arabic"))
    for m in _LA_RUN_RE.finditer(text, start, end):
        runs.append((m.start(), m.end(), "latin"))
    runs.sort()
    # An Arabic run may span neutrals that a Latin run also spans only if they interleave, which the
    # two complementary classes exclude; sorting is enough.
    yield from runs
