"""Gold alignments in the align-dev format (``align_gold.jsonl``) and how predictions are scored.

A predicted pair is correct when its Arabic span is the gold one and its English covers most
(≥ 50 %) of the gold English characters. The strict count also asks that most (≥ 50 %) of the
predicted English lies inside the gold English with its context (lead-in) sentence.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bilingual.align import AlignmentResult, Candidates, Unit


@dataclass
class GoldDoc:
    """One document's gold pairs and orphan Arabic blocks."""

    doc_id: str
    path: Path
    pairs: list[dict[str, Any]]
    orphans: list[dict[str, Any]]
    domain: str = ""


def load_gold(directory: str | Path) -> list[GoldDoc]:
    """Read ``align_gold.jsonl`` and locate each document under ``align_docs/``."""
    d = Path(directory)
    out = []
    with (d / "align_gold.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            g = json.loads(line)
            out.append(
                GoldDoc(g["doc_id"], d / "align_docs" / g["file"], g["pairs"], g["orphans"], g.get("domain", ""))
            )
    return out


def _overlap(a: tuple[int, int], spans: Iterable[Sequence[int]]) -> int:
    return sum(max(0, min(a[1], e) - max(a[0], s)) for s, e in spans)


def english_match(en_span: tuple[int, int], gold: dict[str, Any]) -> tuple[float, float]:
    """(share of the gold English covered, share of the predicted English inside gold English + context)."""
    gold_len = sum(e - s for s, e in gold["en_spans"])
    cover = _overlap(en_span, gold["en_spans"]) / max(1, gold_len)
    ctx = gold.get("en_context_spans") or gold["en_spans"]
    precision = _overlap(en_span, ctx) / max(1, en_span[1] - en_span[0])
    return cover, precision


def label(ar: Unit, en: Unit, gold: GoldDoc) -> int:
    """Training label: 1 for the exact gold Arabic block with an English unit that is the gold English;
    -1 (left out of training) for the gold Arabic with English that only partly overlaps the gold
    (a window one sentence too long, half of a split translation); 0 otherwise."""
    for p in gold.pairs:
        if (ar.start, ar.end) == tuple(p["ar_span"]):
            cover, precision = english_match((en.start, en.end), p)
            if cover >= 0.8 and precision >= 0.7:
                return 1
            return -1 if cover > 0 else 0
    return 0


def labels(cands: Candidates, gold: GoldDoc) -> list[int]:
    """1/0/-1 label per candidate row (see :func:`label`)."""
    return [label(cands.ar_units[i], cands.en_units[j], gold) for i, j in cands.index]


@dataclass
class Score:
    """Counts over documents; properties give P/R/F1 and the orphan false-pair rate."""

    tp: int = 0
    tp_strict: int = 0
    predicted: int = 0
    gold: int = 0
    orphans: int = 0
    orphans_paired: int = 0
    by_category: dict[str, list[int]] = field(default_factory=dict)  # category → [found, total]

    def add(self, result: AlignmentResult, gold: GoldDoc) -> None:
        """Score one document's result against its gold."""
        self.predicted += len(result.pairs)
        self.gold += len(gold.pairs)
        self.orphans += len(gold.orphans)
        orphan_spans = {tuple(o["ar_span"]) for o in gold.orphans}
        self.orphans_paired += sum(1 for p in result.pairs if tuple(p.ar_span) in orphan_spans)
        for g in gold.pairs:
            hit = strict = False
            for p in result.pairs:
                if tuple(p.ar_span) == tuple(g["ar_span"]):
                    cover, precision = english_match(p.en_span, g)
                    hit = cover >= 0.5
                    strict = hit and precision >= 0.5
            self.tp += hit
            self.tp_strict += strict
            for cat in categories(g, gold.domain):
                c = self.by_category.setdefault(cat, [0, 0])
                c[0] += hit
                c[1] += 1

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def f1_strict(self) -> float:
        p = self.tp_strict / self.predicted if self.predicted else 0.0
        r = self.tp_strict / self.gold if self.gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def orphan_rate(self) -> float:
        return self.orphans_paired / self.orphans if self.orphans else 0.0


def categories(pair: dict[str, Any], domain: str) -> list[str]:
    """The categories a gold pair counts in (distance, attribution, lead-in, split, position, domain)."""
    cats = ["adjacent(d=0)" if pair["distance"] == 0 else "distant(d>=1)"]
    if pair.get("attribution"):
        cats.append("attribution")
    if pair.get("leadin"):
        cats.append("leadin")
    if pair.get("split_translation"):
        cats.append("split_translation")
    cats.append("en_before" if pair.get("en_position") == "before" else "en_after")
    if domain:
        cats.append(f"domain:{domain}")
    return cats
