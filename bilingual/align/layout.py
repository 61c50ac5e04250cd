"""Interleaved layouts: a page that gives each Arabic line its English on the line after it, or before it
(lyrics, poems, duas, proverb lists). Where most of a page's confident pairs follow that pattern, an Arabic
line the model is unsure of (a dialect line the encoder reads poorly) takes the English in the same place.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bilingual.align.results import AlignedPair, AlignmentResult, UnpairedSegment
from bilingual.align.units import Candidates, Unit
from bilingual.lang import ARABIZI
from bilingual.model import Document, Segment

__all__ = ["LAYOUT_MIN_PAIRS", "LAYOUT_SCORE", "pair_by_layout"]

# Confident adjacent pairs (Arabic block, the English block right after it) a page needs, and the share of
# its block pairs they must make, before its layout is trusted.
LAYOUT_MIN_PAIRS = 3
LAYOUT_MIN_SHARE = 0.6
# English blocks (lines) one rendering may run over before the next Arabic line.
LAYOUT_MAX_LINES = 3
# The score a layout pair gets: the share of such pairs that were right where it was measured (15 pairs
# on real-dev and 60 unseen labelled pages, 12 right by the labels' matching rule; the other three are
# right by content, where the page cut the English off and the labels give a shorter Arabic span).
LAYOUT_SCORE = 0.8


def _length(unit: Unit) -> int:
    return unit.end - unit.start


def _content_blocks(doc: Document) -> list[Segment]:
    """Blocks that hold words, in order: not attributions, furniture, repeats, transcriptions or separators."""
    return [
        b
        for b in doc.blocks()
        if b.lang not in ("und", ARABIZI) and b.kind not in ("attribution", "furniture") and b.duplicate_of is None
    ]


def pair_by_layout(
    doc: Document, cands: Candidates, probs: np.ndarray, result: AlignmentResult, threshold: float
) -> None:
    """Pair unpaired Arabic lines by the page's interleaved layout (see the module doc), adding to
    ``result``: the English lines next to each, on the side where most confident pairs have theirs. Nothing
    is added when :data:`LAYOUT_SCORE` is below ``threshold``."""
    if LAYOUT_SCORE < threshold:
        return
    blocks = _content_blocks(doc)
    where = {b.index: k for k, b in enumerate(blocks)}
    arabic = [b.lang == "ar" for b in blocks]
    english = [b.lang not in ("ar", "fa", "ur", "mixed") for b in blocks]

    def beside(k: int, step: int) -> list[int]:
        """The English blocks next to block k on one side (step 1: after it), up to the next block that is
        not English (at most LAYOUT_MAX_LINES), in reading order."""
        out: list[int] = []
        m = k + step
        while 0 <= m < len(blocks) and english[m] and len(out) < LAYOUT_MAX_LINES:
            out.append(m)
            m += step
        return sorted(out)

    def block_of(pos: int) -> int | None:
        for b in blocks:
            if b.start <= pos < b.end:
                return where[b.index]
        return None

    sentences: dict[int, list[int]] = {b.index: [b.index] for b in blocks}  # a block without sentences: itself
    for seg in doc.segments:
        if seg.kind == "sentence" and seg.parent in sentences:
            if sentences[seg.parent] == [seg.parent]:
                sentences[seg.parent] = []
            sentences[seg.parent].append(seg.index)
    block_pairs = [p for p in result.pairs if p.kind != "gloss"]
    side = {1: 0, -1: 0}
    for p in block_pairs:
        k, m = block_of(p.ar_span[0]), block_of(p.en_span[0])
        if k is not None and m is not None and arabic[k]:
            for step in side:
                side[step] += m in beside(k, step)
    step = max(side, key=lambda s: side[s])
    adjacent = side[step]
    if adjacent < LAYOUT_MIN_PAIRS or adjacent < LAYOUT_MIN_SHARE * len(block_pairs):
        return
    _give_back(result, block_pairs, blocks, arabic, step, beside, block_of)
    used_ar = {s for p in result.pairs for s in p.ar_segments}
    used_en = {s for p in result.pairs for s in p.en_segments}
    rows_by_ar: dict[int, list[int]] = {}
    for r, (i, _) in enumerate(cands.index):
        rows_by_ar.setdefault(i, []).append(r)
    added: list[AlignedPair] = []
    for i, a in enumerate(cands.ar_units):
        if len(a.segments) != 1 or a.segments[0] in used_ar or a.segments[0] not in where:
            continue
        run = beside(where[a.segments[0]], step)
        if not run:
            continue
        # A unit that covers all the English lines there, from the first sentence of the first to the last
        # sentence of the last (a verse's English may wrap onto a second line; a label may be trimmed off).
        first, last = sentences[blocks[run[0]].index][0], sentences[blocks[run[-1]].index][-1]
        fits = [
            r
            for r in rows_by_ar.get(i, ())
            if first in (segs := cands.en_units[cands.index[r][1]].segments)
            and last in segs
            and not used_en.intersection(segs)
        ]
        if not fits:
            continue
        # The widest such unit (the whole line, not a quotation inside it), then the likeliest.
        best = max(fits, key=lambda r: (_length(cands.en_units[cands.index[r][1]]), probs[r]))
        e = cands.en_units[cands.index[best][1]]
        evidence = cands.evidence_of(best)
        evidence["layout"] = {"adjacent_pairs": adjacent, "model_probability": round(float(probs[best]), 4)}
        used_ar.update(a.segments)
        used_en.update(e.segments)
        added.append(
            AlignedPair(
                doc.text[a.start : a.end],
                doc.text[e.start : e.end],
                max(LAYOUT_SCORE, float(probs[best])),
                (a.start, a.end),
                (e.start, e.end),
                a.segments,
                e.segments,
                evidence,
                {k: v for k, v in a.meta.items() if k in ("author", "handle", "date", "url")},
                unit=a.meta.get("kind", "paragraph"),
            )
        )
    if added:
        result.pairs += added
        paired = {p.ar_span for p in added}
        result.unpaired = [u for u in result.unpaired if u.ar_span not in paired]


def _give_back(
    result: AlignmentResult,
    block_pairs: list[AlignedPair],
    blocks: list[Segment],
    arabic: list[bool],
    step: int,
    beside: Callable[[int, int], list[int]],
    block_of: Callable[[int], int | None],
) -> None:
    """Undo a pair whose English stands, by the page's layout, next to another Arabic line that is
    unpaired (the greedy choice gave a dialect line's English to the post after it): the fill that
    follows gives it back to that line."""
    owner: dict[int, int] = {}  # English block → the Arabic block whose place it is in
    for k, is_arabic in enumerate(arabic):
        if is_arabic:
            for m in beside(k, step):
                owner.setdefault(m, k)
    paired = {s for p in result.pairs for s in p.ar_segments}
    for p in block_pairs:
        ka, ke = block_of(p.ar_span[0]), block_of(p.en_span[0])
        if ka is None or ke is None or len(p.ar_segments) != 1 or ke in beside(ka, step):
            continue
        mine = owner.get(ke)
        if mine is None or mine == ka or blocks[mine].index in paired:
            continue
        result.pairs.remove(p)
        paired.discard(p.ar_segments[0])
        result.unpaired.append(
            UnpairedSegment(
                p.ar,
                p.ar_span,
                p.ar_segments[0],
                "its best English stands, by the page's layout, next to another line",
                p.score,
                p.en_span,
            )
        )
