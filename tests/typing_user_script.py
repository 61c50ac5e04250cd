"""A user's script over the public API, written the way the README shows it. tests/test_packaging.py
type-checks it with ``mypy --strict --disallow-any-expr``: every value taken from ``bilingual`` has
a precise type (the package ships ``py.typed``), so no ``Any`` reaches user code. Not run."""

from __future__ import annotations

from pathlib import Path

import bilingual
from bilingual.io import read_pairs


def tweets(text: str) -> list[tuple[int, int, str, str | None]]:
    doc: bilingual.Document = bilingual.segment_text(text, doc_id="article")
    assert all(doc.text[s.start : s.end] == s.text for s in doc.segments)
    return [(s.start, s.end, s.text, s.lang) for s in doc.of_kind("tweet")]


def normalised(text: str) -> tuple[str, tuple[int, int], bool]:
    out = bilingual.normalize(text, "search")
    custom = bilingual.Normalizer(alef=True, teh_marbuta=True)
    mapped, omap = bilingual.normalize_with_map(text, "dediac")
    _ = bilingual.normalize(out + mapped, custom)
    return out, omap.to_original((0, len(mapped))), omap.is_boundary(0)


def pairs(text: str) -> tuple[list[tuple[float, str, str, tuple[int, int]]], list[tuple[str, str, float | None]]]:
    result: bilingual.AlignmentResult = bilingual.align(bilingual.Document(id="a", text=text))
    found = [(p.score, p.ar, p.en, p.ar_span) for p in result.pairs]
    aligner = bilingual.Aligner(min_score=0.9)
    unpaired = [(u.ar, u.reason, u.best_score) for u in aligner.align(bilingual.Document(id="b", text=text)).unpaired]
    return found, unpaired


def read(paths: list[str]) -> list[str]:
    ids = []
    for item in bilingual.iter_documents(paths):
        if isinstance(item, bilingual.ReadFailure):
            ids.append(f"{item.source}: {item.reason}")
        else:
            ids.append(bilingual.segment(item).id)
    return ids


def corpus(inputs: list[str], out: Path) -> tuple[int, int, list[tuple[float, str, str, str]]]:
    manifest = bilingual.run(inputs, out, formats=["tmx", "jsonl"], jobs=1, normalize="orthographic")
    back = [(p.score, p.ar, p.en, p.handle) for p in read_pairs(out / "corpus.tmx")]
    return manifest.documents_read, manifest.pairs_written, back


def version() -> tuple[str, list[str]]:
    return bilingual.__version__, sorted(bilingual.PROFILES)
