"""Speed work must not change outputs: the segmenter's output and the aligner's pairs on the seeds, the
align-dev documents and the real-dev documents, hashed, against hashes recorded from the code before
the speed work of issue 15 (``tests/output_hashes.json``; no shared text is stored, only SHA-256s).

Regenerate (only when an output change is intended, and say so in the commit):
``python -m tests.test_output_identity``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from bilingual import Aligner, Document, segment_text
from tests.conftest import ALIGN_DEV, REAL_DEV, SEEDS, requires_shared

HASHES = Path(__file__).resolve().parent / "output_hashes.json"
SETS = {"seeds": SEEDS, "align-dev": ALIGN_DEV / "align_docs", "real-dev": REAL_DEV}


def _files(name: str) -> list[Path]:
    return sorted(SETS[name].glob("*.txt"))


def segment_hash(name: str) -> str:
    """SHA-256 of every document's segment output (``Document.to_dict``) in one shared set."""
    h = hashlib.sha256()
    for p in _files(name):
        doc = segment_text(p.read_text(encoding="utf-8"), p.stem)
        h.update(json.dumps(doc.to_dict(), ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return h.hexdigest()


def pairs_of(name: str, aligner: Aligner) -> list[list]:
    """Each document's pairs as (ar_span, en_span, kind, unit), in one shared set."""
    out = []
    for p in _files(name):
        result = aligner.align(Document(id=p.stem, text=p.read_text(encoding="utf-8")))
        out.append([p.stem, [[*x.ar_span, *x.en_span, x.kind, x.unit] for x in result.pairs]])
    return out


def pairs_hash(name: str, aligner: Aligner) -> str:
    """SHA-256 of :func:`pairs_of`."""
    return hashlib.sha256(json.dumps(pairs_of(name, aligner)).encode("utf-8")).hexdigest()


@requires_shared("seeds", "align-dev", "real-dev")
def test_segment_output_unchanged() -> None:
    recorded = json.loads(HASHES.read_text(encoding="utf-8"))["segment"]
    assert {name: segment_hash(name) for name in SETS} == recorded


@requires_shared("seeds", "align-dev", "real-dev")
def test_alignment_pairs_unchanged() -> None:
    recorded = json.loads(HASHES.read_text(encoding="utf-8"))["pairs"]
    aligner = Aligner()
    assert {name: pairs_hash(name, aligner) for name in SETS} == recorded


if __name__ == "__main__":
    aligner = Aligner()
    HASHES.write_text(
        json.dumps(
            {
                "segment": {name: segment_hash(name) for name in SETS},
                "pairs": {name: pairs_hash(name, aligner) for name in SETS},
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(HASHES.read_text(encoding="utf-8"))
