"""Sparse maps between the offsets of a transformed text and the text it came from.

A map is a sorted list of *changed regions* ``(orig_start, orig_end, out_start, out_end)``; between
regions characters correspond one to one. Only places where the length delta changes are stored,
so a map over a long, mostly unchanged text is small.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

__all__ = [
    "OffsetMap",
    "compose_regions",
]


Region = tuple[int, int, int, int]


class OffsetMap:
    """Maps spans of an output text back to the original (and positions forward)."""

    __slots__ = ("_columns", "orig_len", "out_len", "regions")

    def __init__(self, regions: Sequence[Region], orig_len: int, out_len: int) -> None:
        self.regions: list[Region] = regions if isinstance(regions, list) else list(regions)
        self.orig_len = orig_len
        self.out_len = out_len
        self._columns: list[list[int]] | None = None

    def _column(self, k: int) -> list[int]:
        """Column ``k`` of the regions (for bisection), built on the first query: most maps made in
        bulk are never queried, so they should not pay for an index."""
        if self._columns is None:
            self._columns = [[r[c] for r in self.regions] for c in range(4)]
        return self._columns[k]

    @property
    def _o_start(self) -> list[int]:
        return self._column(0)

    @property
    def _o_end(self) -> list[int]:
        return self._column(1)

    @property
    def _n_start(self) -> list[int]:
        return self._column(2)

    @property
    def _n_end(self) -> list[int]:
        return self._column(3)

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a text that did not change."""
        return cls([], length, length)

    def __len__(self) -> int:
        return len(self.regions)

    def __repr__(self) -> str:
        return f"OffsetMap({len(self.regions)} regions, {self.orig_len} -> {self.out_len})"

    # Output → original -------------------------------------------------------------------------

    def _orig_start(self, s: int) -> int:
        i = bisect_right(self._n_start, s) - 1
        # Prefer a non-empty region starting exactly at s over deletions at the same point.
        if i < 0:
            return s
        o_s, o_e, _n_s, n_e = self.regions[i]
        if s < n_e:  # inside (or at the start of) a changed region: snap to its start
            return o_s
        return o_e + (s - n_e)

    def _orig_end(self, e: int) -> int:
        i = bisect_left(self._n_start, e) - 1
        if i < 0:
            return e
        _o_s, o_e, _n_s, n_e = self.regions[i]
        if e <= n_e:  # inside (or at the end of) a changed region: snap to its end
            return o_e
        return o_e + (e - n_e)

    def to_original(self, span: tuple[int, int]) -> tuple[int, int]:
        """The smallest original span whose normalisation covers the output span ``(start, end)``."""
        s, e = span
        if not (0 <= s <= e <= self.out_len):
            raise ValueError(f"span {span} outside the output text (length {self.out_len})")
        if s == e:
            p = self._orig_start(s)
            return p, p
        return self._orig_start(s), self._orig_end(e)

    # Original → output -------------------------------------------------------------------------

    def _out_start(self, s: int) -> int:
        i = bisect_right(self._o_start, s) - 1
        if i < 0:
            return s
        _o_s, o_e, n_s, n_e = self.regions[i]
        if s < o_e:
            return n_s
        return n_e + (s - o_e)

    def _out_end(self, e: int) -> int:
        i = bisect_left(self._o_start, e) - 1
        if i < 0:
            return e
        _o_s, o_e, _n_s, n_e = self.regions[i]
        if e <= o_e:
            return n_e
        return n_e + (e - o_e)

    def to_output(self, span: tuple[int, int]) -> tuple[int, int]:
        """The output span that an original span ``(start, end)`` became."""
        s, e = span
        if not (0 <= s <= e <= self.orig_len):
            raise ValueError(f"span {span} outside the original text (length {self.orig_len})")
        return self._out_start(s), self._out_end(e) if e > s else self._out_start(s)

    def is_boundary(self, pos: int) -> bool:
        """True if an output span may start or end at ``pos`` and still map back exactly
        (``pos`` is not strictly inside a changed region, such as the expansion of ﷺ)."""
        i = bisect_left(self._n_start, pos) - 1  # the last region starting before pos
        return i < 0 or pos >= self._n_end[i]

    def then(self, nxt: OffsetMap) -> OffsetMap:
        """Compose: ``self`` maps A→B and ``nxt`` maps B→C; the result maps A→C."""
        return OffsetMap(compose_regions(self.regions, nxt.regions), self.orig_len, nxt.out_len)


def compose_regions(f: Sequence[Region], g: Sequence[Region]) -> list[Region]:
    """Regions of A→C from those of A→B (``f``) and B→C (``g``).

    A linear merge along B: regions of either map that overlap on B (or a deletion of ``f`` strictly
    inside a region of ``g``) become one region of the result. When ``g`` has few regions (a rare
    step after a frequent one), only the ``f`` regions near each ``g`` region are merged; the
    stretches between are shifted in bulk.
    """
    if not f:
        return list(g)
    if not g:
        return list(f)
    if len(g) * 8 >= len(f):
        return _merge(f, g, 0, 0)[0]
    ns = [r[2] for r in f]
    ne = [r[3] for r in f]
    out: list[Region] = []
    i = df = dg = 0
    for gr in g:
        lo = max(bisect_left(ne, gr[0]), i)  # first f region reaching the g region
        # Past the last f region the general merge would absorb: those starting inside the g region,
        # and deletions exactly at its end.
        hi = max(bisect_left(ns, gr[1]), lo)
        while hi < len(f) and f[hi][2] == f[hi][3] == gr[1] and gr[1] > gr[0]:
            hi += 1
        if lo > i:
            out.extend([(a, b, c + dg, d + dg) for a, b, c, d in f[i:lo]] if dg else f[i:lo])
            df = f[lo - 1][3] - f[lo - 1][1]
        merged, df, dg = _merge(f[lo:hi], [gr], df, dg)
        out.extend(merged)
        i = hi
    out.extend([(a, b, c + dg, d + dg) for a, b, c, d in f[i:]] if dg else f[i:])
    return out


def _merge(f: Sequence[Region], g: Sequence[Region], df: int, dg: int) -> tuple[list[Region], int, int]:
    """The general merge of :func:`compose_regions`, starting from the deltas ``df`` (B - A) and
    ``dg`` (C - B) in force before the first region; returns the regions and the deltas after."""
    out: list[Region] = []
    nf, ng = len(f), len(g)
    i = j = 0
    while i < nf or j < ng:
        take_f = j >= ng or (i < nf and f[i][2] <= g[j][0])
        b_s = f[i][2] if take_f else g[j][0]
        b_e = b_s
        a_s = a_e = c_s = c_e = -1
        first = True
        while True:
            if i < nf and (take_f if first else f[i][2] < b_e or (f[i][2] == b_e == f[i][3] and b_e > b_s)):
                o_s, o_e, n_s, n_e = f[i]
                if a_s < 0:
                    a_s = o_s if n_s == b_s else b_s - df
                a_e = o_e
                df = n_e - o_e
                b_e = max(b_e, n_e)
                i += 1
            elif j < ng and (not take_f if first else g[j][0] < b_e):
                o_s, o_e, n_s, n_e = g[j]
                if c_s < 0:
                    c_s = n_s if o_s == b_s else b_s + dg
                c_e = n_e
                dg = n_e - o_e
                b_e = max(b_e, o_e)
                j += 1
            else:
                break
            first = False
        # Ends that no region of that map reached lie in its one-to-one stretch.
        if a_s < 0:
            a_s = b_s - df
        a_e = max(a_e, b_e - df)
        if c_s < 0:
            c_s = b_s + dg
        c_e = max(c_e, b_e + dg)
        out.append((a_s, a_e, c_s, c_e))
    return out, df, dg
