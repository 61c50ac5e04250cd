"""Review page: time to write it and its size for N generated documents, and, in headless Chromium, the time
until its index is drawn, until the whole file is parsed, and to open the last document.

    python scripts/bench_review.py                 # 2,000 and 10,000 documents
    python scripts/bench_review.py --docs 2000 --runs 3

The documents come from tests/review_corpus.py (segmented for real, pairs from the templates), so the
figures are the review's own cost, not the aligner's. Chromium: /usr/bin/chromium (Debian's package), with
Playwright for Python.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bilingual.review import ReviewBuilder
from tests.review_corpus import generate
from tests.test_review_browser import CHROMIUM_ARGS


def browser_times(html: Path, n: int, runs: int) -> dict[str, float]:
    """Median seconds, over ``runs`` fresh pages, from navigation to: index drawn, DOMContentLoaded, and the
    last document drawn after that."""
    from playwright.sync_api import sync_playwright

    out: dict[str, list[float]] = {"index": [], "parsed": [], "open_last": []}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        for _ in range(runs):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            start = time.perf_counter()
            page.goto(html.as_uri(), wait_until="commit")
            page.wait_for_selector("#index tbody tr")
            out["index"].append(time.perf_counter() - start)
            page.wait_for_load_state("domcontentloaded")
            out["parsed"].append(time.perf_counter() - start)
            t = time.perf_counter()
            page.evaluate(f"() => {{ location.hash = '#d={n - 1}'; }}")
            page.wait_for_selector("#doc-text .blk")
            out["open_last"].append(time.perf_counter() - t)
            context.close()
        browser.close()
    return {k: statistics.median(v) for k, v in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, nargs="*", default=[2000, 10000])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.docs:
            items = list(generate(n))
            html = Path(tmp) / f"review-{n}.html"
            start = time.perf_counter()
            with ReviewBuilder(html) as review:
                for doc, result in items:
                    review.add(doc, result)
            write_s = time.perf_counter() - start
            stats = review.stats
            assert stats is not None
            t = browser_times(html, n, args.runs)
            print(
                f"{n:>6} documents, {stats.pairs} pairs: written in {write_s:.2f} s, {stats.bytes / 1e6:.1f} MB; "
                f"Chromium: index drawn {t['index']:.2f} s, file parsed {t['parsed']:.2f} s, "
                f"last document opened {t['open_last'] * 1000:.0f} ms (median of {args.runs})"
            )


if __name__ == "__main__":
    main()
