"""OffsetMap composition on maps long enough to take the sparse path (many regions, then a few)."""

from __future__ import annotations

import random
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from bilingual.normalization import PROFILES, _plan, normalize, normalize_with_map
from bilingual.offsets import OffsetMap, _merge, compose_regions

PIECES = [
    "مُحَمَّدٌ ",
    "ا\u0653",
    "و\u0654",
    "ﷺ",
    "﷽",
    "Hello ",
    "ـ",
    "\u200f",
    "َّ",
    "\u0654",
    "\u0657\u0654",
    "🏳\ufe0f\u200d🌈",
    "\u200c",
    "ﻻ",
    "٣٫٥",
    "ى\u0654",
    "\ufe70",
]


def _step_regions(text: str, profile: str) -> list[tuple[list, list]]:
    """(accumulated regions, next step's regions) at every composition the plan performs."""
    pairs = []
    acc: list = []
    for gate, step in _plan(PROFILES[profile]).steps:
        if gate is not None and not gate(text):
            continue
        text, regions = step(text, True)
        if regions:
            if acc:
                pairs.append((acc, regions))
            acc = compose_regions(acc, regions) if acc else regions
    return pairs


def test_sparse_composition_equals_general() -> None:
    rng = random.Random(3)
    sparse_cases = 0
    for _ in range(200):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(50, 200)))
        for profile in PROFILES:
            for f, g in _step_regions(text, profile):
                assert compose_regions(f, g) == _merge(f, g, 0, 0)[0]
                sparse_cases += len(g) * 8 < len(f)
    assert sparse_cases >= 50


@settings(max_examples=80, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PIECES), min_size=30, max_size=150), st.sampled_from(sorted(PROFILES)), st.data())
def test_long_text_offsets(parts: list[str], profile: str, data: st.DataObject) -> None:
    text = "".join(parts)
    out, m = normalize_with_map(text, profile)
    regions = m.regions
    assert all(a[1] <= b[0] and a[3] <= b[2] for a, b in pairwise(regions))  # ordered, disjoint
    for _ in range(10):
        s = data.draw(st.integers(0, len(out)))
        e = data.draw(st.integers(s, len(out)))
        a, b = m.to_original((s, e))
        if m.is_boundary(s) and m.is_boundary(e):
            assert normalize(text[a:b], profile) == out[s:e]
        else:
            assert out[s:e] in normalize(text[a:b], profile)


def test_forward_and_identity() -> None:
    m = OffsetMap([(2, 4, 2, 2), (6, 7, 4, 8)], orig_len=10, out_len=11)
    assert m.to_output((0, 2)) == (0, 2)
    assert m.to_output((2, 4)) == (2, 2)  # deleted
    assert m.to_output((6, 7)) == (4, 8)  # expanded
    assert m.to_output((8, 10)) == (9, 11)
    assert m.to_original((5, 6)) == (6, 7)  # inside an expansion: the whole source
    assert OffsetMap.identity(5).to_original((1, 3)) == (1, 3)
