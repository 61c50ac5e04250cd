"""Corpus runs at scale: documents/s with --jobs 1 and --jobs 2 on the same >= 10,000-document corpus, and
peak memory (RSS) at 10k vs 40k documents, measured in one run of this script.

Usage: python scripts/bench_corpus.py [--docs 10000] [--big 40000] [--arabic-share 0.3]
The corpus (JSONL) is built from the seeds and the align-dev documents with variations (a numbered
heading, a dropped line, two lines swapped; a share of them stripped of their Arabic). Each
measurement runs `bilingual run` in a fresh process; peak RSS is the largest of that process and
its workers (getrusage). Targets: jobs 2 >= 1.7x jobs 1; RSS at 40k within 20% of RSS at 10k.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

HELPER = r"""
import json, resource, sys, time
from bilingual.pipeline import Pipeline, RunOptions
t0 = time.perf_counter()
m = Pipeline(RunOptions(), jobs=int(sys.argv[3]), chunk_size=256).run([sys.argv[1]], sys.argv[2])
dt = time.perf_counter() - t0
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"seconds": dt, "docs": m.documents_read, "pairs": m.pairs_written, "rss_kb": rss}))
"""


def build(path: Path, n: int, arabic_share: float, seed: int = 11) -> None:
    from bilingual.script import has_arabic

    rng = random.Random(seed)
    sources = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]
    sources += [p.read_text(encoding="utf-8") for p in sorted((SHARED / "align-dev" / "align_docs").glob("*.txt"))]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            lines = rng.choice(sources).split("\n")
            if rng.random() >= arabic_share:
                lines = [line for line in lines if not has_arabic(line)]
            if len(lines) > 4:
                lines.pop(rng.randrange(len(lines)))
                a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[a], lines[b] = lines[b], lines[a]
            fh.write(json.dumps({"id": f"d{i:06d}", "text": f"Report {i}\n" + "\n".join(lines)}) + "\n")


def measure(corpus: Path, jobs: int, tmp: Path) -> dict[str, float]:
    out = tmp / f"out-{corpus.stem}-{jobs}"
    r = subprocess.run(
        [sys.executable, "-c", HELPER, str(corpus), str(out), str(jobs)], capture_output=True, text=True, check=True
    )
    return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--big", type=int, default=40_000, help="documents for the memory comparison (0: skip it)")
    ap.add_argument("--arabic-share", type=float, default=0.3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        small, big = tmp / "small.jsonl", tmp / "big.jsonl"
        build(small, args.docs, args.arabic_share)
        t0 = time.time()
        j1 = measure(small, 1, tmp)
        j2 = measure(small, 2, tmp)
        rows = [("--jobs 1", j1), ("--jobs 2", j2)]
        if args.big:
            build(big, args.big, args.arabic_share)
            b2 = measure(big, 2, tmp)
            rows.append((f"--jobs 2, {args.big} docs", b2))
        print(f"corpus: {args.docs} documents ({args.arabic_share:.0%} keep their Arabic); {j1['pairs']} pairs")
        print(f"{'':<26}{'docs':>8}{'seconds':>10}{'docs/s':>9}{'peak RSS MB':>13}")
        for name, r in rows:
            print(
                f"{name:<26}{r['docs']:>8.0f}{r['seconds']:>10.1f}{r['docs'] / r['seconds']:>9.1f}"
                f"{r['rss_kb'] / 1024:>13.0f}"
            )
        print(f"speed-up jobs 2 / jobs 1: {j1['seconds'] / j2['seconds']:.2f}x (target >= 1.7x)")
        if args.big:
            print(f"peak RSS {args.big} / {args.docs} docs: {b2['rss_kb'] / j2['rss_kb']:.2f}x (target within 1.20x)")
        print(f"({time.time() - t0:.0f}s)", file=sys.stderr)


if __name__ == "__main__":
    main()
