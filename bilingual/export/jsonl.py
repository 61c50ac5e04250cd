"""JSONL: ``corpus.jsonl``, one pair a line in the shape Hugging Face ``datasets`` reads as a translation
corpus, and its reader.

Each line is ``{"translation": {"ar": …, "en": …}, "doc_id": …, "score": …, "kind": …, …}``:
``datasets.load_dataset("json", data_files="corpus.jsonl")`` gives the standard ``translation``
column that translation fine-tuning scripts take, with the metadata as columns beside it."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

from bilingual.export.base import Writer
from bilingual.export.record import ExportPair

__all__ = ["JSONLWriter", "jsonl_row", "read_jsonl"]


def jsonl_row(pair: ExportPair) -> dict[str, Any]:
    """One line of ``corpus.jsonl``: ``translation`` first, then every other field of the pair."""
    d = pair.to_dict()
    row: dict[str, Any] = {"translation": {"ar": d.pop("ar"), "en": d.pop("en")}}
    row.update(d)
    return row


class JSONLWriter(Writer):
    """One JSON object per pair (:func:`jsonl_row`)."""

    suffixes = (".jsonl",)

    def write(self, pair: ExportPair) -> None:
        self.files[".jsonl"].write(json.dumps(jsonl_row(pair), ensure_ascii=False) + "\n")


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[ExportPair]:
    """Pairs of a JSONL export (also the flat rows of earlier versions, with ``ar`` and ``en`` at the top)."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                translation = d.pop("translation", None)
                if isinstance(translation, dict):
                    d["ar"], d["en"] = translation.get("ar", ""), translation.get("en", "")
                yield ExportPair.from_dict(d)
