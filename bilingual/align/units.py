"""Candidate units: Arabic blocks to pair, and English sentences, windows, paragraphs and quoted parts."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bilingual.align.features import MAX_WINDOW
from bilingual.align.text import _EN_WORD_RE, _LEADIN_RE, _TERMINAL, MEANING_WORDS, RENDERING_LABEL
from bilingual.lang import ARABIZI, NOT_ARABIC
from bilingual.model import Document, Segment
from bilingual.script import LATIN_LETTER_RE, has_arabic, last_visible, letter_counts


@dataclass(slots=True)
class Unit:
    """A candidate side: a span of the document made of whole segments."""

    start: int
    end: int
    segments: tuple[int, ...]  # segment indexes: Arabic blocks, or English sentences
    positions: tuple[int, ...]  # block positions (order among the document's blocks)
    n_sentences: int
    meta: dict[str, Any] = field(default_factory=dict)


def _is_arabic(seg: Segment) -> bool:
    return is_arabic_block(seg.text)


def is_arabic_block(text: str) -> bool:
    """Whether a block is an Arabic unit of its own (more Arabic letters than Latin, its romanization left
    out, and not Arabic hashtags among English ones) rather than Arabic inside English."""
    return _is_arabic_span(text, *arabic_span(text))


def _is_arabic_span(text: str, start: int, end: int) -> bool:
    """:func:`is_arabic_block` once the block's :func:`arabic_span` is known."""
    n_ar, n_la, _ = letter_counts(text[start:end])
    return n_ar > n_la and n_ar >= 2 and not is_hashtag_line(text)


# A romanization between slashes closing a line of Arabic, as dictionaries and phrase lists give it:
# 'كما تدين تدان /kama todeen todan/'.
_ROMANIZATION_TAIL_RE = re.compile(r"\s+/[A-Za-z\u00c0-\u024f'’`ʿʾ.\-]+(?:\s+[A-Za-z\u00c0-\u024f'’`ʿʾ.\-]+)*/\s*$")


def without_romanization(text: str) -> int:
    """Where ``text`` ends without a closing ``/romanization/`` after Arabic (its length when there is none)."""
    if not text.rstrip().endswith("/"):
        return len(text)
    m = _ROMANIZATION_TAIL_RE.search(text)
    return m.start() if m and has_arabic(text[: m.start()]) else len(text)


# A romanization and a slash opening a line of Arabic, as phrase lists give it:
# 'Ibn halal/ابن حلال', 'Ad-dunia ‘osor wa yosor / الدنيا عسر و يسر'.
_ROMAN_WORD = r"[A-Za-z0-9\u00c0-\u024f'’‘`ʿʾ.\-]+"
_ROMAN_LINE_RE = re.compile(rf"[ \t]*{_ROMAN_WORD}(?:[ \t]+{_ROMAN_WORD})*[ \t]*/")


def arabic_span(text: str) -> tuple[int, int]:
    """The span of ``text`` without its romanization: a closing ``/romanization/`` (see
    :func:`without_romanization`) or an opening ``romanization/`` before Arabic with no Latin letter
    ((0, len(text)) when there is neither)."""
    end = without_romanization(text)
    if "/" not in text:
        return 0, end
    m = _ROMAN_LINE_RE.match(text)
    if m is None or not LATIN_LETTER_RE.search(text, 0, m.end()):
        return 0, end
    rest = text[m.end() : end]
    if not has_arabic(rest) or LATIN_LETTER_RE.search(rest):
        return 0, end
    start = m.end()
    while start < end and text[start].isspace():
        start += 1
    return start, end


# A hashtag, and its continuation after an underscore and a space ('#خفضوا_ الأسعار').
_HASHTAG_RE = re.compile(r"#[^\s#]+(?:(?<=_)\s[^\s#]+)*")
_LATIN_WORD_RE = re.compile(r"[A-Za-z]{2,}")


def is_hashtag_line(text: str) -> bool:
    """Whether all the Arabic of a block is in hashtags set among English ones or English words
    ('#Lower_the_Prices #خفضوا_ الأسعار and …'): its hashtags are inline units, not a post."""
    if "#" not in text:
        return False  # most blocks: no hashtag at all
    rest = _HASHTAG_RE.sub(" ", text)
    latin_tags = [t for t in _HASHTAG_RE.findall(text) if _LATIN_WORD_RE.search(t)]
    return not has_arabic(rest) and bool(latin_tags or _LATIN_WORD_RE.search(rest))


_EDGE_TAG_START = re.compile(r"#[^\s#]+\s+")
_EDGE_TAG_END = re.compile(r"\s+#[^\s#]+$")


def _shared_tags(blocks: list[Segment]) -> set[str]:
    """Hashtags that open (or close) two or more Arabic blocks of the document: the topic tag a roundup
    repeats before every post, which the English renderings leave out."""
    seen: Counter[str] = Counter()
    for b in blocks:
        text = b.text.strip()
        for m in (_EDGE_TAG_START.match(text), _EDGE_TAG_END.search(text)):
            if m:
                seen[m.group().strip()] += 1
    return {t for t, n in seen.items() if n >= 2}


def _without_tags(text: str, start: int, end: int, tags: set[str]) -> tuple[int, int]:
    """The span of a block without the shared tags at its edges (unchanged if nothing else would be left)."""
    if not tags:
        return start, end
    s, e = start, end
    while s < e and text[s].isspace():
        s += 1
    m = _EDGE_TAG_START.match(text, s, e)
    if m and m.group().strip() in tags:
        s = m.end()
    while e > s and text[e - 1].isspace():
        e -= 1
    m = _EDGE_TAG_END.search(text, s, e)
    if m and m.group().strip() in tags:
        e = m.start()
    n_ar, n_la, _ = letter_counts(text[s:e])
    return (s, e) if n_ar > n_la and n_ar >= 8 else (start, end)


def block_positions(blocks: list[Segment]) -> dict[int, int]:
    """Each block's position in reading order, for distances: an attribution line or lead-in label, and a
    transliteration line (Arabizi), share the position of the block before them, since they belong to the
    post they attribute or sound out."""
    out: dict[int, int] = {}
    pos = -1
    for b in blocks:
        if not ((b.lang == ARABIZI or b.kind == "attribution") and pos >= 0):
            pos += 1
        out[b.index] = pos
    return out


def other_script_blocks(doc: Document) -> list[Segment]:
    """Blocks in Arabic script written in another language (Persian, Urdu): never paired as Arabic."""
    return [
        b
        for b in doc.blocks()
        if b.kind in ("paragraph", "heading", "tweet") and b.duplicate_of is None and b.lang in NOT_ARABIC
    ]


def arabic_units(doc: Document, block_pos: dict[int, int]) -> list[Unit]:
    """Arabic blocks that can be paired (not furniture, attribution or a repeat), and adjacent pairs
    of them where the first breaks off mid-sentence (a post broken over two lines)."""
    singles: list[Unit] = []
    if not has_arabic(doc.text):
        return singles
    n_sentences = Counter(s.parent for s in doc.segments if s.kind == "sentence")
    blocks = [
        b
        for b in doc.blocks()
        if b.kind in ("paragraph", "heading", "tweet")
        and b.duplicate_of is None
        and _is_arabic(b)
        # Arabic script, another language: reported unpaired (see other_script_blocks)
        and b.lang not in NOT_ARABIC
    ]
    shared = _shared_tags(blocks)
    for b in blocks:
        a0, a1 = arabic_span(b.text)
        start, end = _without_tags(doc.text, b.start + a0, b.start + a1, shared)
        n_sents = n_sentences[b.index] or 1
        meta = {k: b.meta[k] for k in ("author", "handle", "date", "url") if b.meta.get(k)} if b.kind == "tweet" else {}
        if (start, end) != (b.start, b.end):
            meta["tags_left_out"] = True
        singles.append(Unit(start, end, (b.index,), (block_pos[b.index],), n_sents, {"kind": b.kind, **meta}))
    units = list(singles)
    order = {b.index: n for n, b in enumerate(doc.blocks())}
    for a, b2 in itertools.pairwise(singles):
        # Next to each other, with no block (an attribution line) between them.
        adjacent = order[b2.segments[0]] == order[a.segments[-1]] + 1
        if adjacent and last_visible(doc.text[a.start : a.end]) not in _TERMINAL:
            units.append(
                Unit(
                    a.start,
                    b2.end,
                    a.segments + b2.segments,
                    a.positions + b2.positions,
                    a.n_sentences + b2.n_sentences,
                    {**a.meta, "kind": "joined"},
                )
            )
    return units


# "X said in a tweet on Monday: “…”": the reporting part, a colon, then the quoted content.
_REPORTING_VERBS = (
    "said|says|wrote|writes|posted|posts|tweeted|tweets|added|stated|declared|announced|explained|noted|warned|insisted"
)
_REPORTED_RE = re.compile(
    rf"\b(?:{_REPORTING_VERBS}|read|reads|told\s+\S+)\b(?:[^:]{{0,40}}:\s+|,\s*(?=[“\"«]))", re.IGNORECASE
)
_CLAUSE_SPLIT_RE = re.compile(r"[،,؛;.:!?؟«»\"“”()]+")
_OPEN_QUOTES = "\"“‘'«"
_CLOSE_QUOTES = "\"”’'»"


# "“…,” the ministry tweeted on Monday." / "“…” he said.": a quotation first, then who said it.
_REPORTED_AFTER_RE = re.compile(
    rf"[\s,]*(?:[^\s.!?]+\s+){{0,6}}?(?:{_REPORTING_VERBS})\b[^.!?]{{0,60}}[.!?]?\s*$", re.IGNORECASE
)


# "The phrase literally means “…”", "“Ibn halaal” directly translates to “…”", "The direct translation of
# the phrase is, “…”": a quotation announced as what the Arabic means.
_MEANING_QUOTE_RE = re.compile(
    rf"\b(?:{MEANING_WORDS}|translation(?:\s+of\s+[^,:;“\"«.]{{1,40}})?\s+is\b)[\s,:]*(?P<open>[“\"«])", re.IGNORECASE
)


def meaning_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The quotations a sentence announces as a meaning (:data:`_MEANING_QUOTE_RE`), each without its
    quotation marks and closing punctuation."""
    out = []
    for m in _MEANING_QUOTE_RE.finditer(text, start, end):
        close = _QUOTE_PARTNER[m.group("open")]
        q = text.find(close, m.end(), end)
        qs, qe = m.end(), (q if q >= 0 else end)
        while qe > qs and text[qe - 1] in " ,.;:":
            qe -= 1
        if qe - qs >= 3 and not has_arabic(text[qs:qe]):  # quoted Arabic is no English rendering
            out.append((qs, qe))
    return out


def quoted_content(text: str, start: int, end: int, after: str = "") -> tuple[int, int] | None:
    """The span of the quoted content of a sentence that reports what someone wrote or said, without
    the quotation marks: "…, the ministry wrote: “This boat is no longer seaworthy.”" and
    "“This boat is no longer seaworthy,” the ministry wrote." both give the quotation. ``after`` is
    the next sentence, when a splitter has cut "“….” Nadia al-Jubouri tweeted on Tuesday." in two."""
    if text[start] in '“"«':
        close = "”" if text[start] == "“" else "»" if text[start] == "«" else '"'
        q = text.find(close, start + 1, end)
        reported_after = q > start + 3 and (
            _REPORTED_AFTER_RE.match(text, q + 1, end)
            or (not text[q + 1 : end].strip(" .") and len(after) <= 80 and _REPORTED_AFTER_RE.match(after))
        )
        if reported_after:
            s, e = start + 1, q
            while e > s and (text[e - 1].isspace() or text[e - 1] == ","):
                e -= 1
            return (s, e) if e - s >= 3 else None
    m = _REPORTED_RE.search(text, start, min(end, start + 250))
    if m is None or m.end() >= end:
        return None
    s, e = m.end(), end
    if text[s] in _OPEN_QUOTES:
        s += 1
    while e > s and text[e - 1] in _CLOSE_QUOTES:
        e -= 1
    while s < e and text[s].isspace():
        s += 1
    return (s, e) if e - s >= 3 else None


# Labels that stand before a rendering and are not part of it: "Translation:", "[3]", an opening quote.
# A paragraph that opens with its own label ("Meaning:", "English equivalent:", "Explanation:") is
# another item of a list: a window of sentences does not run into it.
_ITEM_LABEL_RE = re.compile(r"[A-Z][a-z]+(?: [a-z]+)?\s*[:：]\s")
_EN_LABEL_RE = re.compile(rf"(?:\s*(?:\[\d{{1,3}}\]|{RENDERING_LABEL})\s*)+", re.IGNORECASE)


def trim_rendering(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of an English rendering without the labels before it ("Translation:", "[3]"), without a
    bracketed note of three words or more that closes it, and without the quotation marks that wrap it
    (only when it opens with one and closes with its partner)."""
    m = _EN_LABEL_RE.match(text, start, end)
    if m and m.end() < end:
        start = m.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    note = _trailing_note(text, start, end) if text[end - 1 : end] in ").!?" else None
    if note is not None and len(text[start:note].split()) >= 2 and not _names_a_source(text[note:end]):
        end = note  # a translator's note closing the line: '… Peaceful (in reference to their protests!)'
    if end - start > 2 and text[start] in _OPEN_QUOTES:
        close = _QUOTE_PARTNER.get(text[start])
        tail = end
        while tail > start and text[tail - 1] in ".,;!?":
            tail -= 1
        if close and text[tail - 1] == close and text.count(close, start + 1, tail - 1) == 0:
            return start + 1, tail - 1
        if close and text.find(close, start + 1, end) < 0:
            return start + 1, end  # the page cut the quotation off
    return start, end


_QUOTE_PARTNER = {"“": "”", '"': '"', "«": "»", "‘": "’", "'": "'"}


def _names_a_source(note: str) -> bool:
    """A bracketed note that names who said it ('(Ali Bin Abi Talib 7TH C.)', '(Hassan Ibn Ali, 7th
    century)'): half or more of its words are capitalised. It stays with the rendering: the Arabic
    names its source too."""
    words = _EN_WORD_RE.findall(note)
    return bool(words) and 2 * sum(1 for w in words if w[:1].isupper()) >= len(words)


def _trailing_note(text: str, start: int, end: int) -> int | None:
    """Where a bracketed note of three words or more that closes ``text[start:end]`` starts (with the white
    space before it), or None. Read from the end: linear in the span."""
    close = end
    while close > start and text[close - 1] in ".!?":
        close -= 1
    if close <= start or text[close - 1] != ")":
        return None
    op = text.rfind("(", start, close - 1)
    if op <= start or not text[op - 1].isspace() or ")" in text[op + 1 : close - 1]:
        return None
    if len(text[op + 1 : close - 1].split()) < 3:
        return None
    while op > start and text[op - 1].isspace():
        op -= 1
    return op


def english_units(doc: Document, block_pos: dict[int, int], max_window: int = MAX_WINDOW) -> list[Unit]:
    """English sentences, windows of 2 to ``max_window`` consecutive sentences (across paragraph breaks,
    not across other blocks), and whole paragraphs of more sentences; where a sentence reports a quote
    ("X wrote: “…”"), also the same units starting at the quoted content. Labels and wrapping quotation
    marks are trimmed off (:func:`trim_rendering`); transliterated Arabic (Arabizi) is not English."""
    sents: list[Segment] = []
    romanized: dict[int, bool] = {}  # paragraph → an Arabic line with its romanization (asked once each)
    for s in doc.segments:
        if s.kind != "sentence" or s.parent is None:
            continue
        parent = doc.segments[s.parent]
        if parent.kind not in ("paragraph", "heading") or parent.duplicate_of is not None:
            continue
        if s.lang == ARABIZI:
            continue
        if parent.index not in romanized:
            span = arabic_span(parent.text)
            romanized[parent.index] = span != (0, len(parent.text)) and _is_arabic_span(parent.text, *span)
        if romanized[parent.index]:
            continue  # Arabic and its romanization: an Arabic unit (see arabic_units), no English
        n_ar, n_la, _ = letter_counts(s.text)
        if n_la > n_ar and n_la >= 3:
            sents.append(s)
    # "Tarek tweets why he will vote no:" introduces a post; it renders none.
    intro = [last_visible(s.text) == ":" and _LEADIN_RE.search(s.text) is not None for s in sents]
    item_label = [
        s.parent is not None and s.start == doc.segments[s.parent].start and _ITEM_LABEL_RE.match(s.text) is not None
        for s in sents
    ]
    units: list[Unit] = []
    for i, s in enumerate(sents):
        if intro[i]:
            continue
        pos = block_pos[s.parent]  # type: ignore[index]
        nxt = sents[i + 1] if i + 1 < len(sents) and sents[i + 1].parent == s.parent else None
        quote = quoted_content(doc.text, s.start, s.end, nxt.text if nxt is not None else "")
        starts: list[tuple[int, dict[str, Any]]] = [(s.start, {})]
        if quote:
            starts.append((quote[0], {"part": "quote"}))
        # A quotation announced as a meaning is a rendering of its own (one sentence, no window).
        units += [
            Unit(qs, qe, (s.index,), (pos,), 1, {"part": "quote"})
            for qs, qe in meaning_quotes(doc.text, s.start, s.end)
        ]
        for start, meta in starts:
            end = quote[1] if meta and quote else s.end
            start, end = trim_rendering(doc.text, start, end)
            units.append(Unit(start, end, (s.index,), (pos,), 1, dict(meta)))
            for k in range(2, max_window + 1):
                window = sents[i : i + k]
                if len(window) < k or intro[i + k - 1] or item_label[i + k - 1]:
                    break
                ps = [block_pos[w.parent] for w in window]  # type: ignore[index]
                if any(b - a > 1 for a, b in itertools.pairwise(ps)):
                    break
                w_end = trim_rendering(doc.text, start, window[-1].end)[1]
                units.append(Unit(start, w_end, tuple(w.index for w in window), tuple(sorted(set(ps))), k, dict(meta)))
    by_block: dict[int, list[Segment]] = {}
    for s in sents:
        by_block.setdefault(s.parent, []).append(s)  # type: ignore[arg-type]
    for bi, ss in by_block.items():
        if len(ss) > max_window:
            p_start, p_end = trim_rendering(doc.text, ss[0].start, ss[-1].end)
            units.append(Unit(p_start, p_end, tuple(s.index for s in ss), (block_pos[bi],), len(ss)))
        units += _quotations(doc.text, ss, block_pos[bi])
    seen: set[tuple[int, int]] = set()
    out = []
    for u in units:
        if (u.start, u.end) not in seen:
            seen.add((u.start, u.end))
            out.append(u)
    return out


_QUOTATION_RE = re.compile(r"[“\"«]")


def _quotations(text: str, sents: list[Segment], pos: int) -> list[Unit]:
    """Quotations inside one paragraph that run over more than one sentence ("… tweeted, “A. B. C.”"),
    or to the end of a paragraph the page cut off: each is a unit of the sentences it touches."""
    start, end = sents[0].start, sents[-1].end
    out = []
    for m in _QUOTATION_RE.finditer(text, start, end):
        close = {"“": "”", '"': '"', "«": "»"}[m.group()]
        q = text.find(close, m.end(), end)
        qs, qe = m.end(), (q if q >= 0 else end)
        touched = [s for s in sents if s.start < qe and qs < s.end]
        if len(touched) < 2 or qe - qs < 20:
            continue
        qe2 = qe
        while qe2 > qs and text[qe2 - 1] in " ,":
            qe2 -= 1
        out.append(Unit(qs, qe2, tuple(s.index for s in touched), (pos,), len(touched), {"part": "quote"}))
    return out


@dataclass
class Candidates:
    """Everything scored for one document (kept for fitting and evaluation)."""

    ar_units: list[Unit]
    en_units: list[Unit]
    index: list[tuple[int, int]]  # (ar unit, en unit) per row
    features: np.ndarray
    explain: Callable[[int], dict[str, Any]] = field(repr=False)  # row → its evidence

    def evidence_of(self, row: int) -> dict[str, Any]:
        """The human-readable evidence of one candidate (built on demand: most are never shown)."""
        return self.explain(row)

    @property
    def evidence(self) -> list[dict[str, Any]]:
        """The evidence of every candidate, in row order."""
        return [self.explain(r) for r in range(len(self.index))]
