"""This tree against an earlier revision, side by side in one run: segment + language throughput, and
aligner documents/s, on the same inputs.

Usage: python scripts/bench_compare.py --rev REV [--stage segment|align|both] [--rounds 5] [--mb 5]
The revision is checked out into a temporary git worktree. Each round times both trees, alternating
which goes first, each in a fresh subprocess (so caches and imports are each tree's own), on inputs
written once to a temporary file; the report gives each round and the median ratio (new / old). The
machines are shared: only the alternating median means anything.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

_CHILD = r"""
import json, sys, time
stage, path = sys.argv[1], sys.argv[2]
docs = json.load(open(path, encoding="utf-8"))
if stage == "segment":
    from bilingual import segment_text
    segment_text(docs[0])
    best = float("inf")
    for _ in range(2):
        t0 = time.perf_counter()
        for d in docs:
            segment_text(d)
        best = min(best, time.perf_counter() - t0)
    print(json.dumps({"seconds": best, "units": sum(len(d.encode("utf-8")) for d in docs) / 1e6}))
else:
    import warnings
    warnings.simplefilter("ignore")
    from bilingual import Aligner, Document
    aligner = Aligner()
    aligner.align(Document(id="warm", text=docs[0]))
    t0 = time.perf_counter()
    for n, d in enumerate(docs):
        aligner.align(Document(id=str(n), text=d))
    print(json.dumps({"seconds": time.perf_counter() - t0, "units": len(docs)}))
"""


def _inputs(stage: str, mb: float) -> list[str]:
    if stage == "segment":
        sys.path.insert(0, str(ROOT / "scripts"))
        from bench_segment import build_corpus

        return build_corpus(int(mb * 1e6))
    paths = sorted((SHARED / "align-dev" / "align_docs").glob("*.txt")) + sorted((SHARED / "real-dev").glob("r*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def _run(tree: Path, stage: str, path: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, stage, path], env=env, capture_output=True, text=True, check=True, cwd=tree
    )
    r = json.loads(out.stdout.strip().splitlines()[-1])
    return float(r["units"]) / float(r["seconds"])


def compare(rev: str, stage: str, rounds: int, mb: float) -> None:
    """Print both trees' rates per round and the median ratio."""
    unit = "MB/s" if stage == "segment" else "docs/s"
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old), rev], check=True, capture_output=True
        )
        try:
            data = Path(tmp) / "inputs.json"
            data.write_text(json.dumps(_inputs(stage, mb)), encoding="utf-8")
            ratios = []
            for r in range(rounds):
                order = [(ROOT, "new"), (old, "old")] if r % 2 == 0 else [(old, "old"), (ROOT, "new")]
                rates = {name: _run(tree, stage, str(data)) for tree, name in order}
                ratios.append(rates["new"] / rates["old"])
                print(f"  {stage} round {r + 1}: new {rates['new']:.2f} {unit}, old ({rev}) {rates['old']:.2f} {unit}")
            print(f"{stage}: new / old = {statistics.median(ratios):.3f} (median of {rounds} alternating rounds)")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], capture_output=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rev", required=True, help="the earlier revision (commit, tag or branch)")
    ap.add_argument("--stage", choices=["segment", "align", "both"], default="both")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--mb", type=float, default=5.0, help="segment corpus size in MB (default 5)")
    args = ap.parse_args()
    for stage in ("segment", "align") if args.stage == "both" else (args.stage,):
        compare(args.rev, stage, args.rounds, args.mb)


if __name__ == "__main__":
    main()
