"""``bilingual run --jobs 2`` against ``--jobs 1`` on an all-Arabic corpus (every document has Arabic, so every
one is aligned), side by side in one run, with the total memory of each run: the parent and its workers.

Usage: python scripts/bench_jobs.py [--docs 400] [--rounds 3] [--chunk-size 256]
The corpus (JSONL) is built as scripts/bench_corpus.py builds it (seeds and align-dev documents with
variations), all keeping their Arabic. Each run is a fresh `bilingual run` process; rounds alternate which
of the two goes first and the report gives each round's ratio and the median. Memory: the process tree is
sampled every 100 ms; "total RSS" is the peak of the sum of the RSS of the parent and its workers, and
"total PSS" the same for PSS (proportional set size: pages shared between the processes, such as the
encoder's memory-mapped table and what the workers inherit at fork, are divided among them instead of
counted in each). Target: >= 1.7x.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_corpus import build  # noqa: E402

HELPER = r"""
import json, sys, time
from bilingual.pipeline import Pipeline, RunOptions
t0 = time.perf_counter()
m = Pipeline(RunOptions(), jobs=int(sys.argv[3]), chunk_size=int(sys.argv[4])).run([sys.argv[1]], sys.argv[2])
print(json.dumps({"seconds": time.perf_counter() - t0, "docs": m.documents_read, "pairs": m.pairs_written}))
"""


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (from /proc/PID/task/TID/children: cheap, so the sampling does not take
    a core's share from the run it measures)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                continue
    return out


def _memory_kb(pids: list[int]) -> tuple[int, int]:
    """Summed RSS and PSS (kB) of ``pids``."""
    rss = pss = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return rss, pss


def measure(corpus: Path, jobs: int, chunk_size: int, tmp: Path) -> dict[str, float]:
    """One ``bilingual run``: its seconds and result, and the peak summed RSS and PSS of its process tree."""
    out = tmp / f"out-{jobs}-{time.monotonic_ns()}"
    proc = subprocess.Popen(
        [sys.executable, "-c", HELPER, str(corpus), str(out), str(jobs), str(chunk_size)],
        stdout=subprocess.PIPE,
        text=True,
    )
    peak_rss = peak_pss = workers = 0
    while proc.poll() is None:
        pids = _tree(proc.pid)
        workers = max(workers, len(pids) - 1)
        rss, pss = _memory_kb(pids)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.1)
    stdout = proc.stdout.read() if proc.stdout else ""
    if proc.returncode:
        raise SystemExit(f"bilingual run --jobs {jobs} failed ({proc.returncode})")
    r = json.loads(stdout.strip().splitlines()[-1])
    r.update(rss_kb=peak_rss, pss_kb=peak_pss, workers=workers)
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=400)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--chunk-size", type=int, default=256)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        corpus = tmp / "all-arabic.jsonl"
        build(corpus, args.docs, 1.0)
        runs: dict[int, list[dict[str, float]]] = {1: [], 2: []}
        for r in range(args.rounds):
            for jobs in (1, 2) if r % 2 == 0 else (2, 1):
                runs[jobs].append(measure(corpus, jobs, args.chunk_size, tmp))
        ratios = [a["seconds"] / b["seconds"] for a, b in zip(runs[1], runs[2], strict=True)]
        print(f"all-Arabic corpus: {args.docs} documents, every one with Arabic; {runs[1][0]['pairs']:.0f} pairs")
        print(
            f"{'median of ' + str(args.rounds) + ' runs':<22}{'seconds':>9}{'docs/s':>9}"
            f"{'total RSS MB':>14}{'total PSS MB':>14}"
        )
        for jobs in (1, 2):
            sec = statistics.median(x["seconds"] for x in runs[jobs])
            rss = max(x["rss_kb"] for x in runs[jobs]) / 1024
            pss = max(x["pss_kb"] for x in runs[jobs]) / 1024
            label = f"--jobs {jobs} ({runs[jobs][0]['workers']:.0f} workers)" if jobs > 1 else "--jobs 1"
            print(f"{label:<22}{sec:>9.1f}{args.docs / sec:>9.1f}{rss:>14.0f}{pss:>14.0f}")
        print("(memory: peak of the sum over the parent and its workers, the largest of the runs)")
        print(f"speed-up per round: {', '.join(f'{x:.2f}x' for x in ratios)}")
        print(f"speed-up --jobs 2 / --jobs 1: {statistics.median(ratios):.2f}x, median (target >= 1.7x)")


if __name__ == "__main__":
    main()
