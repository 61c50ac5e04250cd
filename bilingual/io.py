"""Reading documents: files, directories (recursive), JSONL corpora and stdin, in any of the encodings
Arabic text arrives in (UTF-8 with or without BOM, UTF-16/32 with BOM, Windows-1256).

Nothing is silently lost: every input that cannot become a document yields a :class:`ReadFailure`
naming the file (and line, for JSONL) and the reason.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from bilingual.model import Document, InvalidTextError
from bilingual.script import ARABIC_LETTER_RE

if TYPE_CHECKING:
    from bilingual.export import ExportPair
    from bilingual.web.page import RawPage

JSONL_SUFFIXES = (".jsonl", ".ndjson")
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
    return path.stem if path.name not in ("", "-") else "stdin"


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


def _json_document(line: str, source: str, lineno: int, stem: str) -> Document | ReadFailure:
    where = f"{source}:{lineno}"
    fallback_id = f"{stem}:{lineno}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        return ReadFailure(where, fallback_id, f"malformed JSON: {e.msg} at column {e.colno}")
    if not isinstance(obj, dict):
        return ReadFailure(where, fallback_id, f"a JSONL line must be an object, not {type(obj).__name__}")
    doc_id = str(obj["id"]) if obj.get("id") not in (None, "") else fallback_id
    text = obj.get("text")
    if not isinstance(text, str):
        return ReadFailure(where, doc_id, 'missing "text" string field')
    if not text.strip():
        return ReadFailure(where, doc_id, "empty document (only white space)")
    meta: dict[str, Any] = {k: v for k, v in obj.items() if k not in ("id", "text", "source")}
    meta["line"] = lineno
    try:
        return Document(id=doc_id, text=text, source=str(obj.get("source") or where), metadata=meta)
    except InvalidTextError as e:
        return ReadFailure(where, doc_id, str(e))


def iter_jsonl(stream: BinaryIO, source: str, stem: str) -> Iterator[Document | ReadFailure]:
    """Documents of a JSONL stream, one per non-blank line, read line by line."""
    for lineno, raw in enumerate(stream, 1):
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            yield ReadFailure(f"{source}:{lineno}", f"{stem}:{lineno}", f"invalid UTF-8 at byte {e.start} of the line")
            continue
        yield _json_document(line, source, lineno, stem)


def _looks_like_jsonl(data: bytes) -> bool:
    first = data.lstrip(codecs.BOM_UTF8).lstrip().split(b"\n", 1)[0]
    if not first.startswith(b"{"):
        return False
    try:
        obj = json.loads(first)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    return isinstance(obj, dict) and "text" in obj


def _walk(directory: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name


INPUT_FORMATS = ("auto", "text", "jsonl", "html", "warc")


def iter_documents(
    inputs: Iterable[str | os.PathLike[str]],
    input_format: str = "auto",
    stdin: BinaryIO | None = None,
    *,
    skipped: Counter[str] | None = None,
    _defer: bool = False,
) -> Iterator[Document | ReadFailure]:
    """Yield a Document (or a ReadFailure) for every document in ``inputs``.

    Each input is a file, a directory (read recursively, hidden files skipped) or ``-`` for stdin.
    ``input_format`` is ``auto`` (by suffix: JSONL, HTML pages, WARC archives, else text; for stdin JSONL
    or text by content), ``text``, ``jsonl``, ``html`` or ``warc`` (see :mod:`bilingual.web`). WARC records
    that are not HTML pages are counted in ``skipped`` by kind.
    """
    if input_format not in INPUT_FORMATS:
        raise ValueError(f"input_format must be one of {', '.join(INPUT_FORMATS)}, not {input_format!r}")
    for item in inputs:
        name = os.fspath(item)
        if name == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            if input_format in ("html", "warc"):
                from bilingual.web import read_web

                yield from read_web(  # type: ignore[misc]  # RawPage items only when _defer (iter_items)
                    Path("stdin"), input_format, source="<stdin>", doc_id="stdin", stream=stream, defer=_defer,
                    skipped=skipped,
                )
                continue
            data = stream.read()
            if input_format == "jsonl" or (input_format == "auto" and _looks_like_jsonl(data)):
                import io as _io

                yield from iter_jsonl(_io.BytesIO(data), "<stdin>", "stdin")
            else:
                yield _text_document(data, "<stdin>", "stdin")
            continue
        path = Path(name)
        if path.is_dir():
            paths: Iterable[Path] = _walk(path)
        elif path.exists():
            paths = [path]
        else:
            yield ReadFailure(name, _doc_id(path), "no such file or directory")
            continue
        for p in paths:
            yield from _read_path(p, input_format, _defer, skipped)  # type: ignore[misc]  # as above


def iter_items(
    inputs: Iterable[str | os.PathLike[str]],
    input_format: str = "auto",
    stdin: BinaryIO | None = None,
    *,
    skipped: Counter[str] | None = None,
) -> Iterator[Document | ReadFailure | RawPage]:
    """As :func:`iter_documents`, but web pages come unextracted, as :class:`~bilingual.web.page.RawPage`
    items whose ``load()`` makes the document: corpus runs extract them in their workers."""
    return iter_documents(inputs, input_format, stdin, skipped=skipped, _defer=True)


def _read_path(
    p: Path, input_format: str, defer: bool = False, skipped: Counter[str] | None = None
) -> Iterator[Document | ReadFailure | RawPage]:
    source = str(p)
    from bilingual.web import read_web, web_format

    web = web_format(p, input_format)
    if web is not None:
        yield from read_web(p, web, defer=defer, skipped=skipped)
        return
    is_jsonl = input_format == "jsonl" or (input_format == "auto" and p.suffix.lower() in JSONL_SUFFIXES)
    try:
        if is_jsonl:
            with p.open("rb") as fh:
                yield from iter_jsonl(fh, source, p.stem)
            return
        data = p.read_bytes()
    except OSError as e:
        yield ReadFailure(source, _doc_id(p), f"cannot read: {e.strerror or e}")
        return
    yield _text_document(data, source, _doc_id(p))


def read_pairs(path: str | os.PathLike[str]) -> Iterator[ExportPair]:
    """Parallel pairs from this toolkit's own exports (.tmx, .jsonl or .tsv, by suffix), as ExportPair
    records, so corpora can be merged and re-filtered. TMX is parsed XXE-safe (defusedxml)."""
    from bilingual.export import read_pairs as _read_pairs

    yield from _read_pairs(path)
