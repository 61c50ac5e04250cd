"""The protocol every sentence encoder meets, and the row normalisation they share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

__all__ = ["Encoder", "normalise"]


@runtime_checkable
class Encoder(Protocol):
    """Anything that turns texts into L2-normalised vectors (one row per text)."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Encode ``texts`` into an array of shape (len(texts), dim), rows of unit length."""
        ...


def normalise(v: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (float32; an all-zero row stays zero)."""
    v = np.asarray(v, dtype=np.float32)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.maximum(norms, 1e-12)
