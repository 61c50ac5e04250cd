"""TSV: ``corpus.tsv``, one pair a row under a header, quoted the way spreadsheets and CSV readers expect,
and its reader.

A field holding a tab, a double quote or a line break is written between double quotes, with each
double quote doubled (RFC 4180 quoting, tab-separated); every other field is written as it is. Line
breaks inside a segment are kept as they are, inside the quotes. ``pandas.read_csv(path, sep="\\t")``,
Python's ``csv.reader(f, delimiter="\\t")`` (file opened with ``newline=""``) and LibreOffice read
every row back with their default settings."""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator

from bilingual.export.base import Writer
from bilingual.export.record import ExportPair

__all__ = ["TSV_COLUMNS", "TSVWriter", "read_tsv", "tsv_field"]

TSV_COLUMNS = (
    "ar",
    "en",
    "score",
    "kind",
    "unit",
    "lang",
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
_FIELD = {"doc": "doc_id"}  # the columns named otherwise than their ExportPair field
# A field with one of these is quoted: the separator, the quote, and every character some reader ends a
# line at (Python's csv module does not quote a lone CR itself, so the quoting is done here).
_NEEDS_QUOTES_RE = re.compile('[\t"\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]')


def tsv_field(text: str) -> str:
    """``text`` as one TSV field: as it is, or between double quotes (quotes doubled) when it holds a
    tab, a double quote or a line break."""
    if _NEEDS_QUOTES_RE.search(text) is None:
        return text
    return '"' + text.replace('"', '""') + '"'


class TSVWriter(Writer):
    """``ar<TAB>en<TAB>score<TAB>kind<TAB>…`` (:data:`TSV_COLUMNS`) under a header line; see the module."""

    suffixes = (".tsv",)

    def header(self) -> None:
        self.files[".tsv"].write("\t".join(TSV_COLUMNS) + "\n")

    def write(self, pair: ExportPair) -> None:
        values = (getattr(pair, _FIELD.get(c, c)) for c in TSV_COLUMNS)
        cells = (f"{v:.4f}" if c == "score" else str(v) for c, v in zip(TSV_COLUMNS, values, strict=True))
        self.files[".tsv"].write("\t".join(tsv_field(v) for v in cells) + "\n")


def read_tsv(path: str | os.PathLike[str]) -> Iterator[ExportPair]:
    """Pairs of a TSV export (its header names the columns), read with Python's ``csv`` module."""
    with open(path, encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh, delimiter="\t")
        header = next(rows, None)
        if header is None:
            return
        fields = [_FIELD.get(c, c) for c in header]
        for values in rows:
            yield ExportPair.from_fields(dict(zip(fields, values, strict=False)))
