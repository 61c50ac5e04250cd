"""Reading documents: files, directories (recursive), JSONL corpora and stdin, in any of the encodings
Arabic text arrives in (UTF-8 with or without BOM, UTF-16/32 with BOM, Windows-1256).

Nothing is silently lost: every input that cannot become a document yields a :class:`ReadFailure`
naming the file (and line, for JSONL) and the reason.
"""

from __future__ import annotations

import codecs
import io as _io
import json
import os
import re
import stat
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from bilingual.labels import escape_label
from bilingual.model import Document, InvalidTextError
from bilingual.script import ARABIC_LETTER_RE
from bilingual.segment import MAX_BLOCK_CHARS

__all__ = [
    "BYTES_PER_CHAR",
    "CHUNK_BYTES",
    "INPUT_FORMATS",
    "JSONL_SUFFIXES",
    "MAX_DOCUMENT_BYTES",
    "MAX_JSON_DEPTH",
    "DecodeError",
    "NotRegularFileError",
    "ReadFailure",
    "ReadLimits",
    "decode_bytes",
    "iter_documents",
    "iter_items",
    "iter_jsonl",
    "open_regular_file",
    "read_pairs",
    "read_text_bytes",
    "walk_files",
]


if TYPE_CHECKING:
    from bilingual.export import ExportPair
    from bilingual.web.page import RawPage

JSONL_SUFFIXES = (".jsonl", ".ndjson")
# Reading is bounded: files are read in chunks of CHUNK_BYTES and refused as soon as a limit is passed.
CHUNK_BYTES = 1 << 20
MAX_DOCUMENT_BYTES = 64 << 20  # one text file, or one JSONL line
BYTES_PER_CHAR = 4  # the most bytes one character takes in any encoding read here (UTF-8, UTF-16/32)
MAX_JSON_DEPTH = 100  # nesting allowed in a JSONL record's metadata
_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_COMMON_ARABIC_LETTERS = frozenset("اليمونرتبهعةدأإ")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class DecodeError(ValueError):
    """Bytes that are not text in any encoding the reader accepts."""


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """An input that could not become a document, and why."""

    source: str
    doc_id: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        """JSON-ready dict."""
        return {"source": self.source, "doc_id": self.doc_id, "reason": self.reason}

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode document bytes; return (text, encoding name). Raises :class:`DecodeError` with a reason."""
    if not data:
        raise DecodeError("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as e:
                raise DecodeError(
                    f"starts with a {enc} byte-order mark but is not valid {enc}: {e.reason} at byte {e.start}"
                ) from None
            return text.lstrip("\ufeff"), enc.replace("-sig", "") + "-bom"
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DecodeError(f"binary file (NUL byte at offset {nul}); not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        utf8_error = f"invalid UTF-8 byte 0x{data[e.start]:02x} at offset {e.start}"
    try:
        text = data.decode("cp1256")
    except UnicodeDecodeError:
        raise DecodeError(f"{utf8_error}, and not Windows-1256 either") from None
    non_ascii = [c for c in text if ord(c) > 127]
    arabic = [c for c in non_ascii if ARABIC_LETTER_RE.match(c)]
    # Other 8-bit Cyrillic/Greek encodings also land on Arabic letters in cp1256, but with the wrong
    # letter frequencies: real Arabic spends over half its letters on a dozen common ones.
    common = sum(1 for c in arabic if c in _COMMON_ARABIC_LETTERS)
    controls = len(_CONTROL_RE.findall(text))
    if (
        controls > len(text) // 100
        or len(arabic) < 0.6 * len(non_ascii)
        or (len(arabic) >= 20 and common < 0.5 * len(arabic))
    ):
        raise DecodeError(f"{utf8_error}; not Windows-1256 Arabic either (looks binary or another encoding)")
    return text, "windows-1256"


def _doc_id(path: Path) -> str:
    return escape_label(path.stem if path.name not in ("", "-") else "stdin")


# --- Bounded reading ----------------------------------------------------------------------------------

_LINE_BREAKS = (b"\n", b"\r", b"\x0b", b"\x0c", "\x85".encode(), "\u2028".encode(), "\u2029".encode())
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)  # UTF-32 LE starts like UTF-16 LE


class NotRegularFileError(ValueError):
    """A path that names a device, a FIFO or a socket: refused unread (it may never end, or block)."""


def _bytes_after_last_break(buf: bytes) -> int:
    """How many bytes of ``buf`` follow its last line break, or -1 when it holds none."""
    end = -1
    for b in _LINE_BREAKS:
        i = buf.rfind(b)
        if i >= 0 and i + len(b) > end:
            end = i + len(b)
    return -1 if end < 0 else len(buf) - end


def read_text_bytes(
    stream: BinaryIO,
    *,
    max_line_chars: int = MAX_BLOCK_CHARS,
    max_document_bytes: int = MAX_DOCUMENT_BYTES,
    head: bytes = b"",
) -> bytes:
    """All bytes of one text document from ``stream`` (after ``head``, bytes already taken from it), read
    in chunks with the limits checked as each chunk arrives, so memory is never spent on input that
    will be refused. Raises :class:`DecodeError` for a NUL byte (binary data; UTF-16/32 with a BOM
    excepted), a line longer than ``BYTES_PER_CHAR * max_line_chars`` bytes (so never one that the
    segmenter's paragraph limit would accept), or more than ``max_document_bytes`` bytes in all."""
    max_line_bytes = BYTES_PER_CHAR * max_line_chars
    parts: list[bytes] = []
    total = 0
    line_start = 0
    wide = False
    data = head
    while True:
        if not data:
            data = stream.read(CHUNK_BYTES)
            if not data:
                break
        if total == 0:
            wide = data.startswith(_WIDE_BOMS)
        if not wide:
            nul = data.find(b"\x00")
            if nul >= 0:
                raise DecodeError(f"binary file (NUL byte at offset {total + nul}); not text")
        after = _bytes_after_last_break(data)
        if after >= 0:
            line_start = total + len(data) - after
        total += len(data)
        if total - line_start > max_line_bytes:
            raise DecodeError(
                f"a single line of more than {max_line_bytes:,} bytes at byte offset {line_start} exceeds the "
                f"paragraph limit of {max_line_chars:,} characters (is this really text? raise --max-block-chars "
                "to accept it); not read further"
            )
        if total > max_document_bytes:
            raise DecodeError(
                f"larger than {max_document_bytes:,} bytes (the document size limit; raise --max-document-bytes "
                "to accept it); not read further"
            )
        parts.append(data)
        data = b""
    return b"".join(parts)


def _text_from_stream(
    stream: BinaryIO, source: str, doc_id: str, limits: ReadLimits, head: bytes = b""
) -> Document | ReadFailure:
    try:
        data = read_text_bytes(
            stream, max_line_chars=limits.max_line_chars, max_document_bytes=limits.max_document_bytes, head=head
        )
    except DecodeError as e:
        return ReadFailure(source, doc_id, str(e))
    except OSError as e:
        return ReadFailure(source, doc_id, f"cannot read: {e.strerror or e}")
    return _text_document(data, source, doc_id)


def _read_line(stream: Any, limit: int) -> tuple[bytes, int, str | None]:
    """The next line of ``stream`` with its end: (bytes kept, bytes consumed, problem or None).

    At most ``limit`` bytes are kept. A longer line, or one holding a NUL byte, is consumed to its end
    without being kept (problem ``"long"`` / ``"nul"``); when no line end comes within ``2 * limit``
    bytes the reading stops (problem ``"endless"``)."""
    parts: list[bytes] = []
    n = 0
    problem: str | None = None
    while True:
        piece = stream.readline(CHUNK_BYTES)
        if not piece:
            break
        n += len(piece)
        if problem is None:
            if b"\x00" in piece:
                problem, parts = "nul", []
            elif n > limit:
                problem, parts = "long", []
            else:
                parts.append(piece)
        if piece.endswith(b"\n"):
            break
        if n > 2 * limit:
            problem = "endless"
            break
    return b"".join(parts), n, problem


class _Prefixed:
    """A byte stream that serves ``head`` first, then ``rest`` (for input sniffed before it is read)."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = _io.BytesIO(head)
        self._rest = rest

    def readline(self, size: int = -1) -> bytes:
        return self._head.readline(size) or self._rest.readline(size)

    def read(self, size: int = -1) -> bytes:
        return self._head.read(size) or self._rest.read(size)


def _sniff_first_line(stream: BinaryIO, limit: int) -> bytes:
    """Bytes from the start of ``stream`` up to the end of its first non-blank line, read only while that
    line can still be a JSON object (starts with ``{``), holds no NUL and is within ``limit`` bytes."""
    buf = bytearray()
    while len(buf) <= limit:
        piece = stream.readline(CHUNK_BYTES)
        if not piece:
            break
        buf += piece
        stripped = bytes(buf).lstrip(codecs.BOM_UTF8).lstrip()
        if not stripped:
            continue  # blank lines before the first line
        if not stripped.startswith(b"{") or b"\x00" in piece or piece.endswith(b"\n"):
            break
    return bytes(buf)


# --- Documents ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """Bounds on reading one document, checked while its bytes arrive.

    ``max_line_chars`` is the segmenter's paragraph limit: a line of more than ``BYTES_PER_CHAR`` times
    as many bytes is refused unread. ``max_document_bytes`` bounds a text file and one JSONL line."""

    max_line_chars: int = MAX_BLOCK_CHARS
    max_document_bytes: int = MAX_DOCUMENT_BYTES


def _text_document(data: bytes, source: str, doc_id: str) -> Document | ReadFailure:
    try:
        text, enc = decode_bytes(data)
    except DecodeError as e:
        return ReadFailure(source, doc_id, str(e))
    if not text.strip():
        return ReadFailure(source, doc_id, "empty document (only white space)")
    try:
        return Document(id=doc_id, text=text, source=source, metadata={"encoding": enc})
    except InvalidTextError as e:
        return ReadFailure(source, doc_id, str(e))


def _check_json_value(value: Any, max_depth: int = MAX_JSON_DEPTH) -> str | None:
    """Why a decoded JSON value cannot travel with a document (nested deeper than ``max_depth``, or a
    string or key holding a lone surrogate), or None. Iterative: no recursion on hostile input."""
    stack: list[tuple[Any, int, str]] = [(value, 1, "")]
    while stack:
        v, depth, where = stack.pop()
        if isinstance(v, str):
            m = _SURROGATE_RE.search(v)
            if m is not None:
                return f"field {where or '(top)'} holds a lone surrogate U+{ord(m.group()):04X}: not valid Unicode"
            continue
        if not isinstance(v, dict | list):
            continue
        if depth > max_depth:
            return f"JSON nested more than {max_depth} levels deep"
        if isinstance(v, dict):
            for k, x in v.items():
                name = escape_label(k)
                stack.append((k, depth, f"{where}.{name}" if where else name))
                stack.append((x, depth + 1, f"{where}.{name}" if where else name))
        else:
            stack.extend((x, depth + 1, f"{where}[{i}]") for i, x in enumerate(v))
    return None


def _json_document(line: str, source: str, lineno: int, stem: str) -> Document | ReadFailure:
    where = f"{source}:{lineno}"
    fallback_id = f"{stem}:{lineno}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return ReadFailure(where, fallback_id, f"malformed JSON: {e.msg} at column {e.colno}")
    except RecursionError:
        return ReadFailure(where, fallback_id, "malformed JSON: nested too deeply to read")
    except ValueError as e:  # e.g. an integer of more digits than int() converts
        if "digits" in str(e):
            limit = sys.get_int_max_str_digits()
            return ReadFailure(where, fallback_id, f"malformed JSON: an integer with more than {limit:,} digits")
        return ReadFailure(where, fallback_id, f"malformed JSON: {e}")
    if not isinstance(obj, dict):
        return ReadFailure(where, fallback_id, f"a JSONL line must be an object, not {type(obj).__name__}")
    raw_id = obj.get("id")
    if raw_id is None or raw_id == "":
        doc_id = fallback_id
    elif isinstance(raw_id, str) or (isinstance(raw_id, int | float) and not isinstance(raw_id, bool)):
        doc_id = escape_label(str(raw_id))
    else:
        return ReadFailure(
            where, fallback_id, f'the "id" field must be a string or a number, not {type(raw_id).__name__}'
        )
    text = obj.get("text")
    if not isinstance(text, str):
        return ReadFailure(where, doc_id, 'missing "text" string field')
    if not text.strip():
        return ReadFailure(where, doc_id, "empty document (only white space)")
    meta: dict[str, Any] = {k: v for k, v in obj.items() if k not in ("id", "text")}
    problem = _check_json_value(meta)
    if problem is not None:
        return ReadFailure(where, doc_id, problem)
    meta.pop("source", None)
    meta["line"] = lineno
    try:
        return Document(id=doc_id, text=text, source=escape_label(str(obj.get("source") or where)), metadata=meta)
    except InvalidTextError as e:
        return ReadFailure(where, doc_id, str(e))


def iter_jsonl(
    stream: BinaryIO, source: str, stem: str, max_line_bytes: int = MAX_DOCUMENT_BYTES
) -> Iterator[Document | ReadFailure]:
    """Documents of a JSONL stream, one per non-blank line, read line by line. A line that cannot be a
    document (malformed JSON, too long, binary, ...) is a :class:`ReadFailure` and the reading goes on."""
    source, stem = escape_label(source), escape_label(stem)
    lineno = 0
    while True:
        lineno += 1
        where, fallback_id = f"{source}:{lineno}", f"{stem}:{lineno}"
        try:
            raw, n, problem = _read_line(stream, max_line_bytes)
        except OSError as e:
            yield ReadFailure(where, fallback_id, f"cannot read: {e.strerror or e}; the rest of the file is not read")
            return
        if n == 0:
            return
        if problem == "nul":
            yield ReadFailure(where, fallback_id, "binary data (a NUL byte) in the line; not JSON")
            continue
        if problem is not None:
            yield ReadFailure(
                where,
                fallback_id,
                f"a line longer than {max_line_bytes:,} bytes (the document size limit; raise "
                "--max-document-bytes to accept it)"
                + ("; no line end in sight, so the rest of the file is not read" if problem == "endless" else ""),
            )
            if problem == "endless":
                return
            continue
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        if not raw.strip():
            continue
        try:
            line = raw.rstrip(b"\r\n").decode("utf-8")
        except UnicodeDecodeError as e:
            yield ReadFailure(where, fallback_id, f"invalid UTF-8 at byte {e.start} of the line")
            continue
        try:
            yield _json_document(line, source, lineno, stem)
        except Exception as e:  # a record the checks above missed still fails alone, listed
            yield ReadFailure(where, fallback_id, f"unreadable record: {type(e).__name__}: {e}")


def _looks_like_jsonl(data: bytes) -> bool:
    first = data.lstrip(codecs.BOM_UTF8).lstrip().split(b"\n", 1)[0]
    if not first.startswith(b"{"):
        return False
    try:
        obj = json.loads(first)
    except (ValueError, RecursionError):
        return False
    return isinstance(obj, dict) and "text" in obj


def _stat_key(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return (st.st_dev, st.st_ino)


def walk_files(directory: Path, excluded: set[tuple[int, int]] | None = None) -> Iterator[Path]:
    """The files under ``directory``, recursively, in sorted order; hidden files and folders (a leading
    dot) and those whose (device, inode) is in ``excluded`` are skipped."""
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not (excluded and _stat_key(Path(root) / d) in excluded)
        )
        for name in sorted(files):
            if name.startswith("."):
                continue
            p = Path(root) / name
            if excluded and _stat_key(p) in excluded:
                continue
            yield p


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), which would wait for a writer"
    if stat.S_ISCHR(mode):
        return "a character device, which may never end"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular_file(path: str | os.PathLike[str]) -> BinaryIO:
    """``path`` opened for reading in binary mode if it is a regular file; :class:`NotRegularFileError`
    otherwise. A FIFO is opened without blocking (no writer needed) and refused, instead of hanging."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFileError(
                f"not a regular file but {_kind_of(mode)}; not read (give '-' and redirect it to standard "
                "input to read a stream)"
            )
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


INPUT_FORMATS = ("auto", "text", "jsonl", "html", "warc")


def iter_documents(
    inputs: Iterable[str | os.PathLike[str]],
    input_format: str = "auto",
    stdin: BinaryIO | None = None,
    *,
    limits: ReadLimits | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
    skipped: Counter[str] | None = None,
    _defer: bool = False,
) -> Iterator[Document | ReadFailure]:
    """Yield a Document (or a ReadFailure) for every document in ``inputs``; never raises for bad input.

    Each input is a regular file, a directory (read recursively, hidden files skipped) or ``-`` for
    stdin. ``input_format`` is ``auto`` (by suffix: JSONL, HTML pages, WARC archives, else text; for stdin
    JSONL or text by content), ``text``, ``jsonl``, ``html`` or ``warc`` (see :mod:`bilingual.web`).
    ``limits`` bound what one document may hold (checked while reading, see :class:`ReadLimits`).
    Files and folders in ``exclude`` (a run's own output) are skipped when met inside a directory,
    and refused when named as inputs. Devices, FIFOs and sockets are refused unless given as ``-``.
    WARC records that are not 2xx HTML responses are counted in ``skipped`` by kind.
    """
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"input_format must be one of {', '.join(INPUT_FORMATS)}, not {input_format!r}")
    limits = limits or ReadLimits()
    excluded = {k for k in (_stat_key(x) for x in exclude) if k is not None}
    for item in inputs:
        name = os.fspath(item)
        source = escape_label(name)
        if name == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            if input_format in ("html", "warc"):
                from bilingual.web import read_web

                yield from read_web(  # type: ignore[misc]  # RawPage items only when _defer (iter_items)
                    Path("stdin"),
                    input_format,
                    source="<stdin>",
                    doc_id="stdin",
                    stream=stream,
                    defer=_defer,
                    skipped=skipped,
                    max_bytes=limits.max_document_bytes,
                )
                continue
            yield from _read_stdin(stream, input_format, limits)
            continue
        path = Path(name)
        try:
            if excluded and _stat_key(path) in excluded:
                yield ReadFailure(source, _doc_id(path), "is the output being written by this run; not read")
                continue
            if path.is_dir():
                paths: Iterable[Path] = walk_files(path, excluded)
            elif os.path.lexists(path):
                paths = [path]
            else:
                yield ReadFailure(source, _doc_id(path), "no such file or directory")
                continue
            for p in paths:
                yield from _read_path(p, input_format, limits, _defer, skipped)  # type: ignore[misc]  # as above
        except OSError as e:  # a name too long, a directory that vanished mid-walk, ...
            yield ReadFailure(source, _doc_id(path), f"cannot read: {e.strerror or e}")


def iter_items(
    inputs: Iterable[str | os.PathLike[str]],
    input_format: str = "auto",
    stdin: BinaryIO | None = None,
    *,
    limits: ReadLimits | None = None,
    exclude: Iterable[str | os.PathLike[str]] = (),
    skipped: Counter[str] | None = None,
) -> Iterator[Document | ReadFailure | RawPage]:
    """As :func:`iter_documents`, but web pages come unextracted, as :class:`~bilingual.web.page.RawPage`
    items whose ``load()`` makes the document: corpus runs extract them in their workers."""
    return iter_documents(inputs, input_format, stdin, limits=limits, exclude=exclude, skipped=skipped, _defer=True)


def _read_stdin(stream: BinaryIO, input_format: str, limits: ReadLimits) -> Iterator[Document | ReadFailure]:
    if input_format == "text":
        yield _text_from_stream(stream, "<stdin>", "stdin", limits)
        return
    head = b""
    if input_format == "auto":
        head = _sniff_first_line(stream, limits.max_document_bytes)
        if not _looks_like_jsonl(head):
            yield _text_from_stream(stream, "<stdin>", "stdin", limits, head=head)
            return
    yield from iter_jsonl(_Prefixed(head, stream), "<stdin>", "stdin", limits.max_document_bytes)  # type: ignore[arg-type]


def _read_path(
    p: Path, input_format: str, limits: ReadLimits, defer: bool = False, skipped: Counter[str] | None = None
) -> Iterator[Document | ReadFailure | RawPage]:
    source = escape_label(str(p))
    from bilingual.web import read_web, web_format

    web = web_format(p, input_format)
    if web is not None:
        yield from read_web(p, web, source=source, defer=defer, skipped=skipped, max_bytes=limits.max_document_bytes)
        return
    is_jsonl = input_format == "jsonl" or (input_format == "auto" and p.suffix.lower() in JSONL_SUFFIXES)
    try:
        fh = open_regular_file(p)
    except NotRegularFileError as e:
        yield ReadFailure(source, _doc_id(p), str(e))
        return
    except OSError as e:
        yield ReadFailure(source, _doc_id(p), f"cannot read: {e.strerror or e}")
        return
    with fh:
        if is_jsonl:
            yield from iter_jsonl(fh, source, p.stem, limits.max_document_bytes)
        else:
            yield _text_from_stream(fh, source, _doc_id(p), limits)


def read_pairs(path: str | os.PathLike[str]) -> Iterator[ExportPair]:
    """Parallel pairs from this toolkit's own exports (.tmx, .jsonl or .tsv, by suffix), as ExportPair
    records, so corpora can be merged and re-filtered. TMX is parsed XXE-safe (defusedxml)."""
    from bilingual.export import read_pairs as _read_pairs

    yield from _read_pairs(path)
