"""``duplicates.jsonl``: where the pairs that de-duplication dropped also came from.

A run writes each distinct pair once. When the same Arabic and English turn up again (another document,
a mirror of the article), the later copy is dropped, and its document is remembered here, so a pair's
spread across sources is not lost: one line per written pair that had duplicates, with its row number in
the corpus files, the number of copies dropped, and the first few documents they came from. The corpus
files are written as the run goes, so this is a file of its own, made when the run ends."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import IO, Any

__all__ = ["DUPLICATES_FILE", "FIRST_IDS", "note_duplicate", "read_duplicates", "write_duplicates"]

DUPLICATES_FILE = "duplicates.jsonl"
FIRST_IDS = 5  # documents named per pair; the count covers them all


def note_duplicate(spool: IO[str], pair_index: int, ar: str, en: str, doc_id: str, source: str) -> None:
    """Record one dropped copy of written pair number ``pair_index`` (0-based), found in ``doc_id``."""
    spool.write(json.dumps({"pair": pair_index, "ar": ar, "en": en, "doc_id": doc_id, "source": source}) + "\n")


def write_duplicates(spool_path: str | os.PathLike[str], out: IO[str], first: int = FIRST_IDS) -> int:
    """Turn the spool of dropped copies into ``duplicates.jsonl`` lines, in the order of the pairs;
    returns how many written pairs had duplicates."""
    by_pair: dict[int, dict[str, Any]] = {}
    with open(spool_path, encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            entry = by_pair.get(d["pair"])
            if entry is None:
                entry = by_pair[d["pair"]] = {
                    "pair": d["pair"],
                    "translation": {"ar": d["ar"], "en": d["en"]},
                    "duplicates": 0,
                    "also_in": [],
                    "also_in_sources": [],
                }
            entry["duplicates"] += 1
            if len(entry["also_in"]) < first:
                entry["also_in"].append(d["doc_id"])
                entry["also_in_sources"].append(d["source"])
    for index in sorted(by_pair):
        out.write(json.dumps(by_pair[index], ensure_ascii=False) + "\n")
    return len(by_pair)


def read_duplicates(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """The lines of a ``duplicates.jsonl``."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
