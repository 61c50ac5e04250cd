"""Partial renderings: the part of an Arabic post that its English leaves out, trimmed off the pair.

Two shapes are common on real pages. A post opens or closes with a campaign hashtag that the English
does not carry (``#نصائح_للجيران لا تثقوا في وعود الجيش`` → "Do not trust the army's
promises"); and the page cuts the English off, so the post's last clauses have no English at all. A
hashtag at either end, or (when the English stops without closing punctuation) a clause at the end,
whose words have no gloss and no name in the English is taken off the Arabic span, and the pair's kind
becomes ``partial``. Nothing is trimmed when every piece has some evidence, or when too little would
be left.
"""

from __future__ import annotations

import re
from typing import Any

from bilingual.align.gloss import _ar_words, _lexical, _names
from bilingual.script import last_visible

_HASHTAG_RE = re.compile(r"#[\w\u0600-\u06ff]+")
_CLAUSE_END_RE = re.compile(r"(?:\.{2,}|…|[.!?؟،,:;])+\s*")
MIN_KEPT = 0.3  # never keep less than this share of the Arabic


def _evidence(piece: str, en: str, lexicon: Any) -> bool:
    words = _ar_words(piece)
    if not words:
        return True  # nothing to judge (digits, emoji): keep
    lex_ar, _, _ = _lexical(words, en, lexicon)
    return lex_ar > 0 or _names(words, en) > 0


def _trim(s: int, e: int, text: str) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in ".،,:;…-–"):
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def trim_unrendered(text: str, ar: tuple[int, int], en: tuple[int, int], lexicon: Any) -> tuple[int, int]:
    """The Arabic span without the hashtags at its ends, and (when the English is cut off) the clauses at
    its end, that the English does not render; ``ar`` unchanged when nothing is to be trimmed."""
    if lexicon is None:
        return ar
    s, e = ar
    en_text = text[en[0] : en[1]]
    length = e - s
    # hashtags at the start
    while True:
        m = _HASHTAG_RE.match(text, s, e)
        if m is None or _evidence(m.group(), en_text, lexicon):
            break
        ns, ne = _trim(m.end(), e, text)
        if ne - ns < MIN_KEPT * length:
            break
        s, e = ns, ne
    # hashtags at the end
    while True:
        tags = list(_HASHTAG_RE.finditer(text, s, e))
        if not tags or tags[-1].end() != e or _evidence(tags[-1].group(), en_text, lexicon):
            break
        ns, ne = _trim(s, tags[-1].start(), text)
        if ne - ns < MIN_KEPT * length:
            break
        s, e = ns, ne
    # clauses at the end, when the page cut the English off
    if last_visible(en_text) not in ".!?؟\"”'’)»":
        while True:
            cuts = [m for m in _CLAUSE_END_RE.finditer(text, s, e) if m.end() < e]
            if not cuts:
                break
            last = cuts[-1]
            if _evidence(text[last.end() : e], en_text, lexicon):
                break
            ns, ne = _trim(s, last.start(), text)
            if ne - ns < MIN_KEPT * length:
                break
            e = ne
    return (s, e)
