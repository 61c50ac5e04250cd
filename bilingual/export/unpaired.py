"""``unpaired.jsonl``: every Arabic unit the aligner left without English (a tweet nobody translated, a
quote, a Persian post), one JSON object a line (:class:`~bilingual.export.record.UnpairedRecord`), and
its reader."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

from bilingual.export.base import Writer
from bilingual.export.record import UnpairedRecord

__all__ = ["UNPAIRED_FILE", "UnpairedWriter", "read_unpaired"]

UNPAIRED_FILE = "unpaired.jsonl"


class UnpairedWriter(Writer):
    """One JSON object per unpaired Arabic unit: text, document, offsets, author, handle, date, the best
    English candidate and its score, and the reason it was left."""

    suffixes = (UNPAIRED_FILE,)  # a name of its own, not a suffix of the stem

    def write_unpaired(self, record: UnpairedRecord) -> None:
        self.files[UNPAIRED_FILE].write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")


def read_unpaired(path: str | os.PathLike[str]) -> Iterator[UnpairedRecord]:
    """The records of an ``unpaired.jsonl``."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield UnpairedRecord.from_dict(json.loads(line))
