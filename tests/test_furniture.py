from __future__ import annotations

import pytest

from bilingual import furniture


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Read More:", "read-more"),
        ("Related Articles", "read-more"),
        ("Comments", "comments"),
        ("Post a comment", "comments"),
        ("Back to top button", "navigation"),
        ("Share on Facebook Twitter WhatsApp", "share"),
        ("Advertisement", "advertisement"),
        ("© 2024 Example News. All rights reserved.", "copyright"),
        ("Tags: Iraq, US troops, Daesh", "tags"),
        ("Press TV’s website can also be accessed at the following alternate addresses:", "mirrors"),
    ],
)
def test_phrase_rules(line: str, reason: str) -> None:
    assert furniture.phrase_reason(line) == reason


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("IraqMiddle EastNorth AmericaQasem Suleimani", "category-header"),
        ("News \u00a0 / \u00a0 Iraq", "breadcrumb"),
        ("Home › World › Middle East", "breadcrumb"),
    ],
)
def test_structural_rules(line: str, reason: str) -> None:
    assert furniture.structural_reason(line) == reason


@pytest.mark.parametrize(
    "line",
    [
        "Read more about the talks in our earlier report, which covered the first round in detail.",
        "Comments by the minister drew a wave of condemnation.",
        "The comments come after Foreign Minister Fuad Hussein told the Wall Street Journal that Baghdad needs help.",
        "US Military Presence in Iraq",
        "McGregor and YouTube",
        "Share prices fell sharply on Monday.",
        "Daesh attacks increase as US refuses assistance",
        # a transliteration writes emphatic consonants as capitals: no scraper's glue beside its Arabic
        "زي القطة المغمضة (zayy il-'oTTa l-miġammaDa)",
        "No comment",  # a reply ('لا تعليق'), not the comments section's 'No comments:'
    ],
)
def test_article_text_is_not_furniture(line: str) -> None:
    assert furniture.phrase_reason(line) is None
    assert furniture.structural_reason(line) is None


def test_byline() -> None:
    assert furniture.is_byline("By Qassim Abdul-Zahra and Zeina Karam")
    assert furniture.is_byline("By Lina Haddad, Reuters")
    assert not furniture.is_byline("By the end of the year, troops had left.")
