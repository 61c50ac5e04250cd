"""The HTML pages of a WARC file (``.warc``, ``.warc.gz``, as Common Crawl and Bitextor keep crawls), streamed.

Each ``response`` record whose HTTP ``Content-Type`` is HTML (``text/html``, ``application/xhtml+xml``) and
whose status is 2xx becomes a :class:`~bilingual.web.page.RawPage` (its bytes, the record's target URI, date
and ID as metadata); every other record is skipped and counted by kind (``request``, ``metadata``,
``response image/png``, ``response HTTP 3xx`` …). Records are read one at a time with warcio, so memory
does not grow with the file.

A record that cannot be read (binary junk where a record should start, a gzip member that does not
inflate) is a :class:`~bilingual.io.ReadFailure` naming the file and the record's byte offset, and the
reading resumes at the next record found after it; a record cut short (a truncated download) or larger
than the page limit fails alone as well.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterator
from typing import IO, Any

from bilingual.io import ReadFailure
from bilingual.web.html import EXTRA_HINT, MAX_HTML_BYTES
from bilingual.web.page import RawPage

HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MAGIC = b"\x1f\x8b\x08"
_SCAN_BYTES = 1 << 20


def warc_stem(name: str) -> str:
    """A WARC file's name without ``.warc`` / ``.warc.gz`` (the stem of its documents' ids)."""
    lower = name.lower()
    for suf in (".warc.gz", ".warc", ".gz"):
        if lower.endswith(suf):
            return name[: -len(suf)]
    return name


def _short(reason: object) -> str:
    text = " ".join(str(reason).split())
    text = "".join(c if c.isprintable() else "?" for c in text)
    return text if len(text) <= 160 else text[:157] + "…"


def _next_record_start(fh: IO[bytes], start: int, gz: bool) -> int | None:
    """The offset of the first record that starts at or after ``start``: a gzip member that inflates to a
    WARC header, or (uncompressed) a ``WARC/1.`` line. None when there is none."""
    magic = _GZIP_MAGIC if gz else b"WARC/1."
    pos = start
    while True:
        fh.seek(pos)
        buf = fh.read(_SCAN_BYTES + 4096)
        if not buf:
            return None
        i = buf.find(magic)
        while 0 <= i < _SCAN_BYTES:
            if gz:
                try:
                    head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(buf[i : i + 4096], 16)
                except zlib.error:
                    head = b""
                if head.startswith(b"WARC/"):
                    return pos + i
            elif pos + i == 0 or buf[i - 1 : i] == b"\n":
                return pos + i
            i = buf.find(magic, i + 1)
        if len(buf) <= _SCAN_BYTES:
            return None
        pos += _SCAN_BYTES


def _page_of(
    record: Any, source: str, stem: str, offset: int, payload: bytes | None, problem: str | None, max_bytes: int
) -> RawPage | ReadFailure:
    rec_headers = record.rec_headers
    url = rec_headers.get_header("WARC-Target-URI")
    where, doc_id = f"{source}@{offset}", f"{stem}@{offset}"
    if problem is not None or payload is None:
        return ReadFailure(where, doc_id, f"WARC record {url or ''}: {problem}".replace("record :", "record:"))
    meta = {
        "warc_url": url,
        "warc_date": rec_headers.get_header("WARC-Date"),
        "warc_record_id": rec_headers.get_header("WARC-Record-ID"),
        "warc_offset": offset,
    }
    return RawPage(
        where,
        doc_id,
        payload,
        url=url,
        http_content_type=record.http_headers.get_header("Content-Type"),
        metadata={k: v for k, v in meta.items() if v is not None},
        max_bytes=max_bytes,
    )


def _skip_reason(record: Any) -> str | None:
    """Why a record is not a page to read (its kind, for the count), or None for an HTML response."""
    if record.rec_type != "response":
        return str(record.rec_type)
    if record.http_headers is None:
        return "response (not HTTP)"
    mime = (record.http_headers.get_header("Content-Type") or "").split(";", 1)[0].strip().lower()
    if mime not in HTML_TYPES:
        return f"response {mime or '(no content type)'}"
    status = record.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return f"response HTTP {status[:1] or '?'}xx"
    return None


def iter_warc(
    stream: IO[bytes],
    source: str,
    stem: str,
    skipped: Counter[str] | None = None,
    max_bytes: int = MAX_HTML_BYTES,
) -> Iterator[RawPage | ReadFailure]:
    """The HTML pages of a WARC stream, one :class:`RawPage` (or :class:`ReadFailure`) per HTML response
    record; other records are counted in ``skipped`` by kind. ``source`` and ``stem`` name the file in the
    pages' sources and ids (``source@offset``, ``stem@offset``). A seekable stream is read on past a record
    that cannot be read; an unseekable one (stdin) stops there, saying so."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as e:
        yield ReadFailure(source, stem, f"reading WARC needs warcio: {EXTRA_HINT} ({e})")
        return
    skipped = skipped if skipped is not None else Counter()
    seekable = stream.seekable() if hasattr(stream, "seekable") else False
    first = stream.read(2) if seekable else b""
    if seekable:
        if not first:
            yield ReadFailure(source, stem, "empty file")
            return
        stream.seek(0)
    gz = first == _GZIP_MAGIC[:2]
    pos: int | None = 0
    while pos is not None:
        if seekable:
            stream.seek(pos)
        records = ArchiveIterator(stream, arc2warc=True)
        next_pos = pos
        try:
            for record in records:
                reason = _skip_reason(record)
                if reason is not None:
                    skipped[reason] += 1
                    next_pos = records.get_record_offset() + records.get_record_length()
                    continue
                payload: bytes | None = None
                problem: str | None = None
                if record.length is not None and record.length > max_bytes + 65536:
                    problem = f"page of {record.length:,} bytes is larger than the limit of {max_bytes:,}"
                else:
                    try:
                        payload = record.content_stream().read(max_bytes + 1)
                    except Exception as e:  # a payload that does not decode (bad gzip, bad chunking)
                        problem = f"payload cannot be read: {_short(e)}"
                    else:
                        left = getattr(record.raw_stream, "limit", 0) or 0
                        if len(payload) > max_bytes:
                            problem = f"page larger than the limit of {max_bytes:,} bytes"
                        elif left > 0:
                            problem = (
                                f"truncated record: its block ends {left:,} bytes short of its "
                                f"Content-Length ({record.length:,})"
                            )
                offset = records.get_record_offset()
                next_pos = offset + records.get_record_length()
                yield _page_of(record, source, stem, offset, payload, problem, max_bytes)
            pos = None
        except Exception as e:  # no record where one should start (junk, a broken gzip member, ...)
            reason = f"unreadable WARC record: {_short(e)}"
            resume = _next_record_start(stream, next_pos + 1, gz) if seekable else None
            if resume is None:
                reason += "; no further record found, the rest of the file is not read"
            else:
                reason += f"; reading resumes at the next record, at byte {resume:,}"
            yield ReadFailure(f"{source}@{next_pos}", f"{stem}@{next_pos}", reason)
            pos = resume
