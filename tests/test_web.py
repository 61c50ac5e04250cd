"""Web pages and crawl archives as input (bilingual.web): pages written for the tests in the shapes real ones
have (tests/web_pages.py), and WARC files built here with warcio."""

from __future__ import annotations

import gzip
import io
import json
import random
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bilingual import Document, segment
from bilingual.cli import app
from bilingual.export import read_jsonl
from bilingual.io import ReadFailure, iter_documents
from bilingual.pipeline import Pipeline, RunOptions
from bilingual.web.markup import MarkupHints

from .conftest import ROOT, outputs_of_each_engine
from .web_pages import (
    BLOG_ITEMS,
    BLOG_TITLE,
    NEWS_ITEMS,
    NEWS_TITLE,
    PERSIAN_POST,
    Rtl,
    Tweet,
    as_text,
    embed_html,
    page,
)

trafilatura = pytest.importorskip("trafilatura", reason="reading HTML needs the html extra: pip install -e '.[html]'")
warcio = pytest.importorskip("warcio", reason="reading WARC needs the html extra: pip install -e '.[html]'")

from bilingual.web.html import decode_html, html_document  # noqa: E402  (after the skips: needs the extra)
from bilingual.web.warc import iter_warc  # noqa: E402

runner = CliRunner()
FURNITURE = ("Related articles", "Sign up for our newsletter", "We use cookies", "Privacy policy", "Share this article")
NEWS_TWEETS = [it for it in NEWS_ITEMS if isinstance(it, Tweet)]


def read_page(html: str | bytes, name: str = "page.html") -> Document:
    data = html.encode("utf-8") if isinstance(html, str) else html
    doc = html_document(data, name, Path(name).stem)
    assert isinstance(doc, Document), doc
    return doc


def news_html() -> str:
    return page(
        NEWS_TITLE,
        NEWS_ITEMS,
        url="https://news.example.com/2023/07/15/power-cuts",
        date="2023-07-15",
        byline="By Staff Reporter | July 15, 2023",
    )


# --- One page ----------------------------------------------------------------------------------------------


def test_news_page_gives_the_article_and_its_two_posts_with_what_the_markup_says() -> None:
    html = news_html()
    doc = segment(read_page(html))
    doc.validate()
    assert not any(f in doc.text for f in FURNITURE)
    assert "dataLayer" not in doc.text and "bilingualembed" not in doc.text and "<" not in doc.text
    assert doc.metadata["title"] == NEWS_TITLE
    assert doc.metadata["url"] == "https://news.example.com/2023/07/15/power-cuts"  # canonical, not og:url
    assert doc.metadata["date"] == "2023-07-15" and doc.metadata["sitename"] == "The Daily Example"
    tweets = doc.of_kind("tweet")
    assert [t.text for t in tweets] == [t.text for t in NEWS_TWEETS]  # the two lines of the first are one unit
    for seg, want in zip(tweets, NEWS_TWEETS, strict=True):
        assert seg.lang == "ar"
        assert seg.meta["handle"] == want.handle and seg.meta["author"] == want.name
        assert seg.meta["url"] == want.url  # without the ?ref_src the embed adds
        assert seg.meta["date"] == {"July 14, 2023": "2023-07-14", "July 15, 2023": "2023-07-15"}[want.date]
        start, end = seg.meta["html_span"]
        assert html[start:end].startswith('<blockquote class="twitter-tweet"') and html[start:end].endswith(
            "</blockquote>"
        )
        assert want.url in html[start:end]
    attributions = doc.of_kind("attribution")
    assert [a.meta["format"] for a in attributions] == ["embed-html", "embed-html"]
    assert [a.meta["tweet"] for a in attributions] == [t.index for t in tweets]
    # Each post stands in its place: after the paragraph that introduces it, before its English.
    for seg, intro in zip(tweets, ("wrote on Twitter that", "said on X that"), strict=True):
        before = doc.text[: seg.start].rstrip("\n").rsplit("\n", 1)[-1]
        assert intro in before


def test_page_gives_the_same_pairs_as_the_article_as_text_with_the_status_urls(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(news_html(), encoding="utf-8")
    (tmp_path / "article.txt").write_text(as_text(NEWS_TITLE, NEWS_ITEMS), encoding="utf-8")
    pairs = {}
    for name in ("page.html", "article.txt"):
        out = tmp_path / f"out-{name}"
        r = runner.invoke(app, ["run", str(tmp_path / name), "-o", str(out), "-f", "jsonl", "-q"])
        assert r.exit_code == 0, r.output
        pairs[name] = list(read_jsonl(out / "corpus.jsonl"))
    key = [(p.ar, p.en, p.handle, p.date) for p in pairs["page.html"]]
    assert key == [(p.ar, p.en, p.handle, p.date) for p in pairs["article.txt"]]
    assert [p.handle for p in pairs["page.html"]] == ["SamirHaddad_J", "MoE_Media"]
    assert [p.url for p in pairs["page.html"]] == [t.url for t in NEWS_TWEETS]
    assert [p.url for p in pairs["article.txt"]] == ["", ""]  # a text copy has no link to the post


def test_persian_embed_is_persian_and_never_paired_as_arabic(tmp_path: Path) -> None:
    html = page(BLOG_TITLE, BLOG_ITEMS, template="blog")
    doc = segment(read_page(html, "blog.html"))
    tweets = {t.meta["handle"]: t for t in doc.of_kind("tweet")}
    assert tweets["mina_tehran"].lang == "fa" and tweets["mina_tehran"].text == PERSIAN_POST
    assert tweets["omar_cairo"].lang == "ar"
    # The letters alone say Arabic: the <p lang="fa"> is what tells.
    assert segment(Document("t", as_text(BLOG_TITLE, BLOG_ITEMS))).segments[
        next(s.index for s in segment(Document("t", as_text(BLOG_TITLE, BLOG_ITEMS))).of_kind("tweet"))
    ].lang == "ar"
    # The WordPress figure around each embed is dropped by the extractor: the posts are put back in place.
    assert [e["placed"] for e in doc.metadata["markup"]["embeds"]] == ["neighbour", "neighbour"]
    assert "Leave a Reply" not in doc.text and "Recent Posts" not in doc.text
    (tmp_path / "blog.html").write_text(html, encoding="utf-8")
    out = tmp_path / "out"
    Pipeline(RunOptions(formats=("jsonl",))).run([tmp_path / "blog.html"], out)
    pairs = list(read_jsonl(out / "corpus.jsonl"))
    assert [p.handle for p in pairs] == ["omar_cairo"]
    assert not any(PERSIAN_POST[:20] in p.ar for p in pairs)


def test_lang_and_dir_outside_embeds_set_the_block_language() -> None:
    quote = "امروز هوا خيلي داغ بود و برق سه ساعت قطع شد، مردم خيلي ناراحت بودند"  # Arabic letters, Persian
    items = ["An English paragraph that introduces the quotation below, long enough to be content.", Rtl(quote, "fa")]
    doc = segment(read_page(page("Quote", items)))
    (block,) = [b for b in doc.blocks() if b.text == quote]
    assert block.lang == "fa"
    assert doc.metadata["markup"]["langs"] == [[block.start, block.end, "fa"]]
    # dir="rtl" without lang takes the page's language when the page is Arabic, Persian or Urdu.
    doc = segment(read_page(page("Quote", [*items[:1], Rtl(quote, "")], lang="fa")))
    assert next(b for b in doc.blocks() if b.text == quote).lang == "fa"
    # ... and nothing on an English page: the letters decide.
    doc = segment(read_page(page("Quote", [*items[:1], Rtl(quote, "")], lang="en")))
    assert next(b for b in doc.blocks() if b.text == quote).lang == "ar"


def test_embed_markup_details() -> None:
    tweets = [
        Tweet("line one\n\nline three after a blank line", "A (B) Name", "someone", "March 3, 2024", lang="en"),
        Tweet("نص بتاريخ بالعربية", "", "nameless", "March 4, 2024"),
    ]
    body = [
        "A paragraph before the posts, with enough words in it to be taken for the article itself.",
        tweets[0],
        "A paragraph between the posts, with enough words in it to be taken for the article itself.",
        tweets[1],
        "A paragraph after the posts, with enough words in it to be taken for the article itself.",
    ]
    html = page("Details", body).replace(">March 4, 2024</a>", ">٤ مارس ٢٠٢٤</a>")
    doc = segment(read_page(html))
    first, second = doc.of_kind("tweet")
    assert first.text == "line one\n\nline three after a blank line" and first.lang == "en"
    assert first.meta["author"] == "A (B) Name"  # the markup's name, though the line in the text drops ( )
    assert second.meta["date"] == "2024-03-04" and second.meta["handle"] == "nameless"
    assert "— (@nameless) ٤ مارس ٢٠٢٤" in doc.text  # the page's own date, recognised


def test_embeds_in_comments_scripts_and_templates_are_not_posts() -> None:
    t = Tweet("نص", "N", "n", "March 3, 2024")
    html = page("X", ["A paragraph of the article, with enough words in it to be taken for the content."])
    hidden = f"<!-- {embed_html(t)} --><script>var s = '{embed_html(t, script=False)}';</script>"
    hidden += f"<template>{embed_html(t, script=False)}</template>"
    doc = read_page(html.replace("<main", hidden + "<main", 1))
    assert doc.metadata["markup"]["embeds"] == []


# --- Encodings ---------------------------------------------------------------------------------------------


ARABIC_PAGE_ITEMS = [
    "An English paragraph of the article, with enough words in it to be taken for its content.",
    "الكهرباء مقطوعة عن حينا منذ الصباح والحرارة لا تطاق",
    "The electricity has been cut off from our neighbourhood since the morning, he wrote.",
]


def _arabic_page(charset: str | None, encoding: str, bom: bool = False) -> bytes:
    html = page("Encodings", ARABIC_PAGE_ITEMS, charset=charset, bulk=False)
    data = html.encode(encoding)
    return (b"\xef\xbb\xbf" if bom else b"") + data


@pytest.mark.parametrize(
    ("charset", "encoding", "found_by", "note"),
    [
        ("utf-8", "utf-8", "meta", None),
        ("windows-1256", "cp1256", "meta", None),
        (None, "cp1256", "detected", None),
        (None, "utf-8", "detected", None),
        ("iso-8859-1", "utf-8", "detected", "declared iso-8859-1 (meta), but the bytes are UTF-8"),
        ("windows-1256", "utf-8", "detected", "declared windows-1256 (meta), but the bytes are UTF-8"),
        ("windows-1252", "cp1256", "detected", "but the bytes are Arabic in windows-1256"),
        ("utf-8", "cp1256", "detected", "declared utf-8 (meta), but byte 0x"),
        ("no-such-charset", "utf-8", "detected", "unknown charset 'no-such-charset' declared (meta)"),
    ],
)
def test_a_wrong_charset_declaration_is_overruled_and_said(
    charset: str | None, encoding: str, found_by: str, note: str | None
) -> None:
    doc = read_page(_arabic_page(charset, encoding))
    assert ARABIC_PAGE_ITEMS[1] in doc.text
    assert doc.metadata["encoding_from"] == found_by
    assert (note is None and "encoding_note" not in doc.metadata) or note in doc.metadata["encoding_note"]


def test_encoding_order_bom_http_header_http_equiv_meta() -> None:
    text = "نص عربي <b>x</b>"
    equiv = b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
    body = f"<html><head>{{}}<meta charset=\"iso-8859-1\"></head><body><p>{text}</p></body></html>"
    data = body.format(equiv.decode()).encode("cp1256")
    assert decode_html(data).found_by == "http-equiv"
    assert decode_html(data, "text/html; charset=windows-1256").found_by == "http"
    utf8 = body.format("").encode("utf-8")
    assert decode_html(b"\xef\xbb\xbf" + utf8).found_by == "bom"
    assert decode_html(utf8, "text/html; charset=utf-8").found_by == "http"
    assert text in decode_html(b"\xff\xfe" + body.format("").encode("utf-16-le")).text


# --- Bad input ---------------------------------------------------------------------------------------------


def test_bad_pages_fail_alone_named_and_counted(tmp_path: Path) -> None:
    src = tmp_path / "pages"
    src.mkdir()
    (src / "good.html").write_text(news_html(), encoding="utf-8")
    (src / "malformed.html").write_text(
        "<html><body><div><p>An unclosed paragraph of the article with enough words to count as content, and "
        "another sentence after it so that the extractor keeps it.<p>Second <b>bold <i>nested</b> text "
        "that never closes, and more words so that this is content too.<div></span></table>",
        encoding="utf-8",
    )
    (src / "furniture-only.html").write_text(
        "<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav><footer>© 2024</footer></body></html>",
        encoding="utf-8",
    )
    (src / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with open(src / "huge.html", "wb") as fh:  # 50 MB, sparse: refused before a byte of it is read
        fh.truncate(50_000_000)
    (src / "empty.htm").write_bytes(b"")
    out = tmp_path / "out"
    r = runner.invoke(app, ["run", str(src), "-o", str(out), "-f", "jsonl"])
    assert r.exit_code == 1
    errors = {Path(e["source"]).name: e["reason"] for e in map(json.loads, (out / "errors.jsonl").open())}
    assert set(errors) == {"furniture-only.html", "image.html", "huge.html", "empty.htm"}
    assert "no main content" in errors["furniture-only.html"]
    assert "binary" in errors["image.html"] and "empty" in errors["empty.htm"]
    assert "50,000,000 bytes is larger than the limit" in errors["huge.html"]
    m = json.loads((out / "manifest.json").read_text())
    assert (m["documents_read"], m["documents_failed"], m["pairs_written"]) == (6, 4, 2)


# --- WARC -----------------------------------------------------------------------------------------------------


def _record_bytes(writer_factory: type, build: object) -> bytes:
    buf = io.BytesIO()
    writer = writer_factory(buf, gzip=True)
    for rec in build(writer):  # type: ignore[operator]
        writer.write_record(rec)
    return buf.getvalue()


def build_warc(path: Path, n_pages: int = 6, junk: bool = True, truncate: bool = True) -> dict[str, object]:
    """A WARC as a crawler writes it (warcinfo; per URL a request, a response and a metadata record), with an
    image, a 404 page, a redirect, an HTML response that is binary, junk between two records and a last
    record cut short. Returns what the test expects of it."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def response(w: WARCWriter, url: str, body: bytes, ctype: str, status: str = "200 OK") -> object:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        return w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)

    def records(w: WARCWriter) -> list[object]:
        out = [w.create_warcinfo_record(path.name, {"software": "tests"})]
        for i in range(n_pages):
            url = f"https://news.example.com/story/{i}"
            req = StatusAndHeaders("GET /story HTTP/1.1", [("Host", "news.example.com")], is_http_request=True)
            out.append(w.create_warc_record(url, "request", http_headers=req))
            html = news_html() if i == 0 else page(f"Story {i}", [f"{NEWS_ITEMS[0]} ({i})", NEWS_ITEMS[4]], bulk=False)
            out.append(response(w, url, html.encode(), "text/html; charset=utf-8"))
            out.append(w.create_warc_record(url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 12\n")))
        out.append(response(w, "https://news.example.com/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(300), "image/png"))
        gone = b"<html>Not found</html>"
        out.append(response(w, "https://news.example.com/gone", gone, "text/html", "404 Not Found"))
        out.append(response(w, "https://news.example.com/old", b"", "text/html", "301 Moved Permanently"))
        out.append(response(w, "https://news.example.com/bin", b"\x00\x01" * 400, "text/html"))
        return out

    data = _record_bytes(WARCWriter, records)
    members = _members(data)
    if junk:  # a gzip member of random bytes where a record should start, before the second page's request
        noise = gzip.compress(bytes(random.Random(3).randrange(256) for _ in range(2000)))
        members.insert(4, noise)
    cut = news_html().encode()
    last = _record_bytes(WARCWriter, lambda w: [response(w, "https://news.example.com/cut", cut, "text/html")])
    if truncate:
        members.append(last[: len(last) // 2])
    path.write_bytes(b"".join(members))
    return {"pages": n_pages, "failures": 1 + int(junk) + int(truncate)}


def _members(data: bytes) -> list[bytes]:
    import zlib

    out, pos = [], 0
    while pos < len(data):
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        d.decompress(data[pos:])
        used = len(data) - pos - len(d.unused_data)
        out.append(data[pos : pos + used])
        pos += used
    return out


def test_warc_pages_are_read_and_other_records_skipped_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    build_warc(path)
    skipped: Counter[str] = Counter()
    items = list(iter_documents([path], skipped=skipped))
    docs = [d for d in items if isinstance(d, Document)]
    fails = [f for f in items if isinstance(f, ReadFailure)]
    assert len(docs) == 6
    assert docs[0].metadata["warc_url"] == "https://news.example.com/story/0"
    assert docs[0].metadata["url"] == "https://news.example.com/2023/07/15/power-cuts"  # the page's canonical
    assert docs[1].metadata["url"] == "https://news.example.com/2024/03/04/story"
    assert docs[0].metadata["warc_date"] and docs[0].metadata["warc_record_id"].startswith("<urn:uuid:")
    assert docs[0].id == f"crawl@{docs[0].metadata['warc_offset']}" and docs[0].source.startswith(str(path) + "@")
    assert dict(skipped) == {
        "warcinfo": 1,
        "request": 6,
        "metadata": 6,
        "response image/png": 1,
        "response HTTP 4xx": 1,
        "response HTTP 3xx": 1,
    }
    reasons = [f.reason for f in fails]
    assert len(fails) == 3 and all(f.source.startswith(str(path) + "@") for f in fails)
    assert "unreadable WARC record" in reasons[0] and "reading resumes at the next record" in reasons[0]
    assert "https://news.example.com/bin" in reasons[1] and "binary" in reasons[1]
    assert "https://news.example.com/cut" in reasons[2] and "truncated record" in reasons[2]
    segment(docs[0])
    assert [t.meta["url"] for t in docs[0].of_kind("tweet")] == [t.url for t in NEWS_TWEETS]


class _Unseekable(io.RawIOBase):
    """A pipe: bytes in order, no seeking."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray) -> int:  # type: ignore[override]
        chunk = self._data.read(len(b))
        b[: len(chunk)] = chunk
        return len(chunk)


def test_an_unseekable_warc_stops_at_junk_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    build_warc(path, n_pages=3, truncate=False)
    items = list(iter_warc(io.BufferedReader(_Unseekable(path.read_bytes())), "<stdin>", "stdin"))
    assert len(items) == 2  # the first page, then the junk where the second page's records begin
    assert isinstance(items[1], ReadFailure) and "the rest of the file is not read" in items[1].reason


def test_warc_run_with_jobs_and_dask_writes_the_same_bytes_and_counts_skipped(tmp_path: Path) -> None:
    pytest.importorskip("dask", reason="the Dask engine needs the dask extra")
    path = tmp_path / "crawl.warc.gz"
    build_warc(path, n_pages=5)
    outs = outputs_of_each_engine(path, tmp_path, chunk_size=2)
    assert outs["one"] == outs["two"] == outs["dask"]
    m = json.loads(outs["one"]["manifest.json"])
    assert m["records_skipped"]["request"] == 5 and sum(m["records_skipped"].values()) == 14
    assert (m["documents_read"], m["documents_failed"], m["pairs_written"]) == (8, 3, 2)
    errors = outs["one"]["errors.jsonl"].decode().splitlines()
    assert len(errors) == 3 and all("crawl.warc.gz@" in e for e in errors)


def test_cli_input_format_for_files_without_suffix_and_stdin(tmp_path: Path) -> None:
    (tmp_path / "saved_page").write_text(news_html(), encoding="utf-8")
    r = runner.invoke(app, ["segment", str(tmp_path / "saved_page"), "--input-format", "html", "-o", "-", "-q"])
    assert r.exit_code == 0, r.output
    doc = Document.from_dict(json.loads(r.stdout))
    assert len(doc.of_kind("tweet")) == 2
    build_warc(tmp_path / "crawl.warc.gz", n_pages=2, junk=False, truncate=False)
    data = (tmp_path / "crawl.warc.gz").read_bytes()
    r = runner.invoke(app, ["segment", "-", "--input-format", "warc", "-o", "-"], input=data)
    assert r.exit_code == 1  # the binary page fails
    assert len(r.stdout.splitlines()) == 2
    assert "skipped 8 WARC records that are not 2xx HTML responses (metadata 2, request 2" in r.stderr
    assert "<stdin>@" in r.stderr


def test_align_on_a_page_says_how_many_pairs_and_gives_urls(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(news_html(), encoding="utf-8")
    r = runner.invoke(app, ["align", str(tmp_path / "page.html")])
    assert r.exit_code == 0, r.output
    result = json.loads(r.stdout)
    assert [p["meta"]["url"] for p in result["pairs"]] == [t.url for t in NEWS_TWEETS]
    assert "2 pairs found" in r.stderr


# --- What the segmenter takes from metadata -----------------------------------------------------------------


def test_markup_hints_that_do_not_fit_the_text_are_ignored() -> None:
    text = "Line one in English.\nسطر ثان بالعربية\n— N (@n) March 3, 2024\n"
    bogus = {"embeds": [{"post": [5, 999]}, {"post": "x"}, "nope", {"post": [21, 37], "lang": "xx"}], "langs": [[0, 3]]}
    doc = segment(Document("d", text, metadata={"markup": bogus}))
    plain = segment(Document("d", text))
    assert [(s.kind, s.lang, s.start, s.end) for s in doc.segments] == [
        (s.kind, s.lang, s.start, s.end) for s in plain.segments
    ]
    assert MarkupHints.of(Document("d", text, metadata={"markup": "no"})) is None


def test_every_package_is_listed_for_the_wheel() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "bilingual").rglob("__init__.py")}
    assert found <= listed
