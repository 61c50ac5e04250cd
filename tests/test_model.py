from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bilingual import Document, segment_text
from bilingual.model import InvalidTextError

# Pieces real mixed documents are made of, including the awkward ones.
PIECES = [
    "The U.S. said on Jan. 3 that ",
    "قال د. أحمد إن الوضع صعب. ",
    "هل هذا صحيح؟ ",
    "— قيس الخزعلي (@Qais_alkhazali) February 10, 2019",
    "👨‍👩‍👧 ",
    "\u200f@handle\u200e ",
    "\u202bنص\u202c ",
    "مُحَمَّدٌ ",
    "e\u0301 ",
    "\r\n",
    "\n\n",
    "\u00a0",
    "Read More:",
    "https://t.co/abc ",
    "١٢٣ ",
    "\u2029",
    "!",
    ".",
    " ",
]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=30))
def test_offsets_invariant_on_random_mixed_text(parts: list[str]) -> None:
    text = "".join(parts)
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        with pytest.raises(InvalidTextError):
            Document(id="x", text=text)
        return
    doc = segment_text(text, "x")
    doc.validate()
    for s in doc.segments:
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() or s.kind == "run"
        assert s.text  # no empty segments
    # Blocks never overlap and come in order.
    blocks = doc.blocks()
    for a, b in itertools.pairwise(blocks):
        assert a.end <= b.start


def test_lone_surrogate_is_rejected_with_its_offset() -> None:
    with pytest.raises(InvalidTextError, match="U\\+D83D at offset 4"):
        Document(id="x", text="abc \ud83d def")


def test_json_round_trip_keeps_everything(fixture_texts: dict[str, str]) -> None:
    doc = segment_text(fixture_texts["tweets"], "tweets", source="fixtures/tweets.txt")
    doc.metadata["encoding"] = "utf-8"
    back = Document.from_dict(json.loads(json.dumps(doc.to_dict(), ensure_ascii=False)))
    assert back.to_dict() == doc.to_dict()
    assert [s.meta["handle"] for s in back.of_kind("tweet")] == ["Nadia_Rubaie", "Nadia_Rubaie"]


def test_from_dict_rejects_offsets_that_do_not_match() -> None:
    d = segment_text("Hello there. Bye now.", "x").to_dict()
    d["segments"][1]["start"] += 1
    with pytest.raises(ValueError, match="does not match"):
        Document.from_dict(d)
