"""Documents/s and texts encoded/s of the aligner against a naive baseline (encode every segment of every
document, score all pairs), in the same run, on a corpus where most documents have no Arabic.

Usage: python scripts/bench_align.py [--docs 400] [--arabic-share 0.2] [--rounds 3]
The corpus: align-dev documents (with Arabic) and English-only documents (the seeds and align-dev
documents with their Arabic lines removed), mixed at --arabic-share. Target: >= 3x the baseline.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import numpy as np

from bilingual import Aligner, Document
from bilingual.encoders import USEEncoder
from bilingual.script import has_arabic
from bilingual.segment import segment_text

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


class CountingEncoder(USEEncoder):
    """USE, counting the texts it encodes."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def encode(self, texts):  # type: ignore[no-untyped-def]
        self.count += len(texts)
        return super().encode(texts)


def build(n: int, arabic_share: float, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    with_ar = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "align-dev" / "align_docs").glob("*.txt"))]
    english = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    english += ["\n".join(line for line in t.split("\n") if not has_arabic(line)) for t in with_ar]
    docs = []
    for i in range(n):
        pool = with_ar if rng.random() < arabic_share else english
        docs.append(f"Report {i}.\n" + rng.choice(pool))
    return docs


def baseline(docs: list[str], enc: CountingEncoder) -> None:
    """Encode every block and sentence of every document and score all pairs."""
    for i, t in enumerate(docs):
        doc = segment_text(t, str(i))
        texts = [s.text for s in doc.segments if s.kind != "run"]
        if not texts:
            continue
        v = enc.encode(texts)
        _ = v @ v.T


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=400)
    ap.add_argument("--arabic-share", type=float, default=0.2)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    docs = build(args.docs, args.arabic_share)
    n_ar = sum(1 for d in docs if has_arabic(d))
    enc_ours, enc_base = CountingEncoder(), CountingEncoder()
    enc_ours.encode(["warm up"])
    enc_base.encode(["warm up"])
    aligner = Aligner(encoder=enc_ours)
    aligner.align(Document(id="w", text=docs[0]))  # load the lexicon outside the timing
    # Rounds alternate the two, and each round gives a ratio: on a shared machine a neighbour's load
    # lands on both sides of a round, so the median ratio is steadier than one pass of each.
    ours_t, base_t, ratios = [], [], []
    for _ in range(args.rounds):
        enc_ours.count = enc_base.count = 0
        t0 = time.perf_counter()
        pairs = sum(len(aligner.align(Document(id=str(i), text=d)).pairs) for i, d in enumerate(docs))
        ours_t.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        baseline(docs, enc_base)
        base_t.append(time.perf_counter() - t0)
        ratios.append(base_t[-1] / ours_t[-1])
    ours, base = min(ours_t), min(base_t)
    print(f"corpus: {len(docs)} documents, {n_ar} with Arabic ({n_ar / len(docs):.0%}); {pairs} pairs found")
    head = f"best of {args.rounds} rounds"
    print(f"{head:<34}{'seconds':>9}{'docs/s':>9}{'texts encoded':>15}{'encoded/s':>11}")
    print(
        f"{'bilingual align':<34}{ours:>9.1f}{len(docs) / ours:>9.1f}{enc_ours.count:>15}{enc_ours.count / ours:>11.0f}"
    )
    print(
        f"{'baseline: encode all, all pairs':<34}{base:>9.1f}{len(docs) / base:>9.1f}{enc_base.count:>15}"
        f"{enc_base.count / base:>11.0f}"
    )
    print(f"speed-up per round: {', '.join(f'{r:.1f}x' for r in ratios)}")
    print(f"speed-up: {float(np.median(ratios)):.1f}x documents/s, median of the rounds (target >= 3x)")


if __name__ == "__main__":
    main()
