"""Consonant skeletons: an Arabic word and its Latin spelling (a name, a transliteration, a romanized
line) reduced to comparable consonants (محمد and Mohamed both ``mhmd``), with one-letter variants."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from bilingual.normalization import normalize

__all__ = ["ar_skeleton", "arabic_skeleton_set", "drop_final_h", "en_skeleton", "set_variants", "skeleton_variants"]


_SKELETON_AR = str.maketrans(
    {
        "ب": "b",
        "ت": "t",
        "ث": "t",
        "ج": "j",
        "ح": "h",
        "خ": "k",
        "د": "d",
        "ذ": "d",
        "ر": "r",
        "ز": "z",
        "س": "s",
        "ش": "s",
        "ص": "s",
        "ض": "d",
        "ط": "t",
        "ظ": "z",
        "غ": "g",
        "ف": "f",
        "ق": "k",
        "ك": "k",
        "ل": "l",
        "م": "m",
        "ن": "n",
        "ه": "h",
        "پ": "b",
        "چ": "j",
        "گ": "g",
        "ڤ": "f",
        "ع": None,
        "ا": None,
        "أ": None,
        "إ": None,
        "آ": None,
        "ء": None,
        "ؤ": None,
        "ئ": None,
        "ى": None,
        "ي": None,
        "و": None,
        "ة": None,
    }
)
_EN_DIGRAPHS = (("th", "t"), ("sh", "s"), ("kh", "k"), ("gh", "g"), ("dh", "d"), ("ph", "f"), ("ch", "j"))
_EN_SKELETON = str.maketrans(
    {
        "q": "k",
        "c": "k",
        "x": "k",
        "v": "f",
        "p": "b",
        "g": "j",
        "a": None,
        "e": None,
        "i": None,
        "o": None,
        "u": None,
        "y": None,
        "w": None,
        "'": None,
        "’": None,
        "`": None,
        "ʿ": None,
        "ʾ": None,
        "‘": None,
    }
)


def _dedupe(s: str) -> str:
    out: list[str] = []
    for c in s:
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def ar_skeleton(word: str) -> str:
    """Consonant skeleton of an Arabic name (al- and clitics dropped, doubled letters once): الخزعلي → kzl."""
    for p in ("وال", "بال", "فال", "كال", "لل", "ال"):  # only the article: ب ك ل of بغداد كوفاسيتش are the name's
        if word.startswith(p) and len(word) - len(p) >= 2:
            word = word[len(p) :]
            break
    return _dedupe(word.translate(_SKELETON_AR).replace("g", "j"))


def drop_final_h(sk: str) -> str:
    """A final h off an Arabic skeleton (teh marbuta: فاطمة → ftm, as Fatima), as en_skeleton does."""
    return sk[:-1] if len(sk) > 2 and sk.endswith("h") else sk


@lru_cache(maxsize=1 << 16)
def en_skeleton(word: str) -> str:
    """Consonant skeleton of an English name (al-/el- dropped, doubled letters once, a final -h and a silent
    initial h dropped): al-Khazali → kzl, Hurairah → rr → r... compared with the Arabic the same way."""
    w = word.lower()
    if w.endswith(("'s", "’s")) and len(w) >= 6:  # the possessive: Mubarak's is Mubarak (not Ra's)
        w = w[:-2]
    for p in ("al-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "at-"):
        if w.startswith(p):
            w = w[len(p) :]
    for a, b in _EN_DIGRAPHS:
        w = w.replace(a, b)
    s = _dedupe("".join(c for c in w.translate(_EN_SKELETON) if c.isalpha()))
    if len(s) > 2 and s.endswith("h"):
        s = s[:-1]
    return s


@lru_cache(maxsize=65536)  # called per candidate pair with the same unit's skeletons (a pure function)
def set_variants(skeletons: frozenset[str]) -> frozenset[str]:
    """Skeletons and, for those of four letters or more, every one-letter deletion: two skeletons at
    edit distance one (a letter more, or a letter different) share a variant."""
    return frozenset().union(*map(skeleton_variants, skeletons))


@lru_cache(maxsize=1 << 16)
def skeleton_variants(sk: str) -> frozenset[str]:
    """One skeleton's :func:`set_variants` (memoised: every candidate of a document asks for the same ones)."""
    if len(sk) < 4:
        return frozenset((sk,))
    return frozenset((sk, *(sk[:i] + sk[i + 1 :] for i in range(len(sk)))))


def arabic_skeleton_set(words: Iterable[str]) -> frozenset[str]:
    """The skeletons of Arabic ``words`` (normalised for search; two consonants or more) with their
    one-letter variants: what a Latin word is compared with."""
    return set_variants(frozenset(sk for w in words if len(sk := ar_skeleton(normalize(w, "search"))) >= 2))
