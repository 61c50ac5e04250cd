"""Embedded posts and their attribution, in every common form, as a family of small recognisers.

Each recogniser (one module each) looks at one line and returns an :class:`EmbedMatch`: the
attribution or lead-in label, the post's text on the same line if any, and the metadata (author,
handle, ISO date, status URL, language). Adding a format is adding a module and a line to
:data:`RECOGNISERS`:

- ``dash_line``: ``— Name (@handle) June 4, 2022`` after the post, glued or not, dates in many languages;
- ``html_embed``: raw ``<blockquote class="twitter-tweet">`` markup left in the text;
- ``leadin``: ``@handle:``, ``handle [3]:``, ``Name wrote:``, ``Name on Twitter:`` before the post;
- ``comment``: a blog comment's header (``yosef said...``) and a blog post's footer (``Posted by Amal at
  10:15 AM``).
"""

from __future__ import annotations

from collections.abc import Callable

from bilingual.embeds import comment, dash_line, html_embed, leadin
from bilingual.embeds.base import EmbedMatch
from bilingual.embeds.comment import BLOG_FORMATS
from bilingual.embeds.dates import parse_date

RECOGNISERS: tuple[tuple[str, Callable[[str], EmbedMatch | None]], ...] = (
    ("embed-html", html_embed.recognise),
    ("dash-line", dash_line.recognise),
    ("lead-in", leadin.recognise),
    ("comment", comment.recognise),
)


def may_hold_embed(line: str) -> bool:
    """A cheap test before :func:`recognise`: every format holds a handle, a label's colon followed by a
    space or the line end (not a URL's), or a blog header's or footer's words."""
    return (
        "@" in line
        or ": " in line
        or line.endswith(":")
        or "：" in line
        or ":\u200f" in line
        or comment.may_match(line)
    )


def recognise(line: str) -> EmbedMatch | None:
    """The first recogniser's match on ``line``, or None."""
    for _name, rec in RECOGNISERS:
        m = rec(line)
        if m is not None:
            return m
    return None


__all__ = ["BLOG_FORMATS", "RECOGNISERS", "EmbedMatch", "may_hold_embed", "parse_date", "recognise"]
