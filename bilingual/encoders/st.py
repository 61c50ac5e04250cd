"""A sentence-transformers checkpoint from a local directory (``--encoder st:PATH``), run with ``transformers``."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bilingual.encoders.base import normalise

__all__ = ["SentenceTransformerEncoder"]


class SentenceTransformerEncoder:
    """A sentence-transformers checkpoint from a local directory, run with ``transformers``."""

    def __init__(self, path: str | os.PathLike[str], batch_size: int = 32, max_length: int = 256) -> None:
        self.path = Path(path)
        if not (self.path / "config.json").is_file():
            raise ValueError(f"{self.path} is not a model directory (no config.json); give a local checkpoint path")
        self.name = f"st:{self.path}"
        self.batch_size = batch_size
        self.max_length = max_length
        self._loaded: tuple[Any, Any, str] | None = None
        self._lock = threading.Lock()

    def _pooling(self) -> str:
        cfg = self.path / "1_Pooling" / "config.json"
        if cfg.is_file():
            conf = json.loads(cfg.read_text(encoding="utf-8"))
            if conf.get("pooling_mode_cls_token"):
                return "cls"
            if conf.get("pooling_mode_max_tokens"):
                return "max"
        return "mean"

    def _load(self) -> tuple[Any, Any, str]:
        with self._lock:
            if self._loaded is None:
                from transformers import AutoModel, AutoTokenizer

                tok = AutoTokenizer.from_pretrained(str(self.path), local_files_only=True)
                model = AutoModel.from_pretrained(str(self.path), local_files_only=True)
                model.eval()
                self._loaded = (tok, model, self._pooling())
            return self._loaded

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Encode with the checkpoint's pooling; returns unit vectors."""
        import torch

        tok, model, pooling = self._load()
        out = []
        with torch.no_grad():
            for i in range(0, len(texts), self.batch_size):
                batch = tok(
                    list(texts[i : i + self.batch_size]),
                    padding=True,
                    truncation=True,
                    max_length=self.max_length,
                    return_tensors="pt",
                )
                hidden = model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                if pooling == "cls":
                    pooled = hidden[:, 0]
                elif pooling == "max":
                    pooled = (hidden + (mask - 1) * 1e9).max(dim=1).values
                else:
                    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                out.append(pooled.float().numpy())
        if not out:
            return np.zeros((0, int(model.config.hidden_size)), dtype=np.float32)
        return normalise(np.vstack(out))
