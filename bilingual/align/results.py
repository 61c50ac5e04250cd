"""What the aligner returns: pairs, unpaired Arabic segments, and one document's result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class AlignedPair:
    """An Arabic segment and the English that says the same thing, with the score and its evidence."""

    ar: str
    en: str
    score: float
    ar_span: tuple[int, int]
    en_span: tuple[int, int]
    ar_segments: tuple[int, ...]
    en_segments: tuple[int, ...]
    evidence: dict[str, Any]
    meta: dict[str, Any] = field(default_factory=dict)
    # translation | paraphrase (a block rendered loosely) | gloss (a short inline rendering)
    kind: str = "translation"
    # what the Arabic is: tweet, paragraph, heading, joined (two blocks), hashtag or phrase (inline)
    unit: str = "paragraph"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the ``pairs`` items of ``bilingual align`` output)."""
        d: dict[str, Any] = {
            "ar": self.ar,
            "en": self.en,
            "score": round(self.score, 4),
            "kind": self.kind,
            "unit": self.unit,
            "ar_span": list(self.ar_span),
            "en_span": list(self.en_span),
            "ar_segments": list(self.ar_segments),
            "en_segments": list(self.en_segments),
            "evidence": self.evidence,
        }
        if self.meta:
            d["meta"] = self.meta
        return d


@dataclass
class UnpairedSegment:
    """An Arabic segment left without English, and why."""

    ar: str
    ar_span: tuple[int, int]
    segment: int
    reason: str
    best_score: float | None = None
    best_en_span: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the ``unpaired`` items of ``bilingual align`` output)."""
        d: dict[str, Any] = {
            "ar": self.ar,
            "ar_span": list(self.ar_span),
            "segment": self.segment,
            "reason": self.reason,
        }
        if self.best_score is not None:
            d["best_score"] = round(self.best_score, 4)
            d["best_en_span"] = list(self.best_en_span) if self.best_en_span else None
        return d


@dataclass
class AlignmentResult:
    """The pairs found in one document and the Arabic segments left unpaired."""

    doc_id: str
    source: str
    pairs: list[AlignedPair]
    unpaired: list[UnpairedSegment]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: one line of ``bilingual align`` JSONL output."""
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "pairs": [p.to_dict() for p in self.pairs],
            "unpaired": [u.to_dict() for u in self.unpaired],
        }
