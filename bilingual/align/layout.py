"""Interleaved layouts: a page that gives each Arabic line its English on the line after it, or before it
(lyrics, poems, duas, proverb lists). Where most of a page's confident pairs follow that pattern, an Arabic
line the model is unsure of (a dialect line the encoder reads poorly) takes the English in the same place,
provided the two share some meaning (:data:`LAYOUT_MIN_COS`): a roundup that follows a tweet with a line
of commentary keeps the commentary unpaired.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

import numpy as np

from bilingual.align.features import FEATURES
from bilingual.align.results import AlignedPair, AlignmentResult, UnpairedSegment
from bilingual.align.units import Candidates
from bilingual.lang import ARABIZI, NOT_ARABIC
from bilingual.model import Document

__all__ = [
    "LAYOUT_MAX_LINES",
    "LAYOUT_MIN_COS",
    "LAYOUT_MIN_PAIRS",
    "LAYOUT_MIN_SHARE",
    "LAYOUT_SCORE",
    "PageLines",
    "pair_by_layout",
]

# Confident adjacent pairs (Arabic block, the English block right after it) a page needs, and the share of
# its block pairs they must make, before its layout is trusted.
LAYOUT_MIN_PAIRS = 3
LAYOUT_MIN_SHARE = 0.6
# English blocks (lines) one rendering may run over before the next Arabic line.
LAYOUT_MAX_LINES = 3
# The embedding cosine a layout pair needs: some shared meaning. Measured on the 21 layout pairs of
# real-dev and 80 unseen labelled pages: all but one right pair above 0.10 (a vocalised dua line, 0.07);
# lines of commentary after a tweet (a roundup's "The tweet was retweeted 4,000 times.") 0.03 to 0.04.
LAYOUT_MIN_COS = 0.10
# A pair the layout undoes must not be much surer than the line that gets its English back.
GIVE_BACK_MIN_RATIO = 0.25
# The score a layout pair gets: the share of such pairs that were right where it was measured (18 pairs
# with the cosine floor on real-dev and 80 unseen labelled pages, 15 right by the labels' matching rule;
# the other three are right by content, where the page cut the English off and the labels give a
# shorter Arabic span).
LAYOUT_SCORE = 0.8

_COS = FEATURES.index("cos")


class PageLines:
    """A document's content blocks in reading order (not attributions, furniture, repeats, transcriptions
    or separator lines), built once per document, with where each starts and its sentences."""

    def __init__(self, doc: Document) -> None:
        self.blocks = [
            b
            for b in doc.blocks()
            if b.lang not in ("und", ARABIZI) and b.kind not in ("attribution", "furniture") and b.duplicate_of is None
        ]
        self.starts = [b.start for b in self.blocks]
        self.where = {b.index: k for k, b in enumerate(self.blocks)}
        self.arabic = [b.lang == "ar" for b in self.blocks]
        self.english = [b.lang not in (*NOT_ARABIC, "ar", "mixed") for b in self.blocks]
        # Each block's sentences (a block without any stands for itself).
        self.sentences: dict[int, list[int]] = {b.index: [] for b in self.blocks}
        for seg in doc.segments:
            if seg.kind == "sentence" and seg.parent in self.sentences:
                self.sentences[seg.parent].append(seg.index)
        for b in self.blocks:
            self.sentences[b.index] = self.sentences[b.index] or [b.index]
        self._owners: dict[int, dict[int, int]] = {}

    def block_of(self, pos: int) -> int | None:
        """The content block holding character ``pos`` (its place in :attr:`blocks`), or None."""
        k = bisect.bisect_right(self.starts, pos) - 1
        return k if k >= 0 and pos < self.blocks[k].end else None

    def owners(self, step: int) -> dict[int, int]:
        """English block → the Arabic block in whose place it stands (the first, reading from the top),
        for a layout with the English on side ``step``; built once per side."""
        if step not in self._owners:
            owner: dict[int, int] = {}
            for k, is_arabic in enumerate(self.arabic):
                if is_arabic:
                    for m in self.beside(k, step):
                        owner.setdefault(m, k)
            self._owners[step] = owner
        return self._owners[step]

    def beside(self, k: int, step: int) -> list[int]:
        """The English blocks next to block k on one side (step 1: after it), up to the next block that is
        not English (at most :data:`LAYOUT_MAX_LINES`), in reading order."""
        out: list[int] = []
        m = k + step
        while 0 <= m < len(self.blocks) and self.english[m] and len(out) < LAYOUT_MAX_LINES:
            out.append(m)
            m += step
        return sorted(out)


def pair_by_layout(
    doc: Document,
    cands: Candidates,
    probs: np.ndarray,
    result: AlignmentResult,
    threshold: float,
    page: PageLines | None = None,
) -> None:
    """Pair unpaired Arabic lines by the page's interleaved layout (see the module doc), adding to
    ``result``: the English lines next to each, on the side where most confident pairs have theirs.
    Nothing is added when :data:`LAYOUT_SCORE` is below ``threshold``. ``page``: the document's
    :class:`PageLines`, when the caller aligns it in sections (built here otherwise)."""
    if LAYOUT_SCORE < threshold:
        return
    block_pairs = [p for p in result.pairs if p.kind != "gloss"]
    if len(block_pairs) < LAYOUT_MIN_PAIRS:
        return
    page = page if page is not None else PageLines(doc)
    side = {1: 0, -1: 0}
    for p in block_pairs:
        k, m = page.block_of(p.ar_span[0]), page.block_of(p.en_span[0])
        if k is not None and m is not None and page.arabic[k]:
            for step in side:
                side[step] += m in page.beside(k, step)
    step = max(side, key=lambda s: side[s])
    adjacent = side[step]
    if adjacent < LAYOUT_MIN_PAIRS or adjacent < LAYOUT_MIN_SHARE * len(block_pairs):
        return
    rows_by_ar: dict[int, list[int]] = {}
    for r, (i, _) in enumerate(cands.index):
        rows_by_ar.setdefault(i, []).append(r)
    unit_of_block = {a.segments[0]: i for i, a in enumerate(cands.ar_units) if len(a.segments) == 1}

    def slot_row(i: int, used_en: set[int]) -> int | None:
        """Arabic unit i's likeliest candidate that is the English in its place: from the start of the
        first English line there to the end of one of them (a verse's English may wrap onto a second
        line), sharing some meaning with it."""
        k = page.where.get(cands.ar_units[i].segments[0])
        run = page.beside(k, step) if k is not None else []
        if not run:
            return None
        first = page.sentences[page.blocks[run[0]].index][0]
        ends = {page.sentences[page.blocks[m].index][-1] for m in run}
        fits = [
            r
            for r in rows_by_ar.get(i, ())
            if (segs := cands.en_units[cands.index[r][1]].segments)[0] == first
            and segs[-1] in ends
            and cands.en_units[cands.index[r][1]].meta.get("part") != "quote"
            and not used_en.intersection(segs)
            and cands.features[r, _COS] >= LAYOUT_MIN_COS
        ]
        return max(fits, key=lambda r: probs[r]) if fits else None

    _give_back(result, block_pairs, page, step, unit_of_block, slot_row, probs)
    used_ar = {s for p in result.pairs for s in p.ar_segments}
    used_en = {s for p in result.pairs for s in p.en_segments}
    added: list[AlignedPair] = []
    for i, a in enumerate(cands.ar_units):
        if len(a.segments) != 1 or a.segments[0] in used_ar:
            continue
        best = slot_row(i, used_en)
        if best is None:
            continue
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
    page: PageLines,
    step: int,
    unit_of_block: dict[int, int],
    slot_row: Callable[[int, set[int]], int | None],
    probs: np.ndarray,
) -> None:
    """Undo a pair whose English stands, by the page's layout, in the place of another Arabic line that
    is unpaired and nearly as likely to have it (:data:`GIVE_BACK_MIN_RATIO`): the greedy choice gave a
    dialect line's English to the post after it. The fill that follows gives it back to that line."""
    owner = page.owners(step)
    paired = {s for p in result.pairs for s in p.ar_segments}
    for p in block_pairs:
        ka, ke = page.block_of(p.ar_span[0]), page.block_of(p.en_span[0])
        if ka is None or ke is None or len(p.ar_segments) != 1 or ke in page.beside(ka, step):
            continue
        mine = owner.get(ke)
        if mine is None or mine == ka or page.blocks[mine].index in paired:
            continue
        i = unit_of_block.get(page.blocks[mine].index)
        row = slot_row(i, {s for q in result.pairs if q is not p for s in q.en_segments}) if i is not None else None
        if row is None or probs[row] < GIVE_BACK_MIN_RATIO * p.score:
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
