"""Sparse maps between the offsets of a transformed text and the text it came from.

A map is a sorted list of *changed regions* ``(orig_start, orig_end, out_start, out_end)``; between
regions characters correspond one to one. Only places where the length delta changes are stored,
so a map over a long, mostly unchanged text is small.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

Region = tuple[int, int, int, int]


class OffsetMap:
    """Maps spans of an output text back to the original (and positions forward)."""

    __slots__ = ("_n_end", "_n_start", "_o_end", "_o_start", "orig_len", "out_len", "regions")

    def __init__(self, regions: Sequence[Region], orig_len: int, out_len: int) -> None:
        self.regions: list[Region] = list(regions)
        self.orig_len = orig_len
        self.out_len = out_len
        self._o_start = [r[0] for r in self.regions]
        self._o_end = [r[1] for r in self.regions]
        self._n_start = [r[2] for r in self.regions]
        self._n_end = [r[3] for r in self.regions]

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
        if not self.regions:
            return OffsetMap(nxt.regions, self.orig_len, nxt.out_len)
        if not nxt.regions:
            return OffsetMap(self.regions, self.orig_len, nxt.out_len)
        # Items on the B axis: (b_start, b_end, kind, region); merge those that overlap (or a
        # zero-width item strictly inside another), then read each group's span on A and on C.
        items: list[tuple[int, int, int, Region]] = [(r[2], r[3], 0, r) for r in self.regions]
        items += [(r[0], r[1], 1, r) for r in nxt.regions]
        items.sort(key=lambda t: (t[0], t[1]))
        groups: list[list[tuple[int, int, int, Region]]] = []
        g_end = -1
        for it in items:
            b_s, b_e = it[0], it[1]
            if groups and (b_s < g_end or (b_s == g_end and b_e == b_s and b_s > groups[-1][0][0])):
                groups[-1].append(it)
                g_end = max(g_end, b_e)
            else:
                groups.append([it])
                g_end = b_e
        out: list[Region] = []
        for grp in groups:
            b_s = min(it[0] for it in grp)
            b_e = max(it[1] for it in grp)
            fs = [it[3] for it in grp if it[2] == 0]
            gs = [it[3] for it in grp if it[2] == 1]
            a_s = min([r[0] for r in fs] + ([self._orig_start(b_s)] if not fs or fs[0][2] > b_s else []))
            a_e = max([r[1] for r in fs] + ([self._orig_end(b_e)] if not fs or max(r[3] for r in fs) < b_e else []))
            c_s = min([r[2] for r in gs] + ([nxt._out_start(b_s)] if not gs or gs[0][0] > b_s else []))
            c_e = max([r[3] for r in gs] + ([nxt._out_end(b_e)] if not gs or max(r[1] for r in gs) < b_e else []))
            out.append((a_s, a_e, c_s, c_e))
        return OffsetMap(out, self.orig_len, nxt.out_len)
