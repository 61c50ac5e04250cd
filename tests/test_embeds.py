"""The embed-format recognisers, each on lines written in the shapes real pages use."""

from __future__ import annotations

import pytest

from bilingual.embeds import comment, dash_line, html_embed, leadin, recognise
from bilingual.embeds.dates import parse_date


def _text(line: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else line[span[0] : span[1]]


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
        # display names with emoji, flags and both scripts; a hyphen inside the name
        ("— ليلى 🇱🇧 Layla K (@laylak) March 2, 2021", "ليلى 🇱🇧 Layla K", "laylak", "2021-03-02"),
        ("— سامي أبو علي- القدس (@SamiAA) July 9, 2014", "سامي أبو علي- القدس", "SamiAA", "2014-07-09"),
        # dates in other languages
        ("— Nadia (@nadia_b) 4 juin 2022", "Nadia", "nadia_b", "2022-06-04"),
        ("— Nadia (@nadia_b) 4. Juni 2022", "Nadia", "nadia_b", "2022-06-04"),
        ("— Nadia (@nadia_b) 23 июня 2018 г.", "Nadia", "nadia_b", "2018-06-23"),
        ("— Nadia (@nadia_b) 4 de junio de 2022", "Nadia", "nadia_b", "2022-06-04"),
        ("— Nadia (@nadia_b) 4 Haziran 2022", "Nadia", "nadia_b", "2022-06-04"),
        ("— نادیا (@nadia_b) ۴ ژوئن ۲۰۲۲", "نادیا", "nadia_b", "2022-06-04"),
    ],
)
def test_dash_line_fields(line: str, author: str | None, handle: str, date: str | None) -> None:
    m = dash_line.recognise(line)
    assert m is not None
    assert (m.author, m.handle, m.date) == (author, handle, date)
    assert m.post is None and m.post_side == "before"


@pytest.mark.parametrize(
    ("line", "post"),
    [
        (
            "نص التغريدة pic.twitter.com/AbC123 — Donald J. Trump (@realDonaldTrump) January 3, 2020",
            "نص التغريدة pic.twitter.com/AbC123",
        ),
        ("https://t.co/xyz – Al-Khazali (@Qais_alkhazali) 10 February 2019", "https://t.co/xyz"),
        ("Peace - now - or never — Sam (@s) May 1, 2020", "Peace - now - or never"),
        # glued to the post, no space before the dash
        ("كلنا معكم #معا_للنهاية— Hala M (@hala_m) June 4, 2022", "كلنا معكم #معا_للنهاية"),
        ("Not today. pic.twitter.com/Xy12ab— joe smith (@joesmith) June 5, 2017", "Not today. pic.twitter.com/Xy12ab"),
    ],
)
def test_post_before_the_dash_is_kept_apart(line: str, post: str) -> None:
    m = dash_line.recognise(line)
    assert m is not None
    assert _text(line, m.post) == post
    assert line[m.label[0]] in "—–-"


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
    assert recognise(line) is None


@pytest.mark.parametrize(
    ("line", "label", "post", "handle", "author"),
    [
        ("@samira_k: لن نصمت بعد اليوم", "@samira_k:", "لن نصمت بعد اليوم", "samira_k", None),
        (
            "@samira_k [7]: We will not stay silent after today.",
            "@samira_k [7]:",
            "We will not stay silent after today.",
            "samira_k",
            None,
        ),
        ("samira_k [7]: لن نصمت", "samira_k [7]:", "لن نصمت", "samira_k", None),
        ("@samira_k: [12]#شكرا على الصمت", "@samira_k: [12]", "#شكرا على الصمت", "samira_k", None),
        ("samira_k: [12] لن نصمت", "samira_k: [12]", "لن نصمت", "samira_k", None),
        (
            "Mohammed bin Rashid Al Maktoum wrote on Twitter:",
            "Mohammed bin Rashid Al Maktoum wrote on Twitter:",
            None,
            None,
            "Mohammed bin Rashid Al Maktoum",
        ),
        ("@samira_k:", "@samira_k:", None, "samira_k", None),
        (
            "Samira Khalil wrote: “We will not stay silent.”",
            "Samira Khalil wrote:",
            "“We will not stay silent.”",
            None,
            "Samira Khalil",
        ),
        ("Samira Khalil on Twitter:", "Samira Khalil on Twitter:", None, None, "Samira Khalil"),
        ('  4. @samira_k says, "We will not"', "@samira_k says,", '"We will not"', "samira_k", None),
        # a descriptor before the name, and what the verb answers
        (
            "Kuwaiti lawyer Samira Khalil replied to the tweet:",
            "Kuwaiti lawyer Samira Khalil replied to the tweet:",
            None,
            None,
            "Samira Khalil",
        ),
        ("And Samira Khalil adds:", "And Samira Khalil adds:", None, None, "Samira Khalil"),
        ("He wrote on Twitter:", "He wrote on Twitter:", None, None, None),  # alone on its line: a label
        ("She tweets:", "She tweets:", None, None, None),
        (
            "Iraqi cleric Muqtada al-Sadr tweeted:",
            "Iraqi cleric Muqtada al-Sadr tweeted:",
            None,
            None,
            "Muqtada al-Sadr",
        ),
    ],
)
def test_leadin_labels(line: str, label: str, post: str | None, handle: str | None, author: str | None) -> None:
    m = leadin.recognise(line)
    assert m is not None
    assert _text(line, m.label) == label
    assert _text(line, m.post) == post
    assert (m.handle, m.author) == (handle, author)
    assert m.post_side == "after"


def test_leadin_in_mid_line_between_scripts() -> None:
    line = "On Twitter, Samira writes [ar]: لن نصمت بعد اليوم @samira_k: We will not stay silent after today."
    m = leadin.recognise(line)
    assert m is not None
    assert _text(line, m.label) == "@samira_k:"
    assert _text(line, m.post) == "We will not stay silent after today."
    assert _text(line, m.before) is not None and _text(line, m.before).endswith("بعد اليوم")  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "line",
    [
        "He wrote: nothing of note.",  # a pronoun, not a name
        "Critics wrote: the plan fails.",
        "The ministry said: the plan stands.",  # 'said' counts only after a handle
        "Users announced the hashtag on the account @samira_k [2]:",  # not at the line start, nothing after
        "Note: [1] the figures are from the ministry.",  # a word, not a username, before ': [1]'
        "2019: [3] Protests began in Cairo.",  # a year, not a username
        "No comments:",  # a blog's label (furniture)
        "Date posted:",
    ],
)
def test_not_leadins(line: str) -> None:
    assert leadin.recognise(line) is None


@pytest.mark.parametrize(
    ("line", "fmt", "author", "date", "side"),
    [
        ("At January 29, 2011 at 1:14 PM , Blogger samir said...", "comment", "samir", "2011-01-29", "after"),
        ("Anonymous said...", "comment", "Anonymous", None, "after"),
        ("On March 3, 2011, Layla K wrote:", "comment", "Layla K", "2011-03-03", "after"),
        ("Layla K said...\u200f", "comment", "Layla K", None, "after"),
        ("Posted by Amal at 10:15 AM", "posted-by", "Amal", None, "before"),
        ("Posted by Amal Saeed on March 3, 2011", "posted-by", "Amal Saeed", "2011-03-03", "before"),
        ("Geplaatst door Amr Adel op zaterdag 18 maart 2017", "posted-by", "Amr Adel", "2017-03-18", "before"),
    ],
)
def test_blog_comment_headers_and_post_footers(line: str, fmt: str, author: str, date: str | None, side: str) -> None:
    m = recognise(line)
    assert m is not None and m.format == fmt
    assert _text(line, m.label) == line.strip("\u200f") and m.post is None  # the whole line, without bidi marks
    assert (m.author, m.date, m.post_side) == (author, date, side)


@pytest.mark.parametrize(
    "line",
    [
        "He said...",
        "The minister said...",
        "Posted by",
        "She said it was posted by hand, and left.",
        "It says:",
        # news prose quotes everyone with 'said': a header needs a blog's shape
        "Prime Minister Benjamin Netanyahu said:",
        "Her lawyer said:",
        "Everyone says:",
        "And then she said...",
        "My grandmother always said...",
        "At the meeting, Ahmed said:",  # no date before the name
        "posted by many users on social media in the first hours after the attack",
        "Posted by many users on social media in the first hours after the attack",
        "Officials said...",
        "Egypt's president said...",
        "On January 25, 2011, protesters said:",  # a dated header names someone
        "At 3:00 PM, police said:",
        "On page 3, Ahmed wrote:",  # no date or time
        "At 10 Downing Street, May said:",
    ],
)
def test_not_blog_attributions(line: str) -> None:
    assert comment.recognise(line) is None


def test_a_comment_header_marks_no_tweet() -> None:
    from bilingual import segment_text

    text = (
        "The post ends here with a short line.\n"
        "At May 2, 2012 at 9:05 AM , Blogger samir said...\nكلام جميل\nNo comments:"
    )
    kinds = [(b.kind, b.text) for b in segment_text(text).blocks()]
    assert kinds[0] == ("paragraph", "The post ends here with a short line.")
    assert kinds[1][0] == "attribution"
    assert kinds[3] == ("furniture", "No comments:")


def test_raw_embed_html() -> None:
    line = (
        '<blockquote class="twitter-tweet"><p lang="ar" dir="rtl">السطر الأول<br><br>السطر الثاني '
        '<a href="https://twitter.com/hashtag/x">#وسم</a></p>&mdash; هالة (@hala_m) '
        '<a href="https://twitter.com/hala_m/status/123456">June 4, 2022</a></blockquote>'
    )
    m = html_embed.recognise(line)
    assert m is not None
    assert _text(line, m.post) is not None and _text(line, m.post).startswith("السطر الأول<br>")  # type: ignore[union-attr]
    assert (m.author, m.handle, m.date, m.url, m.lang) == (
        "هالة",
        "hala_m",
        "2022-06-04",
        "https://twitter.com/hala_m/status/123456",
        "ar",
    )


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("June 4, 2022", "2022-06-04"),
        ("4 juin 2022", "2022-06-04"),
        ("٤ يونيو ٢٠٢٢", "2022-06-04"),
        ("10 كانون الثاني 2020", "2020-01-10"),
        ("1 Ekim 2021", "2021-10-01"),
        ("zaterdag 18 maart 2017", "2017-03-18"),
        ("Feb 30, 2020", None),
    ],
)
def test_dates(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso
