"""Interleaved layouts: a page that gives each Arabic line its English on the next line pairs the lines
the model is unsure of."""

from __future__ import annotations

import numpy as np
import pytest

from bilingual import Aligner, Document, segment_text
from bilingual.align import Candidates, select
from bilingual.align.layout import LAYOUT_SCORE, pair_by_layout

from .test_romanization import SONG, VERSES


def _rows(aligner: Aligner, text: str) -> tuple[Document, Candidates, dict[tuple[str, str], int]]:
    """The document, its candidates, and each candidate's row by (Arabic text, English text)."""
    doc = segment_text(text)
    cands = aligner.candidates(doc)
    assert cands is not None
    rows = {}
    for r, (i, j) in enumerate(cands.index):
        a, e = cands.ar_units[i], cands.en_units[j]
        rows[(text[a.start : a.end], text[e.start : e.end])] = r
    return doc, cands, rows


@pytest.fixture(scope="module")
def aligner() -> Aligner:
    return Aligner()


def _probs(
    cands: Candidates,
    rows: dict[tuple[str, str], int],
    confident: list[int],
    unsure: list[int],
    crossed: tuple[int, int, float] | None = None,
) -> np.ndarray:
    """Probabilities with the verses ``confident`` sure of their English, ``unsure`` not, all else unlikely;
    ``crossed`` (a, e, p): verse a's Arabic with verse e's English at p."""
    probs = np.full(len(cands.index), 0.01)
    for k in confident:
        probs[rows[(VERSES[k][0], VERSES[k][2])]] = 0.95
    for k in unsure:
        probs[rows[(VERSES[k][0], VERSES[k][2])]] = 0.05
    if crossed is not None:
        probs[rows[(VERSES[crossed[0]][0], VERSES[crossed[1]][2])]] = crossed[2]
    return probs


def test_layout_pairs_the_line_the_model_is_unsure_of(aligner: Aligner) -> None:
    doc, cands, rows = _rows(aligner, SONG)
    probs = _probs(cands, rows, confident=[0, 1, 3, 4], unsure=[2])
    result = select(doc, cands, probs, 0.8)
    assert len(result.pairs) == 4
    pair_by_layout(doc, cands, probs, result, 0.8)
    by_ar = {p.ar: p for p in result.pairs}
    assert by_ar[VERSES[2][0]].en == VERSES[2][2]
    assert by_ar[VERSES[2][0]].score == LAYOUT_SCORE
    assert by_ar[VERSES[2][0]].evidence["layout"]["adjacent_pairs"] == 4
    assert VERSES[2][0] not in {u.ar for u in result.unpaired}
    assert "layout" not in by_ar[VERSES[0][0]].evidence


def test_layout_needs_enough_adjacent_pairs_and_a_low_enough_threshold(aligner: Aligner) -> None:
    doc, cands, rows = _rows(aligner, SONG)
    probs = _probs(cands, rows, confident=[0, 1], unsure=[2, 3, 4])
    result = select(doc, cands, probs, 0.8)
    pair_by_layout(doc, cands, probs, result, 0.8)
    assert len(result.pairs) == 2  # two confident pairs do not make a layout
    probs = _probs(cands, rows, confident=[0, 1, 3], unsure=[2, 4])
    result = select(doc, cands, probs, 0.9)
    pair_by_layout(doc, cands, probs, result, 0.9)
    assert len(result.pairs) == 3  # a layout pair scores below what the caller asked for


def test_layout_gives_a_line_back_the_english_in_its_place(aligner: Aligner) -> None:
    doc, cands, rows = _rows(aligner, SONG)
    # Verse 3's Arabic scores 0.9 with verse 2's English (the greedy choice takes it); verse 2 scores 0.4.
    probs = _probs(cands, rows, confident=[0, 1, 4], unsure=[], crossed=(3, 2, 0.9))
    probs[rows[(VERSES[2][0], VERSES[2][2])]] = 0.4
    result = select(doc, cands, probs, 0.8)
    assert {p.ar: p.en for p in result.pairs}[VERSES[3][0]] == VERSES[2][2]
    pair_by_layout(doc, cands, probs, result, 0.8)
    by_ar = {p.ar: p.en for p in result.pairs}
    assert by_ar[VERSES[2][0]] == VERSES[2][2]
    assert by_ar[VERSES[3][0]] == VERSES[3][2]
    assert len(result.pairs) == 5 and not result.unpaired


def test_a_confident_pair_is_not_given_back_to_a_line_the_model_does_not_link(aligner: Aligner) -> None:
    doc, cands, rows = _rows(aligner, SONG)
    probs = _probs(cands, rows, confident=[0, 1, 4], unsure=[], crossed=(3, 2, 0.99))  # verse 2: 0.01
    result = select(doc, cands, probs, 0.8)
    pair_by_layout(doc, cands, probs, result, 0.8)
    assert {p.ar: p.en for p in result.pairs}[VERSES[3][0]] == VERSES[2][2]
    assert VERSES[2][0] not in {p.ar for p in result.pairs}


# A roundup: three tweets followed by their translations, two by a line of commentary (written for the test).
ROUNDUP = """Saudi women react to the driving decision

Reactions poured in on Twitter after the royal decree on Tuesday.

@user_one:
الحمد لله أخيرا سنقود سياراتنا بأنفسنا
Thank God, finally we will drive our own cars.

@user_two:
هذا يوم تاريخي لكل امرأة سعودية
This is a historic day for every Saudi woman.

@user_three:
أنا فخورة ببلدي اليوم
I am proud of my country today.

@user_four:
من سيدفع ثمن الحوادث في الشوارع المزدحمة؟
The tweet was retweeted more than 4,000 times by Wednesday evening.

@user_five:
الطقس جميل في الرياض والقهوة جاهزة
Not everyone was focused on the news, it seems.
"""


def test_commentary_after_a_tweet_is_not_paired_by_the_layout(aligner: Aligner) -> None:
    result = aligner.align(Document(id="roundup", text=ROUNDUP))
    assert len(result.pairs) == 3
    assert not any("layout" in p.evidence for p in result.pairs)
    assert len(result.unpaired) == 2  # the two tweets with commentary, reported without English
