"""Web pages as input: saved HTML pages and WARC crawl archives, with embedded posts read from their markup.

- :mod:`bilingual.web.html`: one page's bytes as a document (encoding, main content, embedded posts);
- :mod:`bilingual.web.warc`: the HTML ``response`` records of a WARC file, streamed;
- :mod:`bilingual.web.markup`: what the markup says, kept in the document for the segmenter;
- :mod:`bilingual.web.page`: a page read but not yet extracted (so corpus runs extract in their workers).

Reading HTML and WARC needs the ``html`` extra (``pip install 'bilingual[html]'``: trafilatura, warcio);
importing this package does not.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from bilingual.io import ReadFailure
    from bilingual.model import Document
    from bilingual.web.page import RawPage

__all__ = ["HTML_SUFFIXES", "WARC_SUFFIXES", "WEB_FORMATS", "read_web", "web_format"]

WEB_FORMATS = ("html", "warc")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
WARC_SUFFIXES = (".warc", ".warc.gz")


def web_format(path: str | os.PathLike[str], input_format: str = "auto") -> str | None:
    """``html`` or ``warc`` when ``path`` is read as a web page or a crawl archive (by ``input_format``, or
    with ``auto`` by its suffix: ``.html .htm .xhtml .shtml``, ``.warc .warc.gz``), else None."""
    if input_format in WEB_FORMATS:
        return input_format
    if input_format != "auto":
        return None
    name = os.fspath(path).lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(HTML_SUFFIXES):
        return "html"
    return None


def read_web(
    path: Path,
    fmt: str,
    *,
    source: str | None = None,
    doc_id: str | None = None,
    stream: IO[bytes] | None = None,
    defer: bool = False,
    skipped: Counter[str] | None = None,
    max_bytes: int | None = None,
) -> Iterator[Document | ReadFailure | RawPage]:
    """The documents of one HTML page or WARC file (``fmt``), read from ``path`` or from ``stream`` (stdin).

    With ``defer`` each page comes as a :class:`~bilingual.web.page.RawPage` to be extracted by whoever
    processes it (corpus runs do it in their workers); otherwise as a document. WARC records that are not
    HTML pages are counted in ``skipped`` by kind. A page larger than ``max_bytes`` (or than
    :data:`~bilingual.web.html.MAX_HTML_BYTES`, if lower) is refused unread. Failures (unreadable, too large,
    binary, no content) are :class:`~bilingual.io.ReadFailure` items naming the file (and the WARC record's
    offset); a device, a FIFO or a socket is refused, as for text."""
    from bilingual.io import NotRegularFileError, ReadFailure, open_regular_file
    from bilingual.labels import escape_label
    from bilingual.web.html import MAX_HTML_BYTES
    from bilingual.web.page import RawPage
    from bilingual.web.warc import iter_warc, warc_stem

    limit = min(MAX_HTML_BYTES, max_bytes) if max_bytes else MAX_HTML_BYTES
    src = source if source is not None else escape_label(str(path))
    name = doc_id if doc_id is not None else escape_label(warc_stem(path.name) if fmt == "warc" else path.stem)
    fh: IO[bytes]
    try:
        fh = stream if stream is not None else open_regular_file(path)
    except (NotRegularFileError, OSError) as e:
        reason = str(e) if isinstance(e, NotRegularFileError) else f"cannot read: {e.strerror or e}"
        yield ReadFailure(src, name, reason)
        return
    try:
        if fmt == "warc":
            for item in iter_warc(fh, src, name, skipped, max_bytes=limit):
                yield item.load() if isinstance(item, RawPage) and not defer else item
            return
        size = os.fstat(fh.fileno()).st_size if stream is None else None
        if size is not None and size > limit:
            yield ReadFailure(src, name, f"page of {size:,} bytes is larger than the limit of {limit:,}; not read")
            return
        data = fh.read(limit + 1)
        if len(data) > limit:
            yield ReadFailure(src, name, f"page larger than the limit of {limit:,} bytes; not read further")
            return
    except OSError as e:
        yield ReadFailure(src, name, f"cannot read: {e.strerror or e}")
        return
    finally:
        if stream is None:
            fh.close()
    page = RawPage(src, name, data, max_bytes=limit)
    yield page if defer else page.load()
