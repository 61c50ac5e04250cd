"""Parallel data out of aligned documents, one module per format, and readers so corpora can be merged
and re-filtered:

- ``tmx``: ``corpus.tmx``, TMX 1.4b (read back by translate-toolkit);
- ``tsv``: ``corpus.tsv``, quoted so pandas, Python's ``csv`` and spreadsheets read it back exactly;
- ``jsonl``: ``corpus.jsonl``, the Hugging Face ``translation: {ar, en}`` layout with the metadata beside it;
- ``moses``: ``corpus.ar-en.ar`` / ``.en`` / ``.ids`` (OPUS columns) / ``.meta``;
- ``unpaired``: ``unpaired.jsonl``, the Arabic units left without English;
- ``duplicates``: ``duplicates.jsonl``, where the copies de-duplication dropped came from (corpus runs).

Every pair format carries the metadata: document id, source path, character spans, score, the pair's
``kind`` (translation, paraphrase, partial, gloss), the Arabic ``unit`` (tweet, paragraph, hashtag ...)
and its ``lang``, and the post's author/handle/date/URL when the Arabic is a post. When the Arabic is
normalised on export, ``ar`` holds the normalised text and ``ar_raw`` the text as in the document.

In Python, :func:`write` exports the result of :func:`bilingual.align` (or any pairs) in one call::

    result = bilingual.align(doc)
    bilingual.export.write(result, "out", formats=["tmx", "jsonl"], documents=[doc])
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO, TYPE_CHECKING

from bilingual.export.base import Writer, creation_time, tmx_date
from bilingual.export.duplicates import DUPLICATES_FILE, read_duplicates, write_duplicates
from bilingual.export.jsonl import JSONLWriter, jsonl_row, read_jsonl
from bilingual.export.moses import MosesWriter
from bilingual.export.record import ExportPair, UnpairedRecord, pairs_from_result, unpaired_from_result
from bilingual.export.tmx import TMXWriter, read_tmx, tmx_segtype
from bilingual.export.tsv import TSV_COLUMNS, TSVWriter, read_tsv, tsv_field
from bilingual.export.unpaired import UNPAIRED_FILE, UnpairedWriter, read_unpaired

if TYPE_CHECKING:
    from bilingual.align import AlignmentResult
    from bilingual.model import Document
    from bilingual.normalization import Normalizer

__all__ = [
    "DUPLICATES_FILE",
    "FORMATS",
    "PAIR_FORMATS",
    "STEM",
    "TSV_COLUMNS",
    "UNPAIRED_FILE",
    "ExportPair",
    "JSONLWriter",
    "MosesWriter",
    "TMXWriter",
    "TSVWriter",
    "UnpairedRecord",
    "UnpairedWriter",
    "Writer",
    "file_names",
    "jsonl_row",
    "make_writer",
    "pairs_from_result",
    "read_duplicates",
    "read_jsonl",
    "read_pairs",
    "read_tmx",
    "read_tsv",
    "read_unpaired",
    "tmx_segtype",
    "tsv_field",
    "unpaired_from_result",
    "write",
    "write_duplicates",
    "writer_suffixes",
]

PAIR_FORMATS = ("tmx", "tsv", "jsonl", "moses")
FORMATS = (*PAIR_FORMATS, "unpaired")
STEM = "corpus"

_WRITER_CLASSES: dict[str, type[Writer]] = {
    "tmx": TMXWriter,
    "tsv": TSVWriter,
    "jsonl": JSONLWriter,
    "moses": MosesWriter,
    "unpaired": UnpairedWriter,
}


def make_writer(fmt: str, files: dict[str, IO[str]], version: str = "", created: str = "") -> Writer:
    """The writer for a format name (one of :data:`FORMATS`) over ``files`` (by :func:`writer_suffixes`)."""
    return _WRITER_CLASSES[fmt](files, version, created)


def writer_suffixes(fmt: str) -> tuple[str, ...]:
    """The keys of a format's files: suffixes of the stem (``.tmx``), or a name of its own (``unpaired.jsonl``)."""
    return _WRITER_CLASSES[fmt].suffixes


def file_names(fmt: str, stem: str = STEM) -> dict[str, str]:
    """The file names a format writes, by :func:`writer_suffixes` key (``{".tmx": "corpus.tmx"}``)."""
    return {suf: (f"{stem}{suf}" if suf.startswith(".") else suf) for suf in writer_suffixes(fmt)}


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


_FORMAT_OF_SUFFIX = {".tmx": "tmx", ".tsv": "tsv", ".jsonl": "jsonl"}


def _records(
    items: AlignmentResult | ExportPair | Iterable[AlignmentResult | ExportPair],
    normalize: str | Normalizer | None,
    documents: dict[str, Document],
) -> Iterator[ExportPair | UnpairedRecord]:
    from bilingual.align import AlignmentResult

    seq: Iterable[AlignmentResult | ExportPair] = [items] if isinstance(items, AlignmentResult | ExportPair) else items
    for item in seq:
        if isinstance(item, ExportPair):
            yield item
        elif isinstance(item, AlignmentResult):
            doc = documents.get(item.doc_id)
            yield from pairs_from_result(item, normalize, doc)
            yield from unpaired_from_result(item, doc, normalize)
        else:
            raise TypeError(f"cannot export a {type(item).__name__}: give AlignmentResult or ExportPair items")


def write(
    pairs: AlignmentResult | ExportPair | Iterable[AlignmentResult | ExportPair],
    path_or_dir: str | os.PathLike[str],
    formats: str | Sequence[str] | None = None,
    *,
    normalize: str | Normalizer | None = None,
    documents: Document | Iterable[Document] = (),
    stem: str = STEM,
) -> list[Path]:
    """Write alignment results (or export pairs) in the given formats; returns the paths written.

    ``path_or_dir`` is a folder (created if missing; it receives ``corpus.tmx``, ``corpus.tsv`` ...
    and ``unpaired.jsonl`` for results), or one file whose suffix (``.tmx``, ``.tsv``, ``.jsonl``)
    names its format. ``formats`` defaults to every format (:data:`FORMATS`) for a folder.
    ``normalize`` names a normalisation profile for the Arabic side (the original is kept as ``ar_raw``).
    ``documents``, the segmented documents the results came from, give unpaired units their author,
    handle and date, and pairs their Arabic's language. Existing files are replaced."""
    from bilingual import __version__
    from bilingual.model import Document

    target = Path(path_or_dir)
    fmts = [formats] if isinstance(formats, str) else list(formats) if formats is not None else None
    single = target.suffix.lower() in _FORMAT_OF_SUFFIX and not target.is_dir()
    if single:
        fmt = _FORMAT_OF_SUFFIX[target.suffix.lower()]
        if fmts not in (None, [fmt]):
            raise ValueError(f"{target}: a {target.suffix} file holds the {fmt} format only, not {', '.join(fmts)}")
        fmts = [fmt]
    fmts = fmts if fmts is not None else list(FORMATS)
    bad = [f for f in fmts if f not in FORMATS]
    if bad or not fmts:
        raise ValueError(f"unknown format(s) {', '.join(bad) or '(none)'}; choose from {', '.join(FORMATS)}")
    docs = [documents] if isinstance(documents, Document) else list(documents)
    by_id = {d.id: d for d in docs}
    if single:
        target.parent.mkdir(parents=True, exist_ok=True)
        paths = {fmts[0]: {writer_suffixes(fmts[0])[0]: target}}
    else:
        target.mkdir(parents=True, exist_ok=True)
        paths = {f: {suf: target / name for suf, name in file_names(f, stem).items()} for f in fmts}
    created = tmx_date(creation_time())
    with ExitStack() as stack:
        writers = []
        for f in fmts:
            files: dict[str, IO[str]] = {
                suf: stack.enter_context(p.open("w", encoding="utf-8", newline="\n")) for suf, p in paths[f].items()
            }
            w = make_writer(f, files, __version__, created)
            w.header()
            writers.append(w)
        for rec in _records(pairs, normalize, by_id):
            for w in writers:
                if isinstance(rec, ExportPair):
                    w.write(rec)
                else:
                    w.write_unpaired(rec)
        for w in writers:
            w.footer()
    return [p for f in fmts for p in paths[f].values()]
