"""The two-stage logistic scoring model: stage one over a candidate's signals, stage two against its rivals."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bilingual.align.features import FEATURES, STAGE2_FEATURES
from bilingual.align.units import Candidates, Unit
from bilingual.resources import read_text


@dataclass(frozen=True)
class AlignModel:
    """Logistic weights over :data:`FEATURES` (one set with embeddings, one without), a second stage
    over :data:`STAGE2_FEATURES` (each candidate's stage-one logit against its best rivals), and the
    threshold on the final probability."""

    weights: dict[str, dict[str, float]]
    bias: dict[str, float]
    threshold: dict[str, float]
    stage2: dict[str, dict[str, float]] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)
    # Gloss pairs (inline units): per variant, weights over GLOSS_FEATURES plus "bias", and a threshold.
    gloss: dict[str, dict[str, float]] = field(default_factory=dict)
    gloss_threshold: dict[str, float] = field(default_factory=dict)

    @classmethod
    def untrained(cls) -> AlignModel:
        """All weights zero (every score 0.5): what the fitting script starts from."""
        return cls(
            {"embedding": {}, "no_embedding": {}},
            {"embedding": 0.0, "no_embedding": 0.0},
            {"embedding": 0.5, "no_embedding": 0.5},
        )

    @classmethod
    def load(cls, path: str | None = None) -> AlignModel:
        """The shipped model (``resources/align_model.json``) or one fitted by ``scripts/fit_align.py``."""
        if path is None:
            data = json.loads(read_text("align_model.json"))
        else:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        return cls(
            data["weights"],
            data["bias"],
            data["threshold"],
            data.get("stage2", {}),
            data.get("info", {}),
            data.get("gloss", {}),
            data.get("gloss_threshold", {}),
        )

    def variant(self, with_embeddings: bool) -> str:
        """Which weight set applies: ``embedding`` or ``no_embedding``."""
        return "embedding" if with_embeddings and "embedding" in self.weights else "no_embedding"

    def gloss_probability(self, feats: np.ndarray, variant: str) -> np.ndarray | None:
        """Calibrated P(gloss pair is right) for every gloss candidate; None if the model has no gloss part."""
        from bilingual.align.gloss import GLOSS_FEATURES

        w = self.gloss.get(variant)
        if not w:
            return None
        z = feats @ np.array([w.get(f, 0.0) for f in GLOSS_FEATURES]) + w.get("bias", 0.0)
        return 1.0 / (1.0 + np.exp(-z))

    def logit1(self, feats: np.ndarray, variant: str) -> np.ndarray:
        """Stage one: the logit of each candidate from its own signals."""
        w = np.array([self.weights[variant].get(f, 0.0) for f in FEATURES], dtype=np.float64)
        return feats @ w + self.bias[variant]

    def probability(self, cands: Candidates, variant: str) -> np.ndarray:
        """Calibrated P(pair is right) for every candidate of a document."""
        z1 = self.logit1(cands.features, variant)
        st = self.stage2.get(variant)
        if not st:
            return 1.0 / (1.0 + np.exp(-z1))
        x2 = stage2_features(cands, z1)
        w2 = np.array([st.get(f, 0.0) for f in STAGE2_FEATURES])
        return 1.0 / (1.0 + np.exp(-(x2 @ w2 + st.get("bias", 0.0))))


def rival_max(grid: np.ndarray, lo: np.ndarray, hi: np.ndarray, floor: float = -30.0) -> np.ndarray:
    """For every cell (i, j): the largest ``grid[i, j']`` over columns j' that do not overlap column j,
    or ``floor``. Column j spans [lo[j], hi[j]] of one ordered list (units are contiguous runs of it),
    so the non-overlapping columns are those ending before it starts or starting after it ends: a
    prefix maximum over columns sorted by end and a suffix maximum over columns sorted by start."""
    n_rows, n = grid.shape
    out = np.full((n_rows, n), floor)
    if n == 0:
        return out
    by_hi = np.argsort(hi, kind="stable")
    prefix = np.maximum.accumulate(grid[:, by_hi], axis=1)
    before = np.searchsorted(hi[by_hi], lo, side="left")  # columns ending before j starts
    has = before > 0
    out[:, has] = np.maximum(out[:, has], prefix[:, before[has] - 1])
    by_lo = np.argsort(lo, kind="stable")
    suffix = np.maximum.accumulate(grid[:, by_lo][:, ::-1], axis=1)[:, ::-1]
    after = np.searchsorted(lo[by_lo], hi, side="right")  # columns starting after j ends
    has = after < n
    out[:, has] = np.maximum(out[:, has], suffix[:, after[has]])
    return out


def _span(units: list[Unit]) -> tuple[np.ndarray, np.ndarray]:
    return np.array([min(u.segments) for u in units]), np.array([max(u.segments) for u in units])


def stage2_features(cands: Candidates, z1: np.ndarray) -> np.ndarray:
    """Per candidate: its stage-one logit, and how far it lies above the best candidate of the same Arabic
    unit whose English does not overlap it, and above the best other Arabic unit for the same English."""
    n_ar, n_en = len(cands.ar_units), len(cands.en_units)
    grid = np.full((n_ar, n_en), -30.0)
    ai = np.array([i for i, _ in cands.index])
    ej = np.array([j for _, j in cands.index])
    grid[ai, ej] = z1
    rival_ar = rival_max(grid, *_span(cands.en_units))  # (n_ar, n_en)
    rival_en = rival_max(grid.T, *_span(cands.ar_units)).T  # (n_ar, n_en)
    # Rivals count only down to a plausible level (p = 0.05): standing far above hopeless rivals must
    # not make a poor candidate good (a two-sentence document would otherwise pair anything). Capped.
    floor = -3.0
    gap_ar = z1 - np.maximum(rival_ar[ai, ej], floor)
    gap_en = z1 - np.maximum(rival_en[ai, ej], floor)
    return np.column_stack([z1, np.clip(gap_ar, -3, 3), np.clip(gap_en, -3, 3)])
