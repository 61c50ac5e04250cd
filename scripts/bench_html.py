"""Web pages as input, measured in one run of this script.

1. Pages/s of the HTML reader (decoding, embedded posts from the markup, main-content extraction, the
   document text) against trafilatura's plain extraction alone (``trafilatura.extract`` on the same bytes),
   and resiliparse's main-content extraction where it is installed, on the same pages, in alternating
   rounds. The pages are the 30 real-dev documents (``../shared/real-dev``, when present) and generated
   articles (tests/review_corpus.py), each in the three site templates of tests/web_pages.py (navigation,
   related articles, scripts, styles, about 95 KB of HTML a page, as real pages weigh).
2. On the real-dev pages, what each extractor keeps: the gold Arabic segments and English renderings found
   in its text, and the templates' furniture that leaks into it; and whether ``bilingual`` gives the same
   pairs for each page as for the same document as text (and how many gold pairs each finds).
3. Peak RSS of ``bilingual run`` over a generated WARC (a request, a response and a metadata record per
   page, one page in ten with an Arabic post and its English) at 1x and 4x the size.

Usage: python scripts/bench_html.py [--pages 60] [--rounds 3] [--warc-pages 2000] [--factor 4] [--jobs 1]
       [--skip-warc] [--skip-pages]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
REAL_DEV = ROOT.parent / "shared" / "real-dev"

from bilingual.web.html import html_document  # noqa: E402
from tests.review_corpus import FILLER, NAMES, TWEETS  # noqa: E402
from tests.web_pages import TEMPLATES, Tweet, page, page_from_text  # noqa: E402

FURNITURE = (
    "Related articles",
    "Sign up for our newsletter",
    "We use cookies",
    "Privacy policy",
    "Recent Posts",
    "Leave a Reply",
    "Most read",
    "More from this section",
    "Share this article",
)
MONTHS = ["January", "March", "May", "July", "October"]


def generated_article(i: int, rng: random.Random, arabic: bool = True) -> tuple[str, list[object]]:
    """A short news article: filler, an Arabic post with its English after it (when ``arabic``), filler."""
    items: list[object] = [f"{rng.choice(FILLER)} {rng.choice(FILLER)} Report number {i} of the series."]
    if arabic:
        ar, en = rng.choice(TWEETS)
        name, handle = rng.choice(NAMES)
        date = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2015, 2024)}"
        items += [
            "One of those who wrote about it on Twitter said:",
            Tweet(ar, name, handle, date, second=rng.randrange(86400)),
            f"{en} the post said.",
        ]
    items.append(" ".join(rng.sample(FILLER, 3)))
    return f"Report {i}: what people are saying", items


def bench_pages(n_generated: int, rounds: int) -> None:
    import trafilatura

    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.html import HTMLTree
    except ImportError:
        extract_plain_text = None  # type: ignore[assignment]
    rng = random.Random(7)
    pages: list[bytes] = []
    real: list[tuple[str, str, bytes]] = []
    if REAL_DEV.is_dir():
        for i, p in enumerate(sorted(REAL_DEV.glob("r*.txt"))):
            text = p.read_text(encoding="utf-8")
            for t, template in enumerate(TEMPLATES):
                html = page_from_text(text, template=template, seed=i).encode()
                pages.append(html)
                if t == i % 3:
                    real.append((p.stem, text, html))
    for i in range(n_generated):
        title, items = generated_article(i, rng)
        pages.append(page(title, items, template=list(TEMPLATES)[i % 3]).encode())  # type: ignore[arg-type]
    size = statistics.mean(len(p) for p in pages)
    print(f"pages: {len(pages)} ({len(real) * 3} from real-dev, {n_generated} generated), mean {size / 1024:.0f} KB")

    runners: dict[str, Callable[[bytes], object]] = {
        "bilingual HTML reader (extraction + embeds)": lambda b: html_document(b, "p.html", "p"),
        "trafilatura.extract alone": lambda b: trafilatura.extract(b),
    }
    if extract_plain_text is not None:
        runners["resiliparse main content alone"] = lambda b: extract_plain_text(
            HTMLTree.parse_from_bytes(b), main_content=True
        )
    for fn in runners.values():  # warm-up: imports, regex compilation, trafilatura's caches
        for b in pages[:5]:
            fn(b)
    times: dict[str, list[float]] = {k: [] for k in runners}
    for _ in range(rounds):
        for name, fn in runners.items():
            t0 = time.perf_counter()
            for b in pages:
                fn(b)
            times[name].append(time.perf_counter() - t0)
    print(f"{'':<46}{'pages/s':>9}{'ms/page':>9}   (median of {rounds} alternating rounds)")
    for name, ts in times.items():
        t = statistics.median(ts)
        print(f"{name:<46}{len(pages) / t:>9.1f}{1000 * t / len(pages):>9.1f}")
    if real:
        quality(real, trafilatura, extract_plain_text)


def _fold(s: str) -> str:
    return " ".join(s.split())


def quality(real: list[tuple[str, str, bytes]], trafilatura: object, extract_plain_text: object) -> None:
    from bilingual.align import Aligner
    from bilingual.model import Document
    from bilingual.segment import segment
    from bilingual.web.markup import attach_post_urls

    gold = {}
    for line in (REAL_DEV / "gold.jsonl").open(encoding="utf-8"):
        g = json.loads(line)
        gold[g["doc"].removesuffix(".txt")] = g
    extractors: dict[str, Callable[[bytes], str]] = {
        "bilingual HTML reader": lambda b: html_document(b, "p.html", "p").text,  # type: ignore[union-attr]
        "trafilatura.extract": lambda b: trafilatura.extract(b) or "",  # type: ignore[attr-defined]
    }
    if extract_plain_text is not None:
        from resiliparse.parse.html import HTMLTree

        extractors["resiliparse main content"] = lambda b: extract_plain_text(  # type: ignore[operator]
            HTMLTree.parse_from_bytes(b), main_content=True
        )
    n_ar = sum(len(gold[d]["segments_ar"]) for d, _, _ in real)
    n_en = sum(len(gold[d]["pairs"]) for d, _, _ in real)
    print(f"\nreal-dev as pages ({len(real)} documents, one template each): what the text keeps")
    print(f"{'':<28}{'Arabic segments':>17}{'English renderings':>20}{'pages leaking furniture':>25}")
    for name, fn in extractors.items():
        ar = en = leaks = 0
        for doc, _text, html in real:
            out = _fold(fn(html))
            ar += sum(_fold(s) in out for s in gold[doc]["segments_ar"])
            en += sum(_fold(p["en"]) in out for p in gold[doc]["pairs"])
            leaks += any(f in out for f in FURNITURE)
        print(f"{name:<28}{f'{ar}/{n_ar}':>17}{f'{en}/{n_en}':>20}{f'{leaks}/{len(real)}':>25}")

    aligner = Aligner()

    def pairs(doc: Document) -> list[tuple[str, str, str, str, str]]:
        segment(doc)
        result = aligner.align(doc)
        attach_post_urls(doc, result)
        return [
            (_fold(p.ar), _fold(p.en), p.meta.get("handle") or "", p.meta.get("date") or "", p.meta.get("url") or "")
            for p in result.pairs
        ]

    def matches(a: str, b: str) -> bool:
        short, long = sorted((a, b), key=len)
        return bool(short) and short in long and len(short) >= 0.5 * len(long)

    same = n_text = n_html = hit_text = hit_html = urls = 0
    for doc_id, text, html in real:
        as_text = pairs(Document(doc_id, text))
        as_page = pairs(html_document(html, f"{doc_id}.html", doc_id))  # type: ignore[arg-type]
        same += len({p[:4] for p in as_text} & {p[:4] for p in as_page})
        n_text, n_html = n_text + len(as_text), n_html + len(as_page)
        urls += sum(1 for p in as_page if p[4])
        for g in gold[doc_id]["pairs"]:
            ga, ge = _fold(g["ar"]), _fold(g["en"])
            hit_text += any(matches(ga, p[0]) and matches(ge, p[1]) for p in as_text)
            hit_html += any(matches(ga, p[0]) and matches(ge, p[1]) for p in as_page)
    print(
        f"\npairs (ar, en, handle, date): {n_text} from the texts, {n_html} from the pages, {same} the same; "
        f"{urls} page pairs carry a status URL"
    )
    print(f"gold pairs found (both sides overlap by half the longer): text {hit_text}/{n_en}, pages {hit_html}/{n_en}")


HELPER = r"""
import json, resource, sys, time
from bilingual.pipeline import Pipeline, RunOptions
t0 = time.perf_counter()
m = Pipeline(RunOptions(formats=("jsonl",)), jobs=int(sys.argv[3])).run([sys.argv[1]], sys.argv[2])
dt = time.perf_counter() - t0
rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"seconds": dt, "docs": m.documents_read, "failed": m.documents_failed, "pairs": m.pairs_found,
                  "skipped": sum(m.records_skipped.values()), "rss_kb": rss}))
"""


def build_warc(path: Path, n: int, seed: int = 3) -> int:
    """A crawl of ``n`` pages: per page a request, a response (HTML, one page in ten with an Arabic post)
    and a metadata record; returns the number of records."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    records = 1
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "bench_html"}))
        for i in range(n):
            url = f"https://news.example.com/{i}"
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example.com")], is_http_request=True)
            w.write_record(w.create_warc_record(url, "request", http_headers=req))
            title, items = generated_article(i, rng, arabic=i % 10 == 0)
            body = page(title, items, template=list(TEMPLATES)[i % 3], bulk=False).encode()  # type: ignore[arg-type]
            head = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=head))
            w.write_record(w.create_warc_record(url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 12\n")))
            records += 3
    return records


def bench_warc(n: int, factor: int, jobs: int) -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        rows = []
        for k in (1, factor):
            path = tmp / f"crawl-{k}x.warc.gz"
            records = build_warc(path, n * k)
            r = subprocess.run(
                [sys.executable, "-c", HELPER, str(path), str(tmp / f"out-{k}"), str(jobs)],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            result = json.loads(r.stdout.strip().splitlines()[-1])
            rows.append((k, records, path.stat().st_size, result))
        print(f"\nbilingual run over a WARC (--jobs {jobs}, --format jsonl)")
        header = ("size", "records", "MB", "pages", "skipped", "pairs", "s", "pages/s", "RSS MB")
        print(f"{header[0]:<6}" + "".join(f"{h:>9}" for h in header[1:]))
        for k, records, nbytes, r in rows:
            print(
                f"{k}x{'':<4}{records:>9}{nbytes / 2**20:>9.1f}{r['docs']:>9}{r['skipped']:>9}{r['pairs']:>9}"
                f"{r['seconds']:>9.1f}{r['docs'] / r['seconds']:>9.1f}{r['rss_kb'] / 1024:>9.0f}"
            )
        print(f"peak RSS {factor}x / 1x: {rows[1][3]['rss_kb'] / rows[0][3]['rss_kb']:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=60, help="generated pages beside real-dev's 90")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--warc-pages", type=int, default=2000, help="pages of the 1x WARC (3 records each)")
    ap.add_argument("--factor", type=int, default=4)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--skip-pages", action="store_true")
    ap.add_argument("--skip-warc", action="store_true")
    args = ap.parse_args()
    t0 = time.time()
    if not args.skip_pages:
        bench_pages(args.pages, args.rounds)
    if not args.skip_warc:
        bench_warc(args.warc_pages, args.factor, args.jobs)
    print(f"({time.time() - t0:.0f}s)", file=sys.stderr)


if __name__ == "__main__":
    main()
