"""Inline units: Arabic written inside English sentences (a hashtag, a quoted or parenthesised phrase),
and the short English spans around each that may gloss it.

An inline unit is an Arabic-script ``run`` segment of a block that is not itself Arabic. Its gloss
candidates come from the shapes English writers use, each tagged with the generator that made it:

- ``paren_after``: ``#وسم (English)`` — the bracketed text after it (and that text up to its first comma);
- ``paren_around``: ``“English” (#وسم)`` or ``English (#وسم)`` — the quotation or the words before the bracket;
- ``trigger``: ``#وسم, which translates as “English”`` / ``meaning English`` / ``reads English``;
- ``words_before`` / ``words_after``: the 1–8 words right next to it in the same clause (``at times of
  war وقت الحرب``, ``Save water #وفروا_الماء``, ``شاركوا الآن … Share this now``), a Latin
  hashtag standing next to it counting as one word (``#No_to_war #لا_للحرب``);
- ``run_before`` / ``run_after``: the whole English of the line up to it or from it, across commas and
  dashes, when short (a title given in both languages: ``Umm Kulthum - You Are My Lifeأم كلثوم - أنت عمري``),
  unless the Arabic is quoted inside English prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bilingual.align.text import _EN_STOP, MEANING_WORDS, RENDERING_LABEL
from bilingual.align.units import is_arabic_block
from bilingual.lang import ARABIC_SCRIPT_LANGS
from bilingual.model import Document
from bilingual.script import ARABIC_LETTER, ARABIC_LETTER_RE, letter_counts

MAX_GLOSS_WORDS = 8
# Longest English run of a line (around its Arabic) taken whole as a candidate.
MAX_RUN_WORDS = 12
# How far (characters) a trigger phrase or bracket may stand from the Arabic.
NEAR = 40
_WORD_RE = re.compile(r"#?[A-Za-z0-9\u00c0-\u024f][\w'’\u00c0-\u024f-]*(?:[.,]\d+)?")
_CLAUSE_STOP = re.compile(rf"[.;:!?()\[\]{{}}\"“”«»|—–\n\r{ARABIC_LETTER}]")
_TRIGGER_RE = re.compile(
    r"\s*,?\s*(?:which|that|and|or)?\s*(?:roughly\s+|literally\s+|loosely\s+)?"
    r"(?P<trigger>(?:translat\w*(?:\s+(?:in)?to|\s+as)?|means?|meaning|meant|reads?|reading|"
    r"stands?\s+for|literally|or)\b|i\.\s?e\.|lit\.)\s*[:,]?\s*",
    re.IGNORECASE,
)
# A quotation mark that is no apostrophe inside a word (don't, Ba'ath).
_STRAY_QUOTE_RE = re.compile(r"[“”\"«»]|(?<![A-Za-z])['‘’]|(?<![sS])['‘’](?![A-Za-z])")  # workers' union: a possessive
# The noun that announces the Arabic right after it, at the end of the words before it.
_INTRO_NOUN_RE = re.compile(
    r"\b(?:word|words|phrase|term|expression|hashtag|hashtags|slogan|saying|proverb|idiom|name|tag|chant)\W*$",
    re.IGNORECASE,
)
# What links an English word named first to the Arabic after it: '“necktie,” which is رباط', '“bed”, or فراش'
# (a bare 'or' joins two alternatives: '“stay home” or “ارحل”'), 'leave' - 'ارحل'.
_LINK_WORDS = (
    r"[,;]?\s*\b(?:(?:which|that)\s+is|is|i\.\s?e\.,?|(?:(?:is|are|was|were)\s+)?(?:called|known\s+as)|"
    r"in\s+Arabic(?:\s+is)?)|\s*[:=–—]|\s-"
)
_LINK_BEFORE_RE = re.compile(rf"(?:{_LINK_WORDS}|(?:(?<=,)|(?<=,['’\"”]))\s*or)\s*$", re.IGNORECASE)
_LINK_BEFORE_BARE_RE = re.compile(rf"(?:{_LINK_WORDS}|\s*\bor)\s*$", re.IGNORECASE)  # before a bare Arabic word
# Words before the Arabic that end in a link word: no gloss ("it 'the bed' or", "which is"). ('The 1001
# Nights are called ألف ليلة وليلة' keeps its candidate ending in 'called': the gloss model, fitted on
# candidates like it, picks it over the bare 'Nights'.)
_ENDS_IN_LINK_RE = re.compile(r"\b(?:or|which\s+is|that\s+is|i\.\s?e\.)\W*$", re.IGNORECASE)
# A trigger a few words on: 'the word مدرسة for example, meaning school'.
_TRIGGER_NEAR_RE = re.compile(rf"\b(?P<trigger>{MEANING_WORDS})\s*[:,]?\s*", re.IGNORECASE)
_SENTENCE_END_RE = re.compile(r"[.!?…](?=[”\"’»)]*\s+[“\"‘«(]*[A-Z])")
_BASE_LETTER_RE = re.compile("[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]")
_LINK_RE = re.compile(r"https?:|www\.|\.com\b|\.co/|/\w|@\w")
# A rendering label opening the line after the Arabic's, and more labels in it after a wide gap:
# 'في المشمش (fil-mishmish)\nLiterally: In Apricot Season  Meaning: "It'll never happen!"'.
_LABEL_OPENING_RE = re.compile(rf"(?:{RENDERING_LABEL})\s*", re.IGNORECASE)
_LABEL_BELOW_RE = re.compile(rf"(?:(?<=\S\s\s)|(?<=\t))(?:{RENDERING_LABEL})\s*", re.IGNORECASE)
# A footnote or link marker that pages put after a linked word: [1], [23].
_NOTE_MARK_RE = re.compile(r"\s*\[\d{1,3}\]")
_QUOTE_PAIRS = {"“": "”", '"': '"', "‘": "’", "«": "»", "'": "'"}
_CLOSE_QUOTES = "”\"’»'"
_OPEN_QUOTES = "“\"‘«'"


@dataclass(slots=True)
class InlineUnit:
    """An Arabic run inside a non-Arabic block."""

    start: int
    end: int
    segment: int  # the run segment's index
    block: int  # its block's index
    block_span: tuple[int, int]
    position: int  # block position among the document's blocks
    lang: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GlossCandidate:
    """An English span that may gloss an inline unit, and how it was found."""

    start: int
    end: int
    generator: str
    quoted: bool = False
    trigger: bool = False
    distance: int = 0  # characters between the Arabic and the English


def inline_units(doc: Document, block_pos: dict[int, int]) -> list[InlineUnit]:
    """The Arabic-script runs of blocks that are not Arabic themselves (furniture and repeats left out),
    and the Arabic sentences of such blocks; a stretch of Arabic that sentence splitting cut at its
    ``؟`` or ``!`` is one unit."""
    out: list[InlineUnit] = []
    segs = doc.segments
    text = doc.text
    with_runs = {s.parent for s in segs if s.kind == "run"}
    for s in segs:
        if s.parent is None:
            continue
        if s.kind == "run" and s.meta.get("script") == "arabic":
            start, end = s.start, s.end
        elif s.kind == "sentence" and s.lang in ARABIC_SCRIPT_LANGS and s.index not in with_runs:
            # A sentence all in Arabic inside an English block ('… from the back: فين المبتدا يا ماما؟
            # يا ماما!!؟ “Where's the subject, mom? …”') has no runs: its Arabic letters are the unit.
            letters = [m.start() for m in ARABIC_LETTER_RE.finditer(text, s.start, s.end)]
            if not letters:
                continue
            start, end = letters[0], letters[-1] + 1
        else:
            continue
        block = segs[s.parent]
        while block.parent is not None:
            block = segs[block.parent]
        if block.kind in ("furniture", "attribution") or block.duplicate_of is not None:
            continue
        if is_arabic_block(block.text):
            continue  # an Arabic block is a unit of its own (see units.arabic_units)
        if len(_BASE_LETTER_RE.findall(text, start, end)) < 2:
            continue  # a lone letter or a ligature sign (ﷺ after "the Prophet") is no phrase
        prev = out[-1] if out else None
        if prev and prev.block == block.index and prev.lang == s.lang and _continues(text, prev, start):
            prev.end = end  # one Arabic quotation the sentence splitter cut at its ؟ or !
            continue
        out.append(
            InlineUnit(start, end, s.index, block.index, (block.start, block.end), block_pos[block.index], s.lang)
        )
    return out


def _continues(text: str, prev: InlineUnit, start: int) -> bool:
    """Whether the Arabic at ``start`` continues the unit before it, cut by sentence splitting: only
    terminal punctuation and spaces between them, and neither is a hashtag."""
    gap = text[prev.end : start]
    return (
        bool(gap.strip())
        and not gap.strip().strip(".!?؟…")
        and "\n" not in gap
        and not text.startswith("#", prev.start)
        and not text.startswith("#", start)
    )


def _trim(text: str, s: int, e: int, chars: str = " \t,;:") -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in chars):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in chars):
        e -= 1
    return s, e


def _words_before(text: str, lo: int, pos: int) -> list[tuple[int, int]]:
    """Word spans in the clause that ends at ``pos`` (nearest first), back to ``lo`` at most."""
    seg_start = pos
    while seg_start > lo and not _CLAUSE_STOP.match(text[seg_start - 1]):
        seg_start -= 1
    words = [m.span() for m in _WORD_RE.finditer(text, seg_start, pos)]
    return words[::-1][:MAX_GLOSS_WORDS]


def _words_after(text: str, pos: int, hi: int) -> list[tuple[int, int]]:
    """Word spans in the clause that starts at ``pos`` (nearest first), up to ``hi`` at most."""
    seg_end = pos
    while seg_end < hi and not _CLAUSE_STOP.match(text[seg_end]):
        seg_end += 1
    return [m.span() for m in _WORD_RE.finditer(text, pos, seg_end)][:MAX_GLOSS_WORDS]


def _line_run_before(text: str, lo: int, pos: int) -> tuple[int, int]:
    """The span from the previous Arabic letter or line break (or ``lo``) to ``pos``."""
    i = pos
    while i > lo and text[i - 1] not in "\n\r" and not ARABIC_LETTER_RE.match(text[i - 1]):
        i -= 1
    return i, pos


def _line_run_after(text: str, pos: int, hi: int) -> tuple[int, int]:
    """The span from ``pos`` to the next Arabic letter or line break (or ``hi``)."""
    i = pos
    while i < hi and text[i] not in "\n\r" and not ARABIC_LETTER_RE.match(text[i]):
        i += 1
    return pos, i


def _title_runs(text: str, unit: InlineUnit) -> list[tuple[int, int]]:
    """The English runs of the line on either side of ``unit`` of at most :data:`MAX_RUN_WORDS` words (a
    title given in both languages), unless the Arabic is quoted inside English prose: a run that starts
    with the quotation's closing mark, or ends with its opening one ('When paired with “سعودي تويتر,” it
    takes on …'), is the rest of that sentence, no rendering of it."""
    lo, hi = unit.block_span
    out = []
    for span, quote_side, quotes in (
        (_line_run_before(text, lo, unit.start), -1, _OPEN_QUOTES),
        (_line_run_after(text, unit.end, hi), 0, _CLOSE_QUOTES),
    ):
        if not 0 < len(_WORD_RE.findall(text, *span)) <= MAX_RUN_WORDS:
            continue
        edge = text[span[0] : span[1]].strip(" \t,;:#")[quote_side:][:1]
        if (edge and edge in quotes) or _SENTENCE_END_RE.search(text, *span):
            continue  # quoted in prose, or more than one sentence: prose, not a title
        out.append(span)
    return out


def _bracket_after(text: str, pos: int, hi: int) -> tuple[int, int] | None:
    """The inside of a ``( … )`` that opens right after ``pos`` (only spaces, ``#`` or quotes between)."""
    i = pos
    while i < hi and (text[i].isspace() or text[i] in _CLOSE_QUOTES or text[i] == ","):
        i += 1
    if i >= hi or text[i] not in "([":
        return None
    j = text.find(")" if text[i] == "(" else "]", i + 1, min(hi, i + 300))
    return (i + 1, j) if j > i + 1 else None


def _bracket_before(text: str, lo: int, pos: int) -> tuple[int, int] | None:
    """The inside of a ``( … )`` or ``[ … ]`` that closes right before ``pos`` (only spaces between)."""
    i = pos
    while i > lo and (text[i - 1].isspace() or text[i - 1] in "0123456789٠١٢٣٤٥٦٧٨٩"):
        i -= 1
    if i <= lo or text[i - 1] not in ")]":
        return None
    j = text.rfind("(" if text[i - 1] == ")" else "[", max(lo, i - 300), i - 1)
    return (j + 1, i - 1) if j >= 0 and j + 1 < i - 1 else None


def _quoted_before(text: str, lo: int, pos: int) -> tuple[int, int] | None:
    """The inside of a quotation that closes right before ``pos`` (only spaces between)."""
    i = pos
    while i > lo and text[i - 1].isspace():
        i -= 1
    if i <= lo or text[i - 1] not in _CLOSE_QUOTES:
        return None
    close = text[i - 1]
    for op, cl in _QUOTE_PAIRS.items():
        if cl == close:
            j = text.rfind(op, max(lo, i - 300), i - 1)
            if j >= 0:
                return (j + 1, i - 1)
    return None


def _quoted_after(text: str, pos: int, hi: int) -> tuple[int, int] | None:
    """The inside of a quotation that opens right at ``pos`` (after spaces)."""
    i = pos
    while i < hi and (text[i].isspace() or text[i] in ",:"):
        i += 1
    if i >= hi or text[i] not in _QUOTE_PAIRS:
        return None
    j = text.find(_QUOTE_PAIRS[text[i]], i + 1, min(hi, i + 300))
    return (i + 1, j) if j > i + 1 else None


def _token_at(text: str, i: int) -> str:
    """The run of non-space characters around position ``i``."""
    lo, hi = i, i
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return text[lo:hi]


def _has_arabic(text: str) -> bool:
    return letter_counts(text.replace("#", " "))[0] > 0 or bool(re.search(f"[{ARABIC_LETTER}]", text))


def _labelled_below(text: str, hi: int) -> list[tuple[int, int]]:
    """The labelled parts of the line after the one ending at ``hi`` (a blank line may stand between):
    each from its label to the next label or the line's end."""
    pos, lines = hi, 0
    for _ in range(2):
        at = pos
        while at < len(text) and text[at] in " \t":  # white space the line ends with
            at += 1
        nl = at + 1 if text.startswith("\n", at) else at + 2 if text.startswith("\r\n", at) else at
        if nl == at:
            break
        pos, lines = nl, lines + 1
        while pos < len(text) and text[pos] in " \t":
            pos += 1
    if not lines:
        return []
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    first = _LABEL_OPENING_RE.match(text, pos, end)
    if first is None:  # most lines: no label opens them, and the rest of the line is not read
        return []
    labels = [first, *_LABEL_BELOW_RE.finditer(text, first.end(), end)]
    bounds = [m.start() for m in labels[1:]] + [end]
    return [(m.end(), b) for m, b in zip(labels, bounds, strict=True) if b > m.end()]


def gloss_candidates(text: str, unit: InlineUnit) -> list[GlossCandidate]:
    """Every English span near ``unit`` that may gloss it (see the module docstring), without repeats."""
    lo, hi = unit.block_span
    a, b = unit.start, unit.end
    # What follows the Arabic is read past link markers ('the hashtag #شكرا [1], or “thank you”').
    after = b
    while m := _NOTE_MARK_RE.match(text, after, hi):
        after = m.end()
    found: dict[tuple[int, int], GlossCandidate] = {}
    # A quoted Arabic phrase or a hashtag is named by the noun before it; a bare one may be its rendering
    # ("the different hashtags الهاشتاجز").
    announced = text[a] == "#" or (a > lo and text[a - 1] in _OPEN_QUOTES)

    def add(s: int, e: int, gen: str, quoted: bool = False, trigger: bool = False) -> None:
        s, e = _trim(text, s, e)
        # Sentence-final punctuation is not part of a gloss ("… is a gazelle." keeps its full stop only
        # inside a quotation).
        while e > s and text[e - 1] in ".!?…" and not quoted:
            e -= 1
        cand = text[s:e]
        if e - s < 2 or _has_arabic(cand) or not re.search(r"[A-Za-z]", cand) or _LINK_RE.search(cand):
            return
        if _LINK_RE.search(_token_at(text, s)) or _LINK_RE.search(_token_at(text, e - 1)):
            return  # the tail of a link (http://t.co/GF6Yb…) is no English
        if not any(w.lower().lstrip("#") not in _EN_STOP for w in _WORD_RE.findall(cand)):
            return  # function words alone ("on", "of the") gloss nothing
        if not quoted and len(_STRAY_QUOTE_RE.findall(cand)) % 2:
            return  # runs out of a quotation ("bed' in the Iraqi dialect, such as"): a piece of two phrases
        if not quoted and e <= a and _ENDS_IN_LINK_RE.search(cand):
            return  # "it 'the bed' or": the link word belongs to neither side
        if gen == "words_before" and announced and _INTRO_NOUN_RE.search(cand):
            return  # "the classic word 'خاشوكة'", "the hashtag #وسم": it announces the Arabic, not renders it
        dist = max(0, s - b) if s >= b else max(0, a - e)
        key = (s, e)
        if key not in found or (trigger and not found[key].trigger):
            found[key] = GlossCandidate(s, e, gen, quoted, trigger, dist)

    # ARABIC (English) — and its first clause: (we are all neighbours, said of …)
    br = _bracket_after(text, after, hi)
    if br:
        add(*br, "paren_after")
        inner = text[br[0] : br[1]]
        cut = re.search(r"[,;]|\s[-–—]\s", inner)
        if cut:
            add(br[0], br[0] + cut.start(), "paren_after")
        q = _quoted_after(text, br[0], br[1])
        if q:
            add(*q, "paren_after", quoted=True)
    # “English” (ARABIC) / English (ARABIC)
    open_at = a
    while open_at > lo and (text[open_at - 1].isspace() or text[open_at - 1] == "#"):
        open_at -= 1
    if open_at > lo and text[open_at - 1] == "(":
        q = _quoted_before(text, lo, open_at - 1)
        if q:
            add(*q, "paren_around", quoted=True)
        words = _words_before(text, lo, open_at - 1)
        for k in range(1, len(words) + 1):
            add(words[k - 1][0], words[0][1], "paren_around")
    # ARABIC, which translates as “English” / meaning English
    close_at = after
    while close_at < hi and text[close_at] in ')#”"’»':
        close_at += 1
    # A trigger a few words on stays in the Arabic's sentence ('… #زد_رصيدك whatever that is. Google
    # Translate glosses it as …' names a product in the next one).
    near_end = min(hi, close_at + NEAR)
    stop = _SENTENCE_END_RE.search(text, close_at, near_end)
    m = _TRIGGER_RE.match(text, close_at, min(hi, close_at + NEAR + 40)) or _TRIGGER_NEAR_RE.search(
        text, close_at, stop.start() if stop else near_end
    )
    if m:
        q = _quoted_after(text, m.end(), hi)
        if q:
            add(*q, "trigger", quoted=True, trigger=True)
        words = _words_after(text, m.end(), hi)
        for k in range(1, len(words) + 1):
            add(words[0][0], words[k - 1][1], "trigger", trigger=m.group("trigger").lower() != "or")
    # ARABIC, “English”: a quotation right after
    # (after the Arabic's own closing punctuation too: 'يا ماما!!؟ “Where's the subject, mom?”')
    after_punct = close_at
    while after_punct < hi and text[after_punct] in ".!?؟…":
        after_punct += 1
    q = _quoted_after(text, after_punct, hi)
    if q:
        add(*q, "quote_after", quoted=True)
    # [English] ARABIC / (English) ARABIC
    br = _bracket_before(text, lo, a)
    if br:
        add(*br, "paren_before")
    # quotation right before the Arabic, with a trigger before it: the hashtag translating as “English” ARABIC
    q = _quoted_before(text, lo, a)
    if q:
        add(*q, "paren_around", quoted=True)
    # the English named first, then linked to the Arabic: 'the word for “necktie,” which is “رباط”'
    link_end = a
    if link_end > lo and text[link_end - 1] in _OPEN_QUOTES:
        link_end -= 1  # the Arabic's own opening quotation mark
    # Between two quotations a bare 'or' joins alternatives ('“stay home” or “ارحل”'); before a bare
    # Arabic word it gives the Arabic name ('“the bed” or فراش').
    link_re = _LINK_BEFORE_RE if link_end < a else _LINK_BEFORE_BARE_RE
    link = link_re.search(text, max(lo, link_end - 30), link_end)
    if link:
        q = _quoted_before(text, lo, link.start())
        if q:
            add(*q, "trigger", quoted=True, trigger=True)
    # words right before / after, in the same clause
    if not (open_at > lo and text[open_at - 1] == "("):
        words = _words_before(text, lo, a)
        for k in range(1, len(words) + 1):
            add(words[k - 1][0], words[0][1], "words_before")
    words = _words_after(text, after, hi)
    for k in range(1, len(words) + 1):
        add(words[0][0], words[k - 1][1], "words_after")
    # the line below, opened by a rendering label: each labelled part of it
    for s, e in _labelled_below(text, hi):
        add(s, e, "trigger", trigger=True)
    # the whole English run of the line before / after, across commas and dashes: a title given in both
    # languages ('Umm Kulthum - You Are My Lifeأم كلثوم - أنت عمري')
    for run in _title_runs(text, unit):
        add(*run, "run_before" if run[1] <= a else "run_after")
    return sorted(found.values(), key=lambda c: (c.start, c.end))
