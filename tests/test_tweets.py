from __future__ import annotations

import pytest

from bilingual.tweets import parse_attribution


@pytest.mark.parametrize(
    ("line", "author", "handle", "date"),
    [
        ("— قيس الخزعلي (@Qais_alkhazali) February 10, 2019", "قيس الخزعلي", "Qais_alkhazali", "2019-02-10"),
        ("- وزارة الخارجية (@MoFA_Media) November 27, 2015", "وزارة الخارجية", "MoFA_Media", "2015-11-27"),
        ("– Donald J. Trump (@realDonaldTrump) January 3, 2020", "Donald J. Trump", "realDonaldTrump", "2020-01-03"),
        ("— (@nameless) Feb 3, 2020", None, "nameless", "2020-02-03"),
        ("— قيس (@q) ١٠ شباط ٢٠١٩", "قيس", "q", "2019-02-10"),
        ("— قيس (@q) \u200f10 فبراير 2019", "قيس", "q", "2019-02-10"),
        ("— Sam (@s) 3 Sept. 2021", "Sam", "s", "2021-09-03"),
        ("— x (@q) February 30, 2019", "x", "q", None),
    ],
)
def test_attribution_fields(line: str, author: str | None, handle: str, date: str | None) -> None:
    a = parse_attribution(line)
    assert a is not None
    assert (a.author, a.handle, a.date) == (author, handle, date)
    assert a.pre_span == (0, 0)


@pytest.mark.parametrize(
    ("line", "pre"),
    [
        (
            "نص التغريدة pic.twitter.com/AbC123 — Donald J. Trump (@realDonaldTrump) January 3, 2020",
            "نص التغريدة pic.twitter.com/AbC123",
        ),
        ("https://t.co/xyz – Al-Khazali (@Qais_alkhazali) 10 February 2019", "https://t.co/xyz"),
        ("Peace - now - or never — Sam (@s) May 1, 2020", "Peace - now - or never"),
    ],
)
def test_text_before_the_dash_is_kept_apart(line: str, pre: str) -> None:
    a = parse_attribution(line)
    assert a is not None
    assert line[a.pre_span[0] : a.pre_span[1]] == pre
    assert line[a.span[0]] in "—–-"


@pytest.mark.parametrize(
    "line",
    [
        "Qais al-Khazali said (@foo) something",
        "He tweeted on February 10, 2019 about it.",
        "— Sam (@s) sometime in 2019",
        "al-Khazali (@Qais_alkhazali) February 10, 2019",  # a hyphen inside a word is not a dash
    ],
)
def test_not_attributions(line: str) -> None:
    assert parse_attribution(line) is None
