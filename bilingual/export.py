"""Parallel segments out of aligned documents: TMX 1.4b, TSV, JSONL and Moses/OPUS files, and readers
for the first three so corpora can be merged and re-filtered.

Every format carries the metadata: document id, source path, character spans, score, and the tweet's
author/handle/date when the Arabic is a tweet (and its status URL, from embed markup). When the Arabic
side is normalised on export, the raw text is kept as ``ar_raw``.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from bilingual.align import AlignmentResult
from bilingual.labels import escape_label
from bilingual.normalization import Normalizer, get_normalizer

FORMATS = ("tmx", "tsv", "jsonl", "moses")
# Characters XML 1.0 does not allow (C0 controls but tab/LF/CR, surrogates, U+FFFE/FFFF).
_XML_FORBIDDEN_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Everything str.splitlines() breaks at, so a Moses line is one line for any reader.
_LINE_BREAKS_RE = re.compile("\r\n|[\n\r\u2028\u2029\x85\x0b\x0c\x1c\x1d\x1e]")


@dataclass
class ExportPair:
    """One parallel segment with its metadata (the unit every export format writes)."""

    doc_id: str
    source: str
    ar: str
    en: str
    score: float
    ar_start: int
    ar_end: int
    en_start: int
    en_end: int
    author: str = ""
    handle: str = ""
    date: str = ""
    ar_raw: str = ""  # the Arabic as it stands in the document, when ``ar`` was normalised
    url: str = ""  # the post's status URL, when the Arabic is a post read from embed markup

    def __post_init__(self) -> None:
        # One rule for ids and sources in every format (see bilingual.labels): no tab, line break or
        # control character reaches a column or an XML attribute.
        self.doc_id = escape_label(str(self.doc_id))
        self.source = escape_label(str(self.source))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the JSONL export schema)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ExportPair:
        """Inverse of :meth:`to_dict` (unknown keys are ignored)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})

    def key(self) -> str:
        """What identical pairs share (for de-duplication across a corpus)."""
        return self.ar + "\t" + self.en


def pairs_from_result(result: AlignmentResult, normalize: str | Normalizer | None = None) -> list[ExportPair]:
    """The export records of one document's alignment, the Arabic normalised with ``normalize`` if given."""
    norm = get_normalizer(normalize) if normalize else None
    out = []
    for p in result.pairs:
        ar = norm(p.ar) if norm else p.ar
        out.append(
            ExportPair(
                result.doc_id,
                result.source,
                ar,
                p.en,
                round(p.score, 4),
                p.ar_span[0],
                p.ar_span[1],
                p.en_span[0],
                p.en_span[1],
                str(p.meta.get("author") or ""),
                str(p.meta.get("handle") or ""),
                str(p.meta.get("date") or ""),
                p.ar if norm and ar != p.ar else "",
                str(p.meta.get("url") or ""),
            )
        )
    return out


# --- Writers ---------------------------------------------------------------------------------------


class Writer:
    """Writes pairs to one format's file(s); ``header``/``footer`` frame the body (TMX needs both)."""

    suffixes: tuple[str, ...] = ()

    def __init__(self, files: dict[str, IO[str]]) -> None:
        self.files = files
        # Characters a format cannot hold, removed (TMX: what XML 1.0 forbids) or replaced (Moses: line
        # breaks inside a segment), and counted.
        self.removed_chars = 0

    def header(self) -> None:
        """Write what precedes the first pair."""

    def write(self, pair: ExportPair) -> None:
        """Write one pair."""
        raise NotImplementedError

    def footer(self) -> None:
        """Write what follows the last pair."""


class TMXWriter(Writer):
    """TMX 1.4b, two languages (ar source, en target), metadata as ``<prop type="x-…">``."""

    suffixes = (".tmx",)

    def __init__(self, files: dict[str, IO[str]], version: str) -> None:
        super().__init__(files)
        self.version = version
        self.n = 0

    def _clean(self, text: str) -> str:
        """``text`` as XML character data: forbidden characters removed (counted), markup escaped, and
        CR as a character reference (an XML parser turns a literal CR into LF)."""
        cleaned, n = _XML_FORBIDDEN_RE.subn("", text)
        self.removed_chars += n
        return escape(cleaned).replace("\r", "&#13;")

    def header(self) -> None:
        # No creationdate: a resumed run must write the same bytes as an uninterrupted one.
        self.files[".tmx"].write(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<tmx version="1.4">\n'
            f'  <header creationtool="bilingual" creationtoolversion={quoteattr(self.version)} '
            'segtype="sentence" o-tmf="bilingual-jsonl" adminlang="en" srclang="ar" datatype="plaintext"/>\n'
            "  <body>\n"
        )

    def write(self, pair: ExportPair) -> None:
        props = [
            ("x-doc", pair.doc_id),
            ("x-source", pair.source),
            ("x-score", f"{pair.score:.4f}"),
            ("x-ar-span", f"{pair.ar_start}:{pair.ar_end}"),
            ("x-en-span", f"{pair.en_start}:{pair.en_end}"),
            ("x-author", pair.author),
            ("x-handle", pair.handle),
            ("x-date", pair.date),
            ("x-ar-raw", pair.ar_raw),
            ("x-url", pair.url),
        ]
        lines = [f"    <tu tuid={quoteattr(f'{pair.doc_id}:{pair.ar_start}:{pair.en_start}')}>"]
        for name, value in props:
            if value:
                lines.append(f'      <prop type="{name}">{self._clean(value)}</prop>')
        lines.append(f'      <tuv xml:lang="ar"><seg>{self._clean(pair.ar)}</seg></tuv>')
        lines.append(f'      <tuv xml:lang="en"><seg>{self._clean(pair.en)}</seg></tuv>')
        lines.append("    </tu>")
        self.files[".tmx"].write("\n".join(lines) + "\n")
        self.n += 1

    def footer(self) -> None:
        self.files[".tmx"].write("  </body>\n</tmx>\n")


TSV_COLUMNS = (
    "ar",
    "en",
    "score",
    "doc",
    "source",
    "ar_start",
    "ar_end",
    "en_start",
    "en_end",
    "author",
    "handle",
    "date",
    "ar_raw",
    "url",
)
_TSV_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_UNESCAPE_RE = re.compile(r"\\(.)")


def tsv_escape(text: str) -> str:
    """Backslash, tab, LF and CR as \\\\ \\t \\n \\r, so each pair stays on one line."""
    return "".join(_TSV_ESCAPES.get(c, c) for c in text) if any(c in text for c in "\\\t\n\r") else text


def tsv_unescape(text: str) -> str:
    """Inverse of :func:`tsv_escape`."""
    table = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
    return _TSV_UNESCAPE_RE.sub(lambda m: table.get(m.group(1), m.group(0)), text)


class TSVWriter(Writer):
    """``ar<TAB>en<TAB>score<TAB>doc<TAB>…`` with a header line; tabs/newlines in text escaped."""

    suffixes = (".tsv",)

    def header(self) -> None:
        self.files[".tsv"].write("\t".join(TSV_COLUMNS) + "\n")

    def write(self, pair: ExportPair) -> None:
        values = (
            pair.ar,
            pair.en,
            f"{pair.score:.4f}",
            pair.doc_id,
            pair.source,
            pair.ar_start,
            pair.ar_end,
            pair.en_start,
            pair.en_end,
            pair.author,
            pair.handle,
            pair.date,
            pair.ar_raw,
            pair.url,
        )
        self.files[".tsv"].write("\t".join(tsv_escape(str(v)) for v in values) + "\n")


class JSONLWriter(Writer):
    """One JSON object per pair (the :class:`ExportPair` fields)."""

    suffixes = (".jsonl",)

    def write(self, pair: ExportPair) -> None:
        self.files[".jsonl"].write(json.dumps(pair.to_dict(), ensure_ascii=False) + "\n")


class MosesWriter(Writer):
    """``corpus.ar-en.ar`` / ``.en`` / ``.ids``: one segment per line, the same line count in each.
    Line breaks inside a segment become spaces (counted in ``removed_chars``); JSONL keeps them."""

    suffixes = (".ar-en.ar", ".ar-en.en", ".ar-en.ids")

    def _line(self, text: str) -> str:
        flat, n = _LINE_BREAKS_RE.subn(" ", text)
        self.removed_chars += n
        return flat

    def write(self, pair: ExportPair) -> None:
        self.files[".ar-en.ar"].write(self._line(pair.ar) + "\n")
        self.files[".ar-en.en"].write(self._line(pair.en) + "\n")
        self.files[".ar-en.ids"].write(
            f"{pair.doc_id}\t{pair.ar_start}:{pair.ar_end}\t{pair.en_start}:{pair.en_end}\t{pair.score:.4f}\n"
        )


def make_writer(fmt: str, files: dict[str, IO[str]], version: str) -> Writer:
    """The writer for a format name (one of :data:`FORMATS`)."""
    if fmt == "tmx":
        return TMXWriter(files, version)
    return _WRITER_CLASSES[fmt](files)


_WRITER_CLASSES: dict[str, type[Writer]] = {
    "tmx": TMXWriter,
    "tsv": TSVWriter,
    "jsonl": JSONLWriter,
    "moses": MosesWriter,
}


def writer_suffixes(fmt: str) -> tuple[str, ...]:
    """The file suffixes a format writes (appended to the output stem ``corpus``)."""
    return _WRITER_CLASSES[fmt].suffixes


# --- Readers ---------------------------------------------------------------------------------------


def read_tmx(path: str | os.PathLike[str]) -> Iterator[ExportPair]:
    """Pairs of a TMX file (ours, or any two-language ar/en TMX). Parsed with defusedxml: entity
    expansion and external entities (XXE, billion laughs) are refused, not resolved."""
    from defusedxml.ElementTree import iterparse

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for _event, el in iterparse(str(path), events=("end",)):
        if el.tag != "tu":
            continue
        props = {p.get("type", ""): (p.text or "") for p in el.findall("prop")}
        segs: dict[str, str] = {}
        for tuv in el.findall("tuv"):
            lang = (tuv.get(xml_lang) or tuv.get("lang") or "").lower()[:2]
            seg = tuv.find("seg")
            segs[lang] = "".join(seg.itertext()) if seg is not None else ""
        ar_span = props.get("x-ar-span", "0:0").split(":")
        en_span = props.get("x-en-span", "0:0").split(":")
        yield ExportPair(
            props.get("x-doc", ""),
            props.get("x-source", ""),
            segs.get("ar", ""),
            segs.get("en", ""),
            float(props.get("x-score", "0") or 0),
            int(ar_span[0]),
            int(ar_span[1]),
            int(en_span[0]),
            int(en_span[1]),
            props.get("x-author", ""),
            props.get("x-handle", ""),
            props.get("x-date", ""),
            props.get("x-ar-raw", ""),
            props.get("x-url", ""),
        )
        el.clear()


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[ExportPair]:
    """Pairs of a JSONL export."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield ExportPair.from_dict(json.loads(line))


def read_tsv(path: str | os.PathLike[str]) -> Iterator[ExportPair]:
    """Pairs of a TSV export (its header names the columns)."""
    with open(path, encoding="utf-8", newline="\n") as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            values = [tsv_unescape(v) for v in line.rstrip("\n").split("\t")]
            row = dict(zip(header, values, strict=False))
            yield ExportPair(
                row.get("doc", ""),
                row.get("source", ""),
                row.get("ar", ""),
                row.get("en", ""),
                float(row.get("score") or 0),
                int(row.get("ar_start") or 0),
                int(row.get("ar_end") or 0),
                int(row.get("en_start") or 0),
                int(row.get("en_end") or 0),
                row.get("author", ""),
                row.get("handle", ""),
                row.get("date", ""),
                row.get("ar_raw", ""),
                row.get("url", ""),
            )


def read_pairs(path: str | os.PathLike[str]) -> Iterable[ExportPair]:
    """Pairs of any export this toolkit writes, by suffix (.tmx, .jsonl, .tsv)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".tmx":
        return read_tmx(path)
    if suffix in (".jsonl", ".ndjson"):
        return read_jsonl(path)
    if suffix == ".tsv":
        return read_tsv(path)
    raise ValueError(f"{path}: cannot tell the format from the suffix (expected .tmx, .jsonl or .tsv)")
