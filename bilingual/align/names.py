"""Name evidence: light English stems and word prefixes (the consonant skeletons live in
:mod:`bilingual.skeleton`, shared with the segmenter)."""

from __future__ import annotations

from functools import lru_cache

from bilingual.align.text import _AYN_MARKS


@lru_cache(maxsize=1 << 16)
def _en_stem(w: str) -> str:
    """A light suffix-stripping stem, applied to English words and to gloss words alike."""
    w = w.lower().strip("'’-" + _AYN_MARKS)
    for suf in ("ations", "ation", "ments", "ment", "ings", "ing", "ness", "ies", "ied", "ed", "es", "ly", "s"):
        if len(w) > len(suf) + 2 and w.endswith(suf):
            return w[: -len(suf)] + ("y" if suf in ("ies", "ied") else "")
    return w


def _near(word: str) -> str:
    """The prefix two words must share to count as one word in two forms (justify, justification)."""
    return word[: max(5, len(word) - 2)]


def _prefixes(words: frozenset[str] | set[str]) -> frozenset[str]:
    """Every prefix of three letters or more of the words (so die/died and injur/injuries meet)."""
    return frozenset().union(*map(_word_prefixes, words))


@lru_cache(maxsize=1 << 16)
def _word_prefixes(w: str) -> tuple[str, ...]:
    return tuple(w[:k] for k in range(3, len(w) + 1))
