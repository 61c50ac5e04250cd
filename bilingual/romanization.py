"""Latin lines that sound out the Arabic beside them: a lyrics page's transcription line under each verse
(``W el nas tisarrekh, nas tisâre3`` under والناس تصرخ .. ناس تسارع), a phrase table's pronunciation
column (``6aali3!`` beside طالع!). They are Arabic written in Latin letters, not English.

The test compares consonant skeletons (:mod:`bilingual.skeleton`) word by word, after reading the digits
that chat alphabets use for the sounds Latin lacks (2 ء or ق, 3 ع, 5 خ, 6 ط, 7 ح, 8 غ, 9 ق) and dropping
accents and dots (``ṭ``, ``â``)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bilingual.lang import FUNCTION_WORD_BYTES, ascii_words
from bilingual.normalization import normalize
from bilingual.skeleton import ar_skeleton, en_skeleton, skeleton_variants

__all__ = ["MAX_ROMANIZED_LINE", "looks_transliterated", "romanizes"]

# Longest line taken for a transcription (a verse or a table cell, not prose).
MAX_ROMANIZED_LINE = 300
_LATIN_TOKEN_RE = re.compile(r"[0-9A-Za-z\u00c0-\u024f\u1e00-\u1eff'’]+")
_ARABIC_WORD_RE = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")
# The chat alphabet's digits, as the consonants en_skeleton knows (2 and 3 are hamza and ayn: no consonant).
# 7 becomes a letter of its own (ħ, read back as h) so that ``s7`` is not taken for the digraph ``sh``.
_DIGITS = str.maketrans({"2": "", "3": "", "5": "x", "6": "t", "7": "ħ", "8": "g", "9": "q"})
_CHAT_DIGIT_RE = re.compile(r"[A-Za-z\u00c0-\u024f][235679]|[235679][A-Za-z\u00c0-\u024f]")
# English words that a transcription of Arabic does not contain; two of them make a line English: the
# language detector's function words, less those a chat word splits into at its digits (a2ool: a, ool;
# in sha2 allah), and a few more pronouns and verbs.
_ENGLISH = (
    FUNCTION_WORD_BYTES - {b"a", b"an", b"in", b"as", b"we", b"one", b"two", b"new", b"all", b"more", b"over"}
) | {b"your", b"my", b"me", b"what", b"where", b"can", b"could", b"am", b"is", b"are"}


# The commonest of them, space-delimited: a quick first test (two of them make a line English as well).
_FREQUENT = (" the ", " of ", " and ", " to ", " is ", " for ", " on ", " that ", " with ", " was ", " it ", " you ")
# An article or preposition written joined to its word (``bilqisti``, ``walnas``), and a case ending (the
# tanween of ``qa'iman``): the Arabic skeleton leaves both out.
_JOINED_ARTICLES = ("wal", "wel", "bil", "bel", "fil", "fel", "lil", "lel", "al", "el", "il")
_CASE_ENDINGS = ("an", "un", "in")


def _is_english(text: str) -> bool:
    """Two of :data:`_ENGLISH`'s words (occurrences) in ``text``: English, not Arabic in Latin letters."""
    padded = f" {text.lower()} "
    if sum(w in padded for w in _FREQUENT) >= 2:  # most English stops here, after a few substring tests
        return True
    return sum(map(_ENGLISH.__contains__, ascii_words(text))) >= 2


@lru_cache(maxsize=4096)
def _latin_skeletons(token: str) -> frozenset[str]:
    """The skeletons one romanized word may stand for: as written, without a joined article or a case
    ending, with a 2 read as hamza or qaf, and a ``g`` as ق as well as ج (Gulf and Egyptian spellings)."""
    plain = "".join(c for c in unicodedata.normalize("NFD", token.lower()) if not unicodedata.combining(c))
    plain = plain.replace("’", "").replace("'", "")
    # A 2 is a hamza, or in Cairo a qaf (2amar for قمر).
    forms = {plain.translate(_DIGITS), plain.replace("2", "q").translate(_DIGITS)}
    forms |= {f[len(a) :] for f in forms for a in _JOINED_ARTICLES if f.startswith(a) and len(f) - len(a) >= 3}
    forms |= {f[:-1] for f in forms if f.endswith(_CASE_ENDINGS) and len(f) >= 5}
    sks = {en_skeleton(f).replace("ħ", "h") for f in forms}
    return frozenset(sks | {sk.replace("j", "k") for sk in sks}) if "g" in plain else frozenset(sks)


@lru_cache(maxsize=64)  # a block is compared with the lines on both sides of it
def _arabic_skeletons(arabic: str) -> tuple[frozenset[str], ...]:
    """Each Arabic word of ``arabic`` (in order, repeats included) as its skeleton's one-letter variants;
    words of fewer than two consonants left out."""
    words = _ARABIC_WORD_RE.findall(normalize(arabic, "search"))
    return tuple(skeleton_variants(sk) for w in words if len(sk := ar_skeleton(w)) >= 2)


# Words that join a name rather than spell an Arabic word out ("Mohammed bin Salman").
_NAME_PARTICLES = frozenset("bin ibn bint ben abu abou al el ould".split())


def romanizes(latin: str, arabic: str) -> bool:
    """True when the Latin line ``latin`` transcribes the Arabic text ``arabic``: at least two of its words
    of two consonants or more (one, holding a chat digit, when it has only one) each sound out a different
    Arabic word of it, they are at least half of such words and a third of the Arabic's words; and it
    holds fewer than two common English words. Capitalised words past the first (names) and name
    particles (bin, abu) count neither way; a capitalised first word counts when it sounds a word out."""
    if len(latin) > MAX_ROMANIZED_LINE:
        return False
    if _is_english(latin):
        return False
    tokens = _LATIN_TOKEN_RE.findall(latin)
    ar = _arabic_skeletons(arabic)
    if not ar:
        return False
    free = list(range(len(ar)))  # Arabic words not yet sounded out: each is matched once
    long_words = matched = 0
    for n, t in enumerate(tokens):
        if (n and t[:1].isupper()) or t.isdigit() or t.lower() in _NAME_PARTICLES:
            continue
        sks = [sk for sk in _latin_skeletons(t) if len(sk) >= 2]
        if not sks:
            continue
        variants = frozenset().union(*map(skeleton_variants, sks))
        hit = next((j for j in free if not variants.isdisjoint(ar[j])), None)
        if hit is None and t[:1].isupper():
            continue  # a capitalised first word counts for the line when it sounds a word out, never against
        long_words += 1
        if hit is not None:
            free.remove(hit)
            matched += 1
    if long_words == 1:
        return matched == 1 and len(tokens) == 1 and _CHAT_DIGIT_RE.search(latin) is not None
    # Half the Latin words, and a third of the Arabic ones: a short line beside a long unrelated paragraph
    # finds a word or two to sound out anywhere.
    return matched >= 2 and 2 * matched >= long_words and 3 * matched >= len(ar)


# Marks of a scholarly or learner's transliteration, which English words do not carry. The signs for ayn
# and hamza, between letters or opening a word (not an apostrophe: o'clock, Shi'a):
_TRANSLIT_SIGN_RE = re.compile(r"(?<=\w)[ʿʾ‘`](?=\w)|^[ʿʾ](?=\w)")
# the dot or line of ḥ ṭ ṣ ḍ ẓ ġ ṯ, ā ī ū (combining marks after NFD):
_TRANSLIT_MARKS = frozenset("\u0323\u0307\u0304\u0331\u032e\u0306")
# 'oTTa, miġammaDa: an emphatic consonant (ط ض ص ظ ح) written as a capital inside a lower-case word.
_INNER_CAPITAL_RE = re.compile(r"^[^A-Z]*[a-z][TDSZH](?=[a-zTDSZH])")
# A chat word: lower-case letters with single digits among them, a vowel, three letters or more (7abibi,
# ma3aya, sare7); not a model number or a unit (G20, 3D, MP3, 5G, covid19).
_CHAT_WORD_RE = re.compile(r"(?=[a-z0-9]*[aeiou])(?=(?:[0-9]*[a-z]){3})[a-z]*(?:[235679](?![0-9])[a-z]*)+")
_WORD_EDGE = "\"'“”‘’«»()[]{}.,;:!?…-–—"


def _marked(word: str) -> bool:
    """A word that carries a transliteration's marks: a hamza or ayn sign (ʿ ʾ ‘), a dotted or barred
    letter (ḥ ṭ ġ ā), a chat digit, or an emphatic consonant's capital after a lower-case letter in a word
    that starts in lower case (not a brand's: iPhone). Quotation marks and punctuation around the word do
    not count."""
    word = word.strip(_WORD_EDGE)
    if not word:
        return False
    if _TRANSLIT_SIGN_RE.search(word):
        return True
    if _CHAT_WORD_RE.fullmatch(word[:1].lower() + word[1:]) and any(c.isdigit() for c in word):
        return True  # Ma3lesh as well as ma3lesh
    if any(c in _TRANSLIT_MARKS for c in unicodedata.normalize("NFD", word)):
        return True
    return word[:1].islower() and _INNER_CAPITAL_RE.match(word) is not None


def looks_transliterated(text: str) -> bool:
    """True when at least half of the words of ``text`` bear a transliteration's marks (``zayy il-'oTTa
    l-miġammaDa``, ``ʿalā waladī``), and it holds fewer than two common English words: Arabic spelled in
    Latin letters, whatever Arabic stands beside it."""
    words = text.split()
    if not words or _is_english(text):
        return False
    return 2 * sum(map(_marked, words)) >= len(words)
