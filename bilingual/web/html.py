"""One saved web page (HTML bytes) as a :class:`~bilingual.model.Document`.

1. **Encoding**: a byte-order mark, then the HTTP ``Content-Type`` charset (WARC records), then
   ``<meta http-equiv="Content-Type">``, then ``<meta charset>``, then detection. A declaration the bytes
   contradict (a page declared ISO-8859-1 or Windows-1256 whose bytes are UTF-8; one declared UTF-8 that is
   not; Arabic in Windows-1256 declared as a Latin charset) is overruled, and the metadata says so.
2. **Embedded posts** (``<blockquote class="twitter-tweet">``, with status links on twitter.com or x.com) are
   found in the markup, wherever they stand, and replaced by placeholders before extraction.
3. **Main content** comes from trafilatura (scripts, styles, navigation and the site's furniture go); the
   document text is its paragraphs, one a line (``<br>`` breaks a line too), as text scrapers give it.
4. Each post is written back in its place as its lines followed by ``— Name (@handle) Month D, YYYY``, the
   shape the segmenter recognises, and :mod:`bilingual.web.markup` records what only the markup knows
   (``<p lang>``, the status URL, where the blockquote stands in the HTML). A post whose placeholder the
   extractor dropped goes after the paragraph that precedes it in the page.

Page metadata: ``title``, ``url`` (``<link rel=canonical>``, else ``og:url``, else the URL it was fetched
from), ``date`` (publication date), ``sitename``, ``lang`` (``<html lang>``), the encoding and how it was
found. Needs the ``html`` extra (``pip install 'bilingual[html]'``).
"""

from __future__ import annotations

import codecs
import html as _html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bilingual.embeds import dash_line
from bilingual.embeds.dates import DATE_RE, iso_date
from bilingual.io import DecodeError, ReadFailure, decode_bytes
from bilingual.model import Document, InvalidTextError
from bilingual.web.markup import METADATA_KEY, declarable

# trafilatura's own default limit (its MAX_FILE_SIZE setting): larger pages are refused unparsed.
MAX_HTML_BYTES = 20_000_000
EXTRA_HINT = "pip install 'bilingual[html]'"

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_HTTP_EQUIV_RE = re.compile(
    rb"<meta\b[^>]*?http-equiv\s*=\s*[\"']?content-type[\"']?[^>]*?content\s*=\s*[\"'][^\"']*?charset\s*=\s*"
    rb"[\"']?([A-Za-z0-9._:-]+)|<meta\b[^>]*?content\s*=\s*[\"'][^\"']*?charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)"
    rb"[^>]*?http-equiv\s*=\s*[\"']?content-type",
    re.IGNORECASE,
)
_META_CHARSET_RE = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
_HTTP_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", re.IGNORECASE)
# Labels that mean Windows-1252 in a browser (the WHATWG encoding standard), and single-byte Latin charsets.
_LATIN1_LABELS = {"latin_1", "iso8859_1", "ascii", "cp1252"}
_SINGLE_BYTE_LATIN = _LATIN1_LABELS | {"iso8859_15", "iso8859_2", "iso8859_9", "mac_roman", "cp1250", "cp1254"}
PRESCAN_BYTES = 8192


@dataclass(frozen=True, slots=True)
class Decoded:
    """A page's text and how its encoding was found."""

    text: str
    encoding: str
    found_by: str  # bom | http | http-equiv | meta | detected
    note: str | None = None


def _codec(label: str | None) -> str | None:
    """The Python codec for a charset label, in the browser's sense (ISO-8859-1 and ASCII are Windows-1252;
    a UTF-16 label in a page without a byte-order mark is UTF-8), or None for an unknown label."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name.replace("-", "_")
    except LookupError:
        return None
    if name in _LATIN1_LABELS:
        return "cp1252"
    if name.startswith("utf_16") or name.startswith("utf_32"):
        return "utf_8"
    return name


def _display(codec: str) -> str:
    return {"utf_8": "utf-8", "cp1256": "windows-1256", "cp1252": "windows-1252"}.get(codec, codec.replace("_", "-"))


def _detect(data: bytes) -> tuple[str, str] | None:
    """Text and codec by detection: UTF-8 if the bytes are valid, Windows-1256 if they read as Arabic in it,
    else what charset-normalizer finds (a dependency of trafilatura)."""
    try:
        return data.decode("utf-8"), "utf_8"
    except UnicodeDecodeError:
        pass
    try:
        text, enc = decode_bytes(data)
        if enc == "windows-1256":
            return text, "cp1256"
    except DecodeError:
        pass
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset-normalizer comes with trafilatura
        return None
    best = from_bytes(data[:200_000]).best()
    codec = _codec(best.encoding) if best is not None else None
    if codec is None:
        return None
    try:
        return data.decode(codec), codec
    except UnicodeDecodeError:
        return None


def decode_html(data: bytes, http_content_type: str | None = None) -> Decoded:
    """Decode a page's bytes (see the module docstring for the order). Raises :class:`DecodeError` for
    binary data, an empty page, or bytes no encoding reads."""
    if not data.strip():
        raise DecodeError("empty page")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(enc).lstrip("\ufeff"), enc.replace("-sig", ""), "bom")
            except UnicodeDecodeError as e:
                raise DecodeError(f"starts with a {enc} byte-order mark but is not valid {enc}: {e.reason}") from None
    nul = data.find(b"\x00", 0, PRESCAN_BYTES)
    if nul >= 0:
        raise DecodeError(f"binary data (NUL byte at offset {nul}); not an HTML page")
    head = data[:PRESCAN_BYTES]
    declared: list[tuple[str, str]] = []
    if http_content_type:
        m = _HTTP_CHARSET_RE.search(http_content_type)
        if m:
            declared.append(("http", m.group(1)))
    m2 = _HTTP_EQUIV_RE.search(head)
    if m2:
        declared.append(("http-equiv", (m2.group(1) or m2.group(2)).decode("ascii", "replace")))
    m3 = _META_CHARSET_RE.search(head)
    if m3:
        declared.append(("meta", m3.group(1).decode("ascii", "replace")))
    note = None
    for how, label in declared:
        codec = _codec(label)
        if codec is None:
            note = f"unknown charset {label!r} declared ({how}); detected instead"
            continue
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as e:
            note = f"declared {label} ({how}), but byte 0x{data[e.start]:02x} at offset {e.start} is not {label}"
            break
        if codec != "utf_8" and not data.isascii():
            try:
                utf8 = data.decode("utf-8")
            except UnicodeDecodeError:
                utf8 = None
            if utf8 is not None:
                return Decoded(utf8, "utf-8", "detected", f"declared {label} ({how}), but the bytes are UTF-8")
            if codec in _SINGLE_BYTE_LATIN:
                try:
                    ar_text, enc = decode_bytes(data)
                except DecodeError:
                    enc = ""
                if enc == "windows-1256":
                    why = f"declared {label} ({how}), but the bytes are Arabic in windows-1256"
                    return Decoded(ar_text, enc, "detected", why)
        return Decoded(text, _display(codec), how)
    found = _detect(data)
    if found is None:
        raise DecodeError(f"cannot tell the page's encoding{'; ' + note if note else ''}")
    return Decoded(found[0], _display(found[1]), "detected", note)


# --- Embedded posts in the markup ----------------------------------------------------------------------

_SCAN_RE = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|template|textarea|title)\b[^>]*>.*?(?:</\1\s*>|\Z)|<(/?)blockquote\b[^>]*>",
    re.IGNORECASE | re.DOTALL,
)
_EMBED_CLASS_RE = re.compile(r"""\bclass\s*=\s*["']?[^"'>]*\b(?:twitter|x)-tweet\b""", re.IGNORECASE)
_STATUS_RE = re.compile(
    r"^https?://(?:(?:www|mobile)\.)?(?:twitter|x)\.com/(?P<handle>\w{1,15})/status(?:es)?/(?P<id>\d+)", re.I
)
_ATTRIBUTION_RE = re.compile(r"^[\s\u2014\u2013\u2012\u2015-]*(?P<name>.*?)\s*\(\s*@(?P<handle>\w{1,15})\s*\)", re.S)
_MONTHS = "January February March April May June July August September October November December".split()
TWITTER_EPOCH_MS = 1288834974657


@dataclass(slots=True)
class Embed:
    """One ``blockquote.twitter-tweet`` of a page, read from its markup."""

    html_span: tuple[int, int]
    lines: list[str]
    lang: str | None = None
    author: str | None = None
    handle: str | None = None
    date: str | None = None
    date_text: str | None = None
    url: str | None = None

    def rendered(self) -> tuple[str, str | None]:
        """The post's lines and its attribution line, in the shape the segmenter recognises."""
        post = "\n".join(self.lines)
        if not self.handle:
            return post, None
        name = " ".join(re.sub(r"[()\u2014\u2013\n]", " ", self.author or "").split())
        date = self.date_text if self.date_text and self._recognised(name, self.date_text) else None
        if date is None and self.date:
            y, m, d = (int(x) for x in self.date.split("-"))
            date = f"{_MONTHS[m - 1]} {d}, {y}"
        line = f"— {name} (@{self.handle}) {date or ''}".replace("—  (", "— (").rstrip()
        return post, line

    def _recognised(self, name: str, date_text: str) -> bool:
        m = dash_line.recognise(f"— {name} (@{self.handle}) {date_text}")
        return m is not None and m.date == self.date


def _snowflake_date(status_id: str) -> str | None:
    """The UTC day a post was made, from its status id (ids since late 2010 carry their timestamp)."""
    n = int(status_id)
    if n < 1 << 32:
        return None
    ms = (n >> 22) + TWITTER_EPOCH_MS
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%Y-%m-%d")


def _post_lines(p: Any) -> list[str]:
    """The text of a post's ``<p>`` with ``<br>`` as line breaks; white space folded inside each line, at most
    one empty line kept between lines."""
    for br in p.iter("br"):
        br.tail = "\n" + (br.tail or "")
    raw = [" ".join(line.split()) for line in p.text_content().split("\n")]
    lines: list[str] = []
    for line in raw:
        if line or (lines and lines[-1]):
            lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _read_embed(fragment: str, span: tuple[int, int]) -> Embed:
    import lxml.html

    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    bq = next(root.iter("blockquote"), None)
    embed = Embed(span, [])
    if bq is None:
        return embed
    p = next(bq.iter("p"), None)
    if p is not None:
        embed.lang = p.get("lang")
        embed.lines = _post_lines(p)
        after = (p.tail or "") + "".join(
            lxml.html.tostring(sib, method="text", encoding="unicode", with_tail=True) for sib in p.itersiblings()
        )
    else:
        after = bq.text_content()
    for a in bq.iter("a"):
        m = _STATUS_RE.match(a.get("href") or "")
        if m:
            embed.url = m.group(0)
            embed.handle = m.group("handle")
            embed.date_text = " ".join(a.text_content().split()) or None
            embed.date = _snowflake_date(m.group("id"))
    am = _ATTRIBUTION_RE.match(after)
    if am:
        embed.author = " ".join(am.group("name").split()) or None
        embed.handle = am.group("handle")
    if embed.date_text:
        dm = DATE_RE.search(embed.date_text)
        if dm:
            embed.date = iso_date(dm) or embed.date
    return embed


def find_embeds(page: str) -> list[Embed]:
    """Every ``blockquote.twitter-tweet`` (or ``x-tweet``) of a decoded page, in page order, outside comments,
    scripts, styles and templates; a blockquote left open runs to the end of the page."""
    embeds: list[Embed] = []
    stack: list[bool] = []
    start = -1
    for m in _SCAN_RE.finditer(page):
        if m.group(2) is None:
            continue  # a comment, script, style, template, textarea or title: skipped whole
        if m.group(2) == "":
            is_embed = _EMBED_CLASS_RE.search(m.group(0)) is not None
            if is_embed and start < 0:
                start = m.start()
                stack = []
            if start >= 0:
                stack.append(is_embed)
        elif start >= 0 and stack:
            stack.pop()
            if not stack:
                embeds.append(_read_embed(page[start : m.end()], (start, m.end())))
                start = -1
    if start >= 0:
        embeds.append(_read_embed(page[start:], (start, len(page))))
    return embeds


# --- Main content ------------------------------------------------------------------------------------------

_BLOCK_TAGS = frozenset({"p", "head", "item", "row", "code", "quote", "list", "table", "div", "body", "main", "doc"})
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LANG_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "dd", "dt", "pre", "div")


def _paragraphs(body: Any) -> list[str]:
    """The paragraphs of trafilatura's output tree: one per block element, ``<lb/>`` as a line break,
    table cells joined with `` | ``; white space folded inside each line."""
    out: list[str] = []
    cur: list[str] = []

    def flush() -> None:
        lines = [" ".join(x.split()) for x in "".join(cur).split("\n")]
        cur.clear()
        text = "\n".join(x for x in lines if x)
        if text:
            out.append(text)

    def visit(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "lb":
            cur.append("\n")
        elif tag == "graphic":
            pass
        else:
            block = tag in _BLOCK_TAGS
            if block:
                flush()
            if tag == "cell" and el.getprevious() is not None:
                cur.append(" | ")
            cur.append(el.text or "")
            for child in el:
                visit(child)
                cur.append(child.tail or "")
            if block:
                flush()

    visit(body)
    flush()
    return out


def _fold(text: str) -> str:
    return " ".join(text.split())


# A page has main content when a line of what the extractor gives, other than the text of a link, has this many
# words: on a page with no article (an index, a stub, an error page) the extractor falls back on link lists.
MIN_CONTENT_WORDS = 10


def _has_main_content(paragraphs: list[str], link_texts: set[str]) -> bool:
    for par in paragraphs:
        for line in par.split("\n"):
            folded = _fold(line)
            if folded not in link_texts and len(folded.split()) >= MIN_CONTENT_WORDS:
                return True
    return False


_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
)
_ISO_DAY_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_JSONLD_DATE_RE = re.compile(r'"datePublished"\s*:\s*"(\d{4}-\d{2}-\d{2})')
_TITLE_SEP_RE = re.compile(r"\s+[|–—-]\s+[^|–—-]+$")


def _day(value: str | None) -> str | None:
    m = _ISO_DAY_RE.search(value or "")
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m and "01" <= m.group(2) <= "12" else None


def _page_metadata(tree: Any) -> dict[str, Any]:
    """Title, URL (canonical, else og:url), publication date, site name and ``<html lang>`` from the head's
    tags (meta, link, JSON-LD, ``<time>``): what the pages of news sites and blogs declare."""
    meta: dict[str, Any] = {}
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang:
        meta["lang"] = lang.strip()
    tags: dict[str, str] = {}
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        content = (m.get("content") or "").strip()
        if key and content:
            tags.setdefault(key, content)
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and (link.get("href") or "").strip():
            meta["url"] = link.get("href").strip()
            break
    if "url" not in meta and tags.get("og:url"):
        meta["url"] = tags["og:url"]
    title = tags.get("og:title") or tags.get("twitter:title")
    if not title:
        el = tree.find(".//title")
        title = _fold(el.text_content()) if el is not None else ""
        title = _TITLE_SEP_RE.sub("", title) if len(title) > 20 else title
    if title:
        meta["title"] = _fold(title)
    if tags.get("og:site_name") or tags.get("application-name"):
        meta["sitename"] = tags.get("og:site_name") or tags.get("application-name")
    date = next((d for d in (_day(tags.get(k)) for k in _DATE_KEYS) if d), None)
    if date is None:
        for script in tree.iter("script"):
            if (script.get("type") or "").lower() == "application/ld+json":
                m = _JSONLD_DATE_RE.search(script.text or "")
                if m:
                    date = _day(m.group(1))
                    break
    if date is None:
        el = tree.find(".//time[@datetime]")
        date = _day(el.get("datetime")) if el is not None else None
    if date:
        meta["date"] = date
    return meta


def _declared_langs(tree: Any, page_lang: str | None) -> dict[str, str]:
    """Folded text → language, for block elements whose element or an ancestor below ``<html>`` declares
    ``lang``, or that stand under ``dir="rtl"`` on a page whose ``<html lang>`` is Arabic, Persian or Urdu."""
    body = tree.find("body")
    if body is None or not body.xpath(".//*[@lang or @dir]"):
        return {}
    rtl_default = declarable(page_lang) if declarable(page_lang) in ("ar", "fa", "ur") else None
    cache: dict[Any, str | None] = {}

    def own_lang(el: Any) -> str | None:
        """The element's own declaration ("" for a language no declaration sets), or None to inherit."""
        own = el.get("lang")
        if own:
            return declarable(own) or ""
        if (el.get("dir") or "").lower() == "rtl" and rtl_default:
            return rtl_default
        return None

    def lang_of(el: Any) -> str | None:
        chain = []
        found: str | None = None
        while el is not None and el is not tree:
            if el in cache:
                found = cache[el]
                break
            chain.append(el)
            found = own_lang(el)
            if found is not None:
                break
            el = el.getparent()
        for x in chain:
            cache[x] = found
        return found or None

    out: dict[str, str] = {}
    for el in body.iter(*_LANG_TAGS):
        lang = lang_of(el)
        if lang:
            key = _fold(el.text_content())
            if key and len(key) < 5000:
                out.setdefault(key, lang)
    return out


@dataclass
class _Text:
    """The document text as it is built, with the spans of what it holds."""

    parts: list[str] = field(default_factory=list)
    pos: int = 0

    def add(self, s: str) -> tuple[int, int]:
        if self.parts:
            self.parts.append("\n")
            self.pos += 1
        start = self.pos
        self.parts.append(s)
        self.pos += len(s)
        return start, self.pos


def _anchor(page_text_before: str, page_text_after: str, paragraphs: list[str]) -> int:
    """Where a post whose placeholder was dropped goes among ``paragraphs``: after the one whose end appears
    last in the page text just before the post, else before the first whose start appears just after it,
    else at the end."""
    best, best_at = -1, -1
    for i in range(len(paragraphs)):
        tail = _fold(paragraphs[i])[-60:]
        at = page_text_before.rfind(tail) if tail else -1
        if at > best_at:
            best, best_at = i, at
    if best >= 0:
        return best + 1
    for i in range(len(paragraphs)):
        head = _fold(paragraphs[i])[:60]
        if head and head in page_text_after:
            return i
    return len(paragraphs)


_TAGS_RE = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|template|noscript)\b[^>]*>.*?(?:</\1\s*>|\Z)|<[^>]*>", re.I | re.S
)


def _visible(fragment: str) -> str:
    return _fold(_html.unescape(_TAGS_RE.sub(" ", fragment)))


# Below this many characters of main text trafilatura tries its fallbacks, the last of which runs the whole
# page into one paragraph, furniture and all; a short article (a post and two paragraphs) is still an article.
MIN_EXTRACTED_CHARS = 100
_config: Any = None


def _extract(tree: Any, url: str | None) -> Any:
    global _config
    try:
        import trafilatura
        from trafilatura.settings import use_config
    except ImportError as e:
        raise ImportError(f"reading HTML needs trafilatura: {EXTRA_HINT} ({e})") from e
    if _config is None:
        _config = use_config()
        _config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(MIN_EXTRACTED_CHARS))
    return trafilatura.bare_extraction(
        tree,
        url=url,
        include_comments=False,
        include_tables=True,
        with_metadata=False,  # the head's tags are read above; trafilatura's author search would double the cost
        deduplicate=False,
        config=_config,
    )


def html_document(
    data: bytes,
    source: str,
    doc_id: str,
    *,
    url: str | None = None,
    http_content_type: str | None = None,
    metadata: dict[str, Any] | None = None,
    max_bytes: int = MAX_HTML_BYTES,
) -> Document | ReadFailure:
    """The document of one page's bytes (see the module docstring), or a :class:`ReadFailure` saying why
    there is none: binary data, an undecodable or empty page, a page over ``max_bytes``, markup that does
    not parse, or a page with no main content and no embedded post. ``url`` is where the page was fetched
    from (a WARC record's target URI) and ``metadata`` extra keys for the document; never raises."""
    try:
        return _html_document(data, source, doc_id, url, http_content_type, metadata or {}, max_bytes)
    except ImportError as e:
        return ReadFailure(source, doc_id, str(e))
    except (DecodeError, InvalidTextError) as e:
        return ReadFailure(source, doc_id, str(e))
    except Exception as e:  # malformed markup the parser or the extractor chokes on: this page fails alone
        return ReadFailure(source, doc_id, f"cannot read the page: {type(e).__name__}: {e}")


def _html_document(
    data: bytes,
    source: str,
    doc_id: str,
    url: str | None,
    http_content_type: str | None,
    extra: dict[str, Any],
    max_bytes: int,
) -> Document | ReadFailure:
    if len(data) > max_bytes:
        return ReadFailure(source, doc_id, f"page of {len(data):,} bytes is larger than the limit of {max_bytes:,}")
    import lxml.html

    decoded = decode_html(data, http_content_type)
    page = decoded.text
    embeds = find_embeds(page)
    # The page with each embed replaced by a placeholder paragraph (a word the page does not hold).
    salt = 0
    while f"bilingualembed{salt}x" in page:
        salt += 1
    tokens = [f"bilingualembed{salt}x{i}q" for i in range(len(embeds))]
    pieces, last = [], 0
    for tok, e in zip(tokens, embeds, strict=True):
        pieces.append(page[last : e.html_span[0]])
        pieces.append(f"<p>{tok}</p>")
        last = e.html_span[1]
    pieces.append(page[last:])
    marked = _CONTROL_RE.sub(" ", _XML_DECL_RE.sub("", "".join(pieces), count=1))
    parser = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True)
    try:
        tree = lxml.html.document_fromstring(marked, parser=parser)
    except Exception as e:  # lxml.etree.ParserError: nothing to parse
        return ReadFailure(source, doc_id, f"malformed HTML, no document to parse: {e}")
    meta: dict[str, Any] = {"format": "html", "encoding": decoded.encoding, "encoding_from": decoded.found_by}
    if decoded.note:
        meta["encoding_note"] = decoded.note
    page_meta = _page_metadata(tree)
    langs = _declared_langs(tree, page_meta.get("lang"))
    link_texts = {_fold(a.text_content()) for a in tree.iter("a")}
    result = _extract(tree, page_meta.get("url") or url)
    paragraphs = _paragraphs(result.body) if result is not None and result.body is not None else []
    meta.update(page_meta)
    if "url" not in meta and url:
        meta["url"] = url

    # Paragraphs and posts in order: a placeholder found in the text is replaced by its post; a post whose
    # placeholder was dropped goes after the paragraph that precedes it in the page.
    token_re = re.compile(rf"bilingualembed{salt}x(\d+)q")
    items: list[tuple[str, Any]] = []
    found: set[int] = set()
    for par in paragraphs:
        pos = 0
        for m in token_re.finditer(par):
            before = par[pos : m.start()].strip()
            if before:
                items.append(("text", before))
            i = int(m.group(1))
            if i < len(embeds) and i not in found:
                items.append(("embed", i))
                found.add(i)
            pos = m.end()
        rest = par[pos:].strip()
        if rest:
            items.append(("text", rest))
    for i in range(len(embeds)):
        if i in found:
            continue
        texts = [n for n, it in enumerate(items) if it[0] == "text"]
        lower = max((n for n, it in enumerate(items) if it[0] == "embed" and it[1] < i), default=-1) + 1
        start, end = embeds[i].html_span
        before = _visible(page[max(0, start - 20_000) : start])[-3000:]
        after = _visible(page[end : end + 20_000])[:3000]
        cand = [n for n in texts if n >= lower]
        at = _anchor(before, after, [items[n][1] for n in cand])
        where = cand[at - 1] + 1 if at > 0 else (cand[0] if cand else len(items))
        where = max(where, lower)
        items.insert(where, ("embed", i))
    if not any(e.lines for e in embeds) and not _has_main_content(paragraphs, link_texts):
        return ReadFailure(
            source,
            doc_id,
            f"no main content found in the page: no embedded post, and no line of {MIN_CONTENT_WORDS} words or "
            "more outside links (navigation, an index or an error page?)",
        )

    text = _Text()
    records: list[dict[str, Any]] = []
    lang_spans: list[list[Any]] = []
    for kind, value in items:
        if kind == "text":
            span = text.add(value)
            lang = langs.get(_fold(value))
            if lang:
                lang_spans.append([span[0], span[1], lang])
            continue
        emb = embeds[value]
        post, attribution = emb.rendered()
        rec: dict[str, Any] = {
            "html_span": list(emb.html_span),
            # placeholder: the extractor kept the post's place; neighbour: placed after the paragraph before it
            "placed": "placeholder" if value in found else "neighbour",
            "lang": emb.lang,
            "url": emb.url,
            "author": emb.author,
            "handle": emb.handle,
            "date": emb.date,
            "date_text": emb.date_text,
        }
        if post:
            rec["post"] = list(text.add(post))
            if attribution:
                start = text.pos + 1
                text.parts.append("\n" + attribution)
                text.pos += 1 + len(attribution)
                rec["attribution"] = [start, text.pos]
        records.append({k: v for k, v in rec.items() if v is not None})
    body = "".join(text.parts) + "\n"
    meta[METADATA_KEY] = {"embeds": records, "langs": lang_spans}
    meta.update(extra)
    return Document(id=doc_id, text=body, source=source, metadata=meta)
