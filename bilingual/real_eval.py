"""Gold labels of real web documents (the ``real-dev`` format) and how the segmenter and the aligner are
scored on them.

``gold.jsonl`` holds, per document, exact strings: the Arabic-script segments, the pairs (``ar``,
``en``, ``kind``), and the attribution lines. Matching follows the set's README: after collapsing
white space and bidi marks, a predicted span matches a gold string when they overlap by at least half
of the longer of the two (for a pair, on both sides). A gold segment is *found* when one of our
segments (Arabic, Persian, Urdu or mixed, or a tweet) overlaps it by 80 % of the longer of the two; an
attribution likewise, by a segment of kind ``attribution``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from bilingual.align.results import AlignmentResult
from bilingual.align.units import Candidates
from bilingual.model import Document

_INVISIBLE = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u200b")
BLOCK_KINDS = ("translation", "paraphrase", "partial")


@dataclass
class RealGold:
    """One real document and its gold strings, located in its text."""

    doc_id: str
    path: Path
    text: str
    segments_ar: list[tuple[int, int]]
    pairs: list[tuple[tuple[int, int], tuple[int, int], str]]  # (ar span, en span, kind)
    attributions: list[tuple[int, int]]
    _kept: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(1, dtype=np.int64))

    def __post_init__(self) -> None:
        keep = np.fromiter(
            (not (c.isspace() or c in _INVISIBLE) for c in self.text), dtype=np.int64, count=len(self.text)
        )
        self._kept = np.concatenate([[0], np.cumsum(keep)])

    @property
    def negative(self) -> bool:
        """A document with Arabic-script text and no pair at all."""
        return not self.pairs

    def size(self, span: tuple[int, int]) -> int:
        """Characters of ``span`` that count (not white space, not bidi marks)."""
        return int(self._kept[span[1]] - self._kept[span[0]])

    def overlap(self, a: tuple[int, int], b: tuple[int, int]) -> float:
        """Overlap of two spans as a share of the longer of the two (in counted characters)."""
        s, e = max(a[0], b[0]), min(a[1], b[1])
        inter = self.size((s, e)) if s < e else 0
        return inter / max(1, self.size(a), self.size(b))

    def document(self) -> Document:
        """The document, unsegmented."""
        return Document(id=self.doc_id, text=self.text, source=str(self.path))

    def label(self, ar: tuple[int, int], en: tuple[int, int]) -> int:
        """1 when both spans match a gold pair, -1 (left out of fitting) when the Arabic matches and the
        English only touches that pair's English, else 0."""
        lab = 0
        for ga, ge, _ in self.pairs:
            if self.overlap(ar, ga) >= 0.5:
                o = self.overlap(en, ge)
                if o >= 0.5:
                    return 1
                if o > 0:
                    lab = -1
        return lab

    def labels(self, cands: Candidates) -> list[int]:
        """:meth:`label` of every block candidate row."""
        return [
            self.label(
                (cands.ar_units[i].start, cands.ar_units[i].end), (cands.en_units[j].start, cands.en_units[j].end)
            )
            for i, j in cands.index
        ]


def gloss_labels(gold: RealGold, gc: Any) -> list[int]:
    """:meth:`RealGold.label` of every gloss candidate row (a ``GlossCandidates``)."""
    return [
        gold.label((gc.units[i].start, gc.units[i].end), (gc.cands[i][j].start, gc.cands[i][j].end))
        for i, j in gc.index
    ]


def _locate(text: str, strings: Iterable[str]) -> list[tuple[int, int]]:
    """Spans of the strings, each found after the previous one where possible (one entry per occurrence)."""
    spans = []
    pos = 0
    for s in strings:
        i = text.find(s, pos)
        if i < 0:
            i = text.find(s)
        if i < 0:
            raise ValueError(f"gold string not in the document: {s[:40]!r}")
        spans.append((i, i + len(s)))
        pos = i + 1
    return spans


def _locate_pair(text: str, ar: str, en: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """The occurrences of a pair's two strings that lie closest to each other."""
    ars = [i for i in _find_all(text, ar)]
    ens = [i for i in _find_all(text, en)]
    if not ars or not ens:
        raise ValueError(f"gold pair not in the document: {ar[:30]!r} / {en[:30]!r}")
    a, e = min(((a, e) for a in ars for e in ens), key=lambda t: abs(t[0] - t[1]))
    return (a, a + len(ar)), (e, e + len(en))


def _find_all(text: str, s: str) -> list[int]:
    """Where ``s`` occurs as a whole token ('#Tripoli' not inside '#Tripoli_Rising'); every
    occurrence where it never stands alone."""
    out, i = [], text.find(s)
    while i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    whole = [i for i in out if not _continues(text, i - 1) and not _continues(text, i + len(s))]
    return whole or out


def _continues(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def load_real_gold(directory: str | Path) -> list[RealGold]:
    """Read ``gold.jsonl`` and the documents it names."""
    d = Path(directory)
    out = []
    with (d / "gold.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            g = json.loads(line)
            path = d / g["doc"]
            with path.open(encoding="utf-8", newline="") as f:
                text = f.read()
            pairs = [(*_locate_pair(text, p["ar"], p["en"]), p["kind"]) for p in g["pairs"]]
            out.append(
                RealGold(
                    path.stem,
                    path,
                    text,
                    _locate(text, g["segments_ar"]),
                    pairs,
                    _locate(text, g["attributions"]),
                )
            )
    return out


@dataclass
class RealScore:
    """Counts over real documents: segment and attribution recall, pair P/R/F1 overall and by kind."""

    segments: list[int] = field(default_factory=lambda: [0, 0])  # found, total
    attributions: list[int] = field(default_factory=lambda: [0, 0])
    tp: Counter[str] = field(default_factory=Counter)  # by gold kind
    gold: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)  # by predicted kind group (gloss / block)
    correct: Counter[str] = field(default_factory=Counter)
    negative_pairs: int = 0
    negative_docs: int = 0

    def add_segmentation(self, doc: Document, gold: RealGold) -> None:
        """Score the segments of one segmented document."""
        ours = [(s.start, s.end) for s in doc.segments if s.lang in ("ar", "fa", "ur", "mixed") or s.kind == "tweet"]
        att = [(s.start, s.end) for s in doc.segments if s.kind == "attribution"]
        for g in gold.segments_ar:
            self.segments[1] += 1
            self.segments[0] += any(gold.overlap(g, o) >= 0.8 for o in ours)
        for g in gold.attributions:
            self.attributions[1] += 1
            self.attributions[0] += any(gold.overlap(g, o) >= 0.8 for o in att)

    def add_pairs(self, result: AlignmentResult, gold: RealGold) -> None:
        """Score one document's pairs (each gold pair matched at most once)."""
        if gold.negative:
            self.negative_docs += 1
            self.negative_pairs += len(result.pairs)
        used: set[int] = set()
        for p in result.pairs:
            group = "gloss" if getattr(p, "kind", "") == "gloss" else "block"
            self.predicted[group] += 1
            for n, (ga, ge, _kind) in enumerate(gold.pairs):
                if n in used:
                    continue
                if gold.overlap(p.ar_span, ga) >= 0.5 and gold.overlap(p.en_span, ge) >= 0.5:
                    used.add(n)
                    self.correct[group] += 1
                    break
        for n, (_, _, kind) in enumerate(gold.pairs):
            self.gold[kind] += 1
            self.tp[kind] += n in used

    @staticmethod
    def _f1(correct: int, predicted: int, tp: int, gold: int) -> tuple[float, float, float]:
        p = correct / predicted if predicted else 0.0
        r = tp / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def pair_prf(self, group: str | None = None) -> tuple[float, float, float]:
        """(precision, recall, F1) over all pairs, or over ``gloss`` or ``block`` pairs: precision over the
        pairs we call gloss (or not), recall over the gold pairs of kind gloss (or the other kinds)."""
        if group is None:
            tp = sum(self.tp.values())
            return self._f1(sum(self.correct.values()), sum(self.predicted.values()), tp, sum(self.gold.values()))
        kinds = ("gloss",) if group == "gloss" else BLOCK_KINDS
        return self._f1(
            self.correct[group], self.predicted[group], sum(self.tp[k] for k in kinds), sum(self.gold[k] for k in kinds)
        )

    def report(self) -> list[str]:
        """Human-readable lines."""
        s, a = self.segments, self.attributions
        p, r, f = self.pair_prf()
        lines = [
            f"Arabic-script segments found: {s[0]}/{s[1]} ({s[0] / max(1, s[1]):.1%})",
            f"attribution lines found:      {a[0]}/{a[1]} ({a[0] / max(1, a[1]):.1%})",
            f"pairs: F1 {f:.3f}  P {p:.3f}  R {r:.3f}  ({sum(self.predicted.values())} predicted, "
            f"{sum(self.gold.values())} gold)",
        ]
        for group in ("gloss", "block"):
            p, r, f = self.pair_prf(group)
            lines.append(f"  {group:<6} F1 {f:.3f}  P {p:.3f}  R {r:.3f}  ({self.predicted[group]} predicted)")
        lines.append(
            "  recall by gold kind: " + "  ".join(f"{k} {self.tp[k]}/{self.gold[k]}" for k in sorted(self.gold))
        )
        lines.append(f"pairs in negative documents: {self.negative_pairs} (in {self.negative_docs} documents)")
        return lines

    def as_dict(self) -> dict[str, Any]:
        """The figures as a JSON-ready dict."""
        p, r, f = self.pair_prf()
        return {
            "segments_found": self.segments,
            "attributions_found": self.attributions,
            "pairs": {"precision": p, "recall": r, "f1": f},
            "negative_pairs": self.negative_pairs,
        }
