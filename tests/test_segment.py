"""The segmenter on the seed documents (the issue's must-show list) and on built cases; the same
behaviour on the team-written documents is in test_fixtures.py."""

from __future__ import annotations

import re

from bilingual import segment_text
from bilingual.segment import paragraph_spans

from .conftest import FURNITURE_REASONS, assert_tweets_of_one_author, requires_shared


@requires_shared("seeds")
def test_seed_000_tweets_and_attribution(seed_texts: dict[str, str]) -> None:
    assert_tweets_of_one_author(seed_texts["000"], "000", "قيس الخزعلي", "Qais_alkhazali", "2019-02-10")


@requires_shared("seeds")
def test_all_seeds_keep_offsets(seed_texts: dict[str, str]) -> None:
    for name, text in seed_texts.items():
        doc = segment_text(text, name)
        doc.validate()
        assert all(text[s.start : s.end] == s.text for s in doc.segments)


@requires_shared("seeds")
def test_seed_002_second_copy_is_flagged(seed_texts: dict[str, str]) -> None:
    text = seed_texts["002"]
    doc = segment_text(text, "002")
    blocks = doc.blocks()
    first = text.index("BAGHDAD — The leader")
    second = text.index("BAGHDAD — The leader", first + 1)
    dups = [b for b in blocks if "duplicate" in b.flags]
    assert len(dups) == 19
    assert dups[0].start == second
    assert doc.segments[dups[0].duplicate_of].start == first  # type: ignore[index]
    assert all(b.start >= second for b in dups)
    assert not any("duplicate" in b.flags for b in blocks if b.start < second)
    # Sentences of the copy point at their twins.
    for s in doc.of_kind("sentence"):
        if s.start >= second and s.duplicate_of is not None:
            assert doc.segments[s.duplicate_of].text == s.text


def _kinds(doc_text: str, name: str) -> dict[str, str]:
    doc = segment_text(doc_text, name)
    return {b.text: (b.meta.get("reason") or b.kind) if b.kind == "furniture" else b.kind for b in doc.blocks()}


@requires_shared("seeds")
def test_seed_furniture_flagged_and_article_not(seed_texts: dict[str, str]) -> None:
    expected_furniture = {
        "000": {"Read More:"},
        "001": {"News \u00a0 / \u00a0 Iraq", "Press TV News Roku"},
        "002": {"Comments", "Post a comment"},
        "003": set(),
        "004": {"IraqMiddle EastNorth AmericaQasem Suleimani", "Back to top button"},
    }
    for name, must in expected_furniture.items():
        doc = segment_text(seed_texts[name], name)
        furniture = {b.text for b in doc.blocks() if b.kind == "furniture"}
        assert must <= furniture, (name, must - furniture)
        for b in doc.blocks():
            if b.kind in ("paragraph", "tweet"):
                assert b.kind != "furniture"
        # Every furniture block is short or site boilerplate, never an article paragraph.
        for b in doc.blocks():
            if b.kind == "furniture":
                assert b.meta["reason"] in FURNITURE_REASONS, b.meta
    comments = [b for b in segment_text(seed_texts["002"], "002").blocks() if b.meta.get("reason") == "comment-policy"]
    assert len(comments) == 4
    article_002 = segment_text(seed_texts["002"], "002")
    assert article_002.blocks()[0].kind == "byline"
    assert sum(b.kind == "furniture" for b in segment_text(seed_texts["003"], "003").blocks()) == 1  # the footnote


@requires_shared("seeds")
def test_article_paragraphs_are_not_furniture(seed_texts: dict[str, str]) -> None:
    for name, text in seed_texts.items():
        doc = segment_text(text, name)
        for b in doc.blocks():
            if b.kind == "furniture":
                assert len(b.text) < 200 or b.meta["reason"] == "comment-policy", (name, b.text)


def test_headings() -> None:
    text = "US Military Presence in Iraq\nThe US has kept troops in Iraq since 2003. They stayed.\n"
    doc = segment_text(text)
    assert [b.kind for b in doc.blocks()] == ["heading", "paragraph"]


def test_tweet_text_on_the_attribution_line() -> None:
    text = (
        "The minister replied within minutes.\n"
        "نحن مستعدون للحوار pic.twitter.com/AbC123 — وزير الخارجية (@MoFA) 3 مارس 2021\n"
        "He said the ministry was ready for dialogue.\n"
    )
    doc = segment_text(text)
    (tweet,) = doc.of_kind("tweet")
    (att,) = doc.of_kind("attribution")
    assert tweet.text == "نحن مستعدون للحوار pic.twitter.com/AbC123"
    assert att.text.startswith("— وزير الخارجية")
    assert tweet.meta["date"] == "2021-03-03" and att.meta["handle"] == "MoFA"
    assert tweet.end < att.start


def test_script_runs_inside_lines() -> None:
    text = 'The sign read "ممنوع التدخين" in red letters.\nزار Barack Obama القاهرة عام 2009.\n'
    doc = segment_text(text)
    runs = doc.of_kind("run")
    by_text = {r.text: r.lang for r in runs}
    assert by_text["ممنوع التدخين"] == "ar"
    assert by_text["The sign read"] == "en"
    assert by_text["Barack Obama"] == "en"
    assert by_text["زار"] == "ar"
    assert all(text[r.start : r.end] == r.text for r in runs)


def test_blank_line_and_crlf_paragraphs() -> None:
    text = "First paragraph here.\r\n\r\nSecond one.\r\nThird one.\r\n"
    assert [text[a:b] for a, b in paragraph_spans(text)] == ["First paragraph here.", "Second one.", "Third one."]


def test_hard_wrapped_text_is_joined(bukhari: list[dict]) -> None:
    # The package's English is hard-wrapped inside paragraphs, as plain-text scrapes often are.
    wrapped = (
        "The reward of deeds depends upon the\nintentions and every person will get the reward\n"
        "according to what he has intended. So whoever\nemigrated for worldly benefits or for a woman\n"
        "to marry, his emigration was for what he emigrated for.\n\nA second paragraph that is short.\n"
    )
    paras = paragraph_spans(wrapped)
    assert len(paras) == 2
    assert wrapped[paras[0][0] : paras[0][1]].endswith("emigrated for.")


def test_language_of_persian_and_urdu_blocks() -> None:
    text = (
        "Iran's foreign minister posted a message in Persian.\n"
        "ما همیشه آماده گفتگو بوده‌ایم و این بار نیز آماده هستیم که با همسایگان خود گفتگو کنیم\n"
        "Pakistan's prime minister wrote in Urdu.\n"
        "ہم اپنے ہمسایوں کے ساتھ امن چاہتے ہیں اور اس کے لیے ہر قدم اٹھانے کو تیار ہیں\n"
    )
    langs = [b.lang for b in segment_text(text).blocks()]
    assert langs == ["en", "fa", "en", "ur"]


def test_repeat_with_different_white_space_is_still_a_duplicate() -> None:
    para = "The minister said the bridge over the river will open to traffic in June."
    text = para + "\n" + para.replace("the river", "the\u00a0river") + "\n"
    blocks = segment_text(text).blocks()
    assert [b.duplicate_of for b in blocks] == [None, 0]


def test_lines_closed_by_a_bidi_mark_are_not_taken_for_hard_wrapping() -> None:
    """Lines ending "….\u200f" are finished lines: the text is not hard-wrapped and each line stays a
    paragraph of its own."""
    line = "هذه جملة عربية طويلة بما يكفي لتبدو مثل سطر كامل في النص.\u200f"
    block = [line, line.replace("هذه", "تلك"), line.replace("جملة", "عبارة")]
    text = "\n".join([*block, "", *block, ""]) + "\n"
    assert len(paragraph_spans(text)) == 6


def test_arabic_lines_closed_by_a_bidi_mark_are_paragraphs_not_headings() -> None:
    """A heading is a short line without closing punctuation; "….\u200f" has its full stop."""
    text = "سيفتح الجسر الجديد في حزيران المقبل.\u200f\nقال الوزير إن الأعمال انتهت.\u200f\nوشكر العاملين.\u200f\n"
    assert [b.kind for b in segment_text(text).blocks()] == ["paragraph"] * 3


def test_a_byte_order_mark_inside_english_is_not_arabic_script() -> None:
    from bilingual.script import ARABIC_SCRIPT

    assert re.findall(f"[{ARABIC_SCRIPT}]+", "word\ufeffword ﻻ") == ["ﻻ"]  # a presentation form is


_TRAILING_LINKS_DEFINITION = re.compile(r"(?:\s*(?:https?://|www\.|pic\.twitter\.com/)\S+)+\s*$", re.IGNORECASE)


def test_trailing_links_cut_as_the_regex_defines_it() -> None:
    """The backward token pass gives what the regular expression it replaces gives (on strings short
    enough for the expression to finish), on seeded random mixes of link prefixes, words and spaces."""
    import random

    from bilingual.segment import _without_trailing_links

    def by_definition(text: str, start: int, end: int) -> int:
        m = _TRAILING_LINKS_DEFINITION.search(text, start, end)
        return end if m is None or m.start() == start else m.start()

    parts = ["https://", "HTTP://", "www.", "pic.twitter.com/", "pic.twitter.com", "x", "word", "ع", " ", "\n"]
    parts += ["\u00a0", "/"]
    rng = random.Random(3)
    for _ in range(20000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 9)))
        a = rng.randint(0, len(text))
        b = rng.randint(a, len(text))
        assert _without_trailing_links(text, a, b) == by_definition(text, a, b), (text, a, b)


def test_a_token_of_many_glued_links_does_not_run_away() -> None:
    # The regular expression backtracked exponentially here: 1.9 s at 20 repeats, doubling with each.
    from bilingual.segment import _without_trailing_links

    text = "Sources: " + "www.example.com" * 200 + " and more"
    assert _without_trailing_links(text, 0, len(text)) == len(text)
    text = "Sources: " + "www.example.com" * 200
    assert _without_trailing_links(text, 0, len(text)) == len("Sources:")
    doc = segment_text(("Links " + "www.a.com" * 300 + " here.\n\n") * 20 + "قال الوزير")
    assert doc.segments[-1].lang == "ar"


def test_a_run_of_hashtags_is_one_run_per_hashtag() -> None:
    """Pages gloss hashtags one by one, so each is a unit; a hashtag followed by words stays one run."""
    text = "Mood #قيادة_المرأة، #الملك_ينتصر_لقيادة_المرأة and the tweet #وسم كلام كثير here"
    runs = [(s.text, s.lang) for s in segment_text(text).segments if s.kind == "run"]
    assert ("#قيادة_المرأة", "ar") in runs
    assert ("#الملك_ينتصر_لقيادة_المرأة", "ar") in runs
    assert ("#وسم كلام كثير", "ar") in runs
    for s in segment_text(text).segments:
        assert text[s.start : s.end] == s.text


def test_a_pronoun_label_introduces_a_quote_not_a_tweet() -> None:
    text = "The minister spoke to reporters after the vote.\nHe added:\nلن نتراجع عن هذا القرار أبدا\n"
    blocks = [(b.kind, b.text) for b in segment_text(text).blocks()]
    assert ("attribution", "He added:") in blocks
    assert ("paragraph", "لن نتراجع عن هذا القرار أبدا") in blocks
