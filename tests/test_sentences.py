from __future__ import annotations

import pytest

from bilingual.sentences import sentence_spans


def split(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The U.S. Army met Gen. Smith on Jan. 3 at 5 p.m. in town. He left.",
            ["The U.S. Army met Gen. Smith on Jan. 3 at 5 p.m. in town.", "He left."],
        ),
        (
            "Growth was 3.5 percent. Mr. Jones and George W. Bush agreed.",
            ["Growth was 3.5 percent.", "Mr. Jones and George W. Bush agreed."],
        ),
        (
            'He said "no." Then he left. “Fine.” She agreed.',
            ['He said "no."', "Then he left.", "“Fine.”", "She agreed."],
        ),
        (
            "Iraq can drive it out by force... But the first phase is political, he said.",
            ["Iraq can drive it out by force... But the first phase is political, he said."],
        ),
        ("“So what?” he asked. Why? Because.", ["“So what?” he asked.", "Why?", "Because."]),
        (
            "to tackle the Daesh terrorist group.On 3 January 2020, a drone",
            ["to tackle the Daesh terrorist group.", "On 3 January 2020, a drone"],
        ),
        ("It troubled the U.S. The president spoke.", ["It troubled the U.S.", "The president spoke."]),
        ("See No. 5 here.", ["See No. 5 here."]),
        (
            "Nawwas b. Sam'an al-Ansari reported: I asked about virtue. He said: Virtue is kindness.",
            ["Nawwas b. Sam'an al-Ansari reported: I asked about virtue.", "He said: Virtue is kindness."],
        ),
    ],
)
def test_english(text: str, expected: list[str]) -> None:
    assert split(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "قال د. أحمد إن الوضع صعب. هل هذا صحيح؟ نعم، هذا صحيح! انتهى… ثم بدأ",
            ["قال د. أحمد إن الوضع صعب.", "هل هذا صحيح؟", "نعم، هذا صحيح!", "انتهى…", "ثم بدأ"],
        ),
        ("ذهبت إلى السوق، واشتريت خبزاً، ثم عدت", ["ذهبت إلى السوق، واشتريت خبزاً، ثم عدت"]),
        (
            'وقالت أم خالد: "ننتظر هذا الجسر منذ سنوات." ثم غادرت.',
            ['وقالت أم خالد: "ننتظر هذا الجسر منذ سنوات."', "ثم غادرت."],
        ),
    ],
)
def test_arabic(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_spans_inside_a_window_are_absolute() -> None:
    text = "xx A c. C d. yy"
    spans = sentence_spans(text, 3, 12)
    assert [text[a:b] for a, b in spans] == ["A c.", "C d."]
