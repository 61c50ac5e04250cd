"""The review page in headless Chromium (Debian's ``chromium`` package, driven by Playwright for Python).

These tests skip, saying why, where Playwright or Chromium is missing; under CI (``CI=true``) a missing
browser fails instead. Screenshots of document views are saved in each test's temporary folder.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bilingual.align import AlignedPair, AlignmentResult
from bilingual.cli import app
from bilingual.model import Document
from bilingual.review import ReviewBuilder, read_decisions
from bilingual.segment import segment

from .conftest import ALIGN_DEV, requires_shared
from .review_corpus import generate
from .test_review import HOSTILE, export_counts, page_parts

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str | None:
    for name in (os.environ.get("BILINGUAL_CHROMIUM"), "/usr/bin/chromium", "chromium", "chromium-browser"):
        if name and (path := shutil.which(name)):
            return path
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """A headless Chromium (its own fresh profile), or a skip (a failure under CI) saying what is missing."""
    missing = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "Playwright for Python is not installed (pip install -e '.[dev]')"
    chromium = _chromium()
    if missing is None and chromium is None:
        missing = "no Chromium found (apt-get install chromium; or set BILINGUAL_CHROMIUM)"
    if missing is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run in CI: {missing}")
        pytest.skip(missing)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page in a new browser context (its own storage), failing the test on any script error."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("console", lambda m: m.type == "error" and errors.append(f"console: {m.text}"))
    pg.on("request", lambda r: r.url.startswith(("http:", "https:")) and errors.append(f"request: {r.url}"))
    yield pg
    context.close()
    assert not errors, errors


def open_review(page: Any, html: Path, fragment: str = "") -> float:
    """Open a review; return the seconds until its index (or document) is drawn."""
    start = time.perf_counter()
    page.goto(html.as_uri() + fragment, wait_until="commit")
    page.wait_for_selector("html[data-ready]")
    return time.perf_counter() - start


def download_decisions(page: Any, tmp: Path) -> list[dict]:
    with page.expect_download() as info:
        page.click("#download")
    path = tmp / f"decisions-{time.monotonic_ns()}.jsonl"
    info.value.save_as(path)
    assert info.value.suggested_filename == "decisions.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def show_document(page: Any, i: int) -> None:
    """Go to document ``i`` by its address, as a bookmark or the back button would."""
    page.evaluate(f"() => {{ location.hash = '#d={i}'; }}")
    page.wait_for_function(f"() => document.getElementById('doc-title').textContent.includes('· {i + 1} of')")


# In the page: the rectangle of the character at `offset` of an element's text (walking its text nodes).
CHAR_RECT = """([selector, offset]) => {
  const root = document.querySelector(selector);
  const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let node, left = offset;
  while ((node = walk.nextNode())) {
    if (left < node.length) {
      const r = document.createRange();
      r.setStart(node, left);
      r.setEnd(node, left + 1);
      const b = r.getBoundingClientRect();
      return {x: b.left + b.width / 2, y: b.top + b.height / 2};
    }
    left -= node.length;
  }
  return null;
}"""

PAIR_CHECK = """() => {
  const out = [];
  for (const card of document.querySelectorAll('#pairs .card')) {
    const k = card.dataset.pair;
    const ar = [...document.querySelectorAll(`#doc-text [data-pair="${k}"][data-side="ar"]`)];
    const en = [...document.querySelectorAll(`#doc-text [data-pair="${k}"][data-side="en"]`)];
    out.push({
      k: +k,
      ar: ar.map((e) => e.textContent).join(""),
      en: en.map((e) => e.textContent).join(""),
      arColor: ar.length ? getComputedStyle(ar[0]).backgroundColor : null,
      enColor: en.length ? getComputedStyle(en[0]).backgroundColor : null,
      arDir: ar.length ? getComputedStyle(ar[0]).direction : null,
      arLang: ar.length ? ar[0].closest('[lang]').lang : null,
    });
  }
  return out;
}"""


def check_pairs_linked(page: Any, payload: dict) -> list[dict]:
    """Each pair's two highlights exist, hold its text, share its colour, and select each other on a click."""
    found = page.evaluate(PAIR_CHECK)
    assert len(found) == len(payload["pairs"])
    for f, p in zip(found, payload["pairs"], strict=True):
        text = payload["text"]
        a0, a1, e0, e1 = p["r"]
        utf16 = text.encode("utf-16-le")
        ar, en = utf16[2 * a0 : 2 * a1].decode("utf-16-le"), utf16[2 * e0 : 2 * e1].decode("utf-16-le")
        # Highlights cover the blocks; the line breaks between blocks are laid out, not highlighted.
        assert "".join(f["ar"].split()) == "".join(ar.split()) and "".join(f["en"].split()) == "".join(en.split())
        assert f["arColor"] == f["enColor"] and f["arColor"] not in (None, "rgba(0, 0, 0, 0)")
        assert f["arDir"] == "rtl" and f["arLang"] == "ar"
        k = f["k"]
        page.click(f'#doc-text [data-pair="{k}"][data-side="ar"] >> nth=0')
        sel = page.evaluate(f"""() => [...document.querySelectorAll('[data-pair="{k}"]')]
            .map((e) => [e.dataset.side || 'card', e.classList.contains('sel')])""")
        assert {side for side, on in sel if on} == {"ar", "en", "card"}, sel
        assert all(on for _, on in sel)
        assert page.evaluate("() => document.querySelectorAll('#doc-view .sel').length") == len(sel)
    return found


def test_example_review_links_each_pairs_highlights_and_lays_arabic_out_rtl(page: Any, tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    r = CliRunner().invoke(app, ["review", str(ROOT / "examples" / "article.txt"), "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    _, blocks = page_parts(out.read_text(encoding="utf-8"))
    payload = json.loads(blocks["d0"])
    assert payload["pairs"], "the example has pairs"
    open_review(page, out)
    page.click("#index tbody tr")
    page.wait_for_selector("#doc-text .blk")
    check_pairs_linked(page, payload)
    # The tweet is laid out right to left: its first character stands right of a later one on its line.
    first = page.evaluate(CHAR_RECT, ["#p0-ar", 0])
    later = page.evaluate(CHAR_RECT, ["#p0-ar", 6])
    assert abs(first["y"] - later["y"]) < 4 and first["x"] > later["x"] + 20
    # Furniture is greyed and labelled; nothing of the text is lost.
    furniture = page.evaluate("""() => [...document.querySelectorAll('.blk.furn')]
        .map((e) => [getComputedStyle(e).color, e.dataset.tag])""")
    assert furniture and all(color == "rgb(163, 163, 168)" and tag.startswith("furniture") for color, tag in furniture)
    assert "".join(page.evaluate("() => document.getElementById('doc-text').textContent").split()) == "".join(
        payload["text"].split()
    )
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.screenshot(path=tmp_path / "review_article.png")
    page.click("#to-index")
    assert page.is_visible("#index-view") and not page.is_visible("#doc-view")


def _generated_review(tmp: Path, n: int) -> tuple[Path, list[tuple[Document, AlignmentResult]], float]:
    items = list(generate(n))
    out = tmp / "review.html"
    start = time.perf_counter()
    with ReviewBuilder(out, meta={"threshold": 0.8}) as review:
        for doc, result in items:
            review.add(doc, result)
    return out, items, time.perf_counter() - start


def test_review_of_2000_documents_opens_filters_and_records_decisions(page: Any, tmp_path: Path) -> None:
    out, items, write_s = _generated_review(tmp_path, 2000)
    size = out.stat().st_size
    index_s = open_review(page, out)
    page.wait_for_selector("#index tbody tr")
    print(f"\n2000-document review: written in {write_s:.2f} s, {size / 1e6:.1f} MB; index drawn in {index_s:.2f} s")
    (tmp_path / "figures.json").write_text(json.dumps({"write_s": write_s, "bytes": size, "index_s": index_s}))
    # Timings are reported (scripts/bench_review.py measures them), never asserted: the machines are shared.
    assert page.locator("#index tbody tr").count() == 100  # one page of the index
    assert "2,000 documents" in page.inner_text("#totals")
    assert page.locator("#hist .bin").count() == 20

    with_unpaired = sum(1 for _, r in items if r.unpaired)
    page.check("#f-unp")
    assert page.inner_text("#index-count").startswith(f"{with_unpaired:,} of 2,000")
    page.uncheck("#f-unp")
    gloss = sum(1 for _, r in items if any(getattr(p, "kind", None) == "gloss" for p in r.pairs))
    page.select_option("#f-kind", "gloss")
    assert page.inner_text("#index-count").startswith(f"{gloss:,} of 2,000")
    page.select_option("#f-kind", "")
    # A histogram bar filters by score: pairs in it, or unpaired Arabic whose best candidate is in it.
    page.click("#hist .bin >> nth=3")
    lo, hi = 0.15, 0.2
    in_bar = sum(
        1
        for _, r in items
        if any(lo <= p.score <= hi for p in r.pairs)
        or any(u.best_score is not None and lo <= u.best_score <= hi for u in r.unpaired)
    )
    assert in_bar and page.inner_text("#index-count").startswith(f"{in_bar:,} of 2,000")
    page.click("#f-reset")

    # Keyboard: j opens the first document with pairs at its first pair; r rejects, a accepts, both move on.
    page.keyboard.press("Escape")  # out of the filter box
    page.keyboard.press("j")
    page.wait_for_selector("#pairs .card.sel")
    first_doc = next(i for i, (_, r) in enumerate(items) if r.pairs)
    assert page.evaluate("() => location.hash") == f"#d={first_doc}"
    order = [(i, k) for i, (_, r) in enumerate(items) for k in range(len(r.pairs))]
    for key in ("r", "a", "r", "j", "a"):  # the fourth pair is skipped
        page.keyboard.press(key)
        # Each key may open the next document; let the view settle before the next key (a loaded
        # machine otherwise lets a key act on the view it is leaving).
        page.wait_for_selector("#pairs .card.sel")
        page.wait_for_timeout(50)
    wanted = {}
    for (i, k), verdict in zip(order[:5], ["reject", "accept", "reject", None, "accept"], strict=True):
        p = items[i][1].pairs[k]
        if verdict:
            wanted[(items[i][0].id, *p.ar_span, *p.en_span)] = verdict
    got = download_decisions(page, tmp_path)
    assert {(d["doc_id"], *d["ar_span"], *d["en_span"]): d["decision"] for d in got} == wanted
    assert set(got[0]) == {"doc_id", "ar_span", "en_span", "decision"}

    # Saved in the browser: a reload keeps them.
    page.wait_for_timeout(300)
    page.reload()
    page.wait_for_selector("html[data-ready]")
    assert "✓ 2" in page.inner_text("#totals") and "✗ 2" in page.inner_text("#totals")

    # Accept every undecided pair scoring 0.95 or more.
    page.fill("#bulk-x", "0.95")
    page.click("#bulk")
    high = {
        (d.id, *p.ar_span, *p.en_span)
        for d, r in items
        for p in r.pairs
        if p.score >= 0.95 and (d.id, *p.ar_span, *p.en_span) not in wanted
    }
    assert f"✓ {2 + len(high):,}" in page.inner_text("#totals")
    page.click("#status button")  # undo
    assert len(download_decisions(page, tmp_path)) == len(wanted)
    page.click("#bulk")
    got = download_decisions(page, tmp_path)
    assert len(got) == len(wanted) + len(high)
    assert {(d["doc_id"], *d["ar_span"], *d["en_span"]) for d in got if d["decision"] == "accept"} >= high

    # A document with an emoji before its pairs: highlights at the right places (UTF-16 offsets).
    i = next(i for i, (d, r) in enumerate(items) if r.pairs and any(ord(c) > 0xFFFF for c in d.text))
    show_document(page, i)
    _, blocks = page_parts(out.read_text(encoding="utf-8"))
    check_pairs_linked(page, json.loads(blocks[f"d{i}"]))
    page.screenshot(path=tmp_path / "review_generated.png")


def _hostile_items() -> list[tuple[Document, AlignmentResult]]:
    bidi = (
        "Spoofed order: abc \u202edef ghi\u202c and on.\n"
        "An Arabic hashtag in English: #لبنان today.\n"
        "تضامن مع #Lebanon اليوم من @Qais_alkhazali شكرا.\n"
        "Solidarity with Lebanon today, thanks.\n"
    )
    docs = []
    for doc_id, text in (
        ('<img src=x onerror="window.__xss = 5">', f"{HOSTILE}\nالنص العربي هنا {HOSTILE}\nThe Arabic text here.\n"),
        ("bidi", bidi),
    ):
        doc = Document(id=doc_id, text=text, source=f"javascript:alert(1)//{doc_id}")
        segment(doc)
        ar = next(s for s in doc.blocks() if "النص" in s.text or "تضامن" in s.text)
        en = doc.blocks()[-1]
        pair = AlignedPair(ar.text, en.text, 0.9, (ar.start, ar.end), (en.start, en.end), (ar.index,), (), {}, {})
        docs.append((doc, AlignmentResult(doc.id, doc.source, [pair], [])))
    return docs


def test_hostile_documents_render_as_inert_text(page: Any, tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    items = _hostile_items()
    with ReviewBuilder(out, title="</title><script>window.__xss = 6</script>") as review:
        for doc, result in items:
            review.add(doc, result)
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => __csp.push(e.blockedURI))"
    )
    open_review(page, out)
    assert page.inner_text("#index tbody tr:first-child .id") == items[0][0].id
    for i in range(2):
        show_document(page, i)
        state = page.evaluate("""() => ({
            xss: window.__xss === undefined ? null : window.__xss,
            csp: window.__csp,
            elements: document.querySelectorAll('#doc-view img, #doc-view a, #doc-view script, #doc-view iframe, '
              + '#doc-view textarea, #index img, #index a, #index script').length,
            text: document.getElementById('doc-text').textContent,
            title: document.title,
        })""")
        assert state["xss"] is None and state["csp"] == [] and state["elements"] == 0, state
        assert "".join(state["text"].split()) == "".join(items[i][0].text.split())
        assert state["title"] == "</title><script>window.__xss = 6</script>"
    page.screenshot(path=tmp_path / "review_bidi.png")
    # The override is shown, and applies to nothing: "def" still reads left to right.
    assert page.locator("#doc-text .blk").first.locator(".ctl").count() == 2
    text = items[1][0].text
    d, e = (
        page.evaluate(CHAR_RECT, ["#doc-text .blk", text.index("def")]),
        page.evaluate(CHAR_RECT, ["#doc-text .blk", text.index("def") + 1]),
    )
    assert d["x"] < e["x"]
    # '#' stays with its word: right of an Arabic hashtag in English, left of a Latin one in Arabic.
    line2 = '#doc-text .blk[data-block="1"]'
    start2 = text.index("\n") + 1
    hash_ar = page.evaluate(CHAR_RECT, [line2, text.index("#لبنان") - start2])
    lam = page.evaluate(CHAR_RECT, [line2, text.index("#لبنان") + 1 - start2])
    assert hash_ar["x"] > lam["x"]
    line3 = '#doc-text .blk[data-block="2"]'
    start3 = text.index("تضامن")
    hash_la = page.evaluate(CHAR_RECT, [line3, text.index("#Lebanon") - start3])
    big_l = page.evaluate(CHAR_RECT, [line3, text.index("#Lebanon") + 1 - start3])
    at = page.evaluate(CHAR_RECT, [line3, text.index("@Qais") - start3])
    q = page.evaluate(CHAR_RECT, [line3, text.index("@Qais") + 1 - start3])
    assert hash_la["x"] < big_l["x"] and at["x"] < q["x"]


@requires_shared("align-dev")
def test_decisions_made_in_the_browser_take_n_pairs_out_of_every_format(page: Any, tmp_path: Path) -> None:
    src = tmp_path / "corpus"
    src.mkdir()
    for p in sorted((ALIGN_DEV / "align_docs").glob("*.txt"))[:6]:
        shutil.copy(p, src / p.name)
    first = tmp_path / "first"
    r = CliRunner().invoke(app, ["run", str(src), "-o", str(first), "--encoder", "none", "--review", "-q"])
    assert r.exit_code == 0, r.output
    before = export_counts(first)
    open_review(page, first / "review.html")
    page.keyboard.press("j")
    page.wait_for_selector("#pairs .card.sel")
    for key in "rarrj":
        page.keyboard.press(key)
    got = download_decisions(page, tmp_path)
    assert [d["decision"] for d in got].count("reject") == 3 and len(got) == 4
    (tmp_path / "decisions.jsonl").write_text("".join(json.dumps(d) + "\n" for d in got), encoding="utf-8")
    assert len(read_decisions(tmp_path / "decisions.jsonl")) == 4
    second = tmp_path / "second"
    args = ["run", str(src), "-o", str(second), "--encoder", "none", "--decisions", str(tmp_path / "decisions.jsonl")]
    r = CliRunner().invoke(app, [*args, "-q"])
    assert r.exit_code == 0, r.output
    assert export_counts(second) == {k: v - 3 for k, v in before.items()}
    m = json.loads((second / "manifest.json").read_text(encoding="utf-8"))
    assert (m["pairs_rejected"], m["pairs_accepted"], m["decisions_unmatched"]) == (3, 1, 0)


def test_status_url_is_a_link_only_when_it_is_http(page: Any, tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    urls = ["https://twitter.com/transport_min/status/1234567890", "javascript:window.__xss = 7"]
    with ReviewBuilder(out) as review:
        for n, url in enumerate(urls):
            doc = Document(id=f"d{n}", text="الجسر الجديد سيفتح في حزيران\nThe new bridge will open in June.\n")
            segment(doc)
            ar, en = doc.blocks()[0], doc.blocks()[1]
            meta = {"handle": "transport_min", "url": url}
            pair = AlignedPair(ar.text, en.text, 0.9, (ar.start, ar.end), (en.start, en.end), (ar.index,), (), {}, meta)
            review.add(doc, AlignmentResult(doc.id, doc.source, [pair], []))
    open_review(page, out)
    show_document(page, 0)
    links = page.eval_on_selector_all("#doc-view a.status", "els => els.map(e => [e.href, e.rel, e.target])")
    assert links == [[urls[0], "noopener noreferrer", "_blank"]]
    show_document(page, 1)
    assert page.locator("#doc-view a").count() == 0
    assert urls[1] in page.inner_text("#doc-view")
    assert page.evaluate("window.__xss === undefined")
