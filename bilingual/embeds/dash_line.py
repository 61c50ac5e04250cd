"""The attribution line of a post copied as text: ``— Name (@handle) Month D, YYYY``.

Em/en dashes or a hyphen, a missing name, Latin, Arabic or mixed names with emoji, dates in any of the
languages of :mod:`bilingual.embeds.dates`, Arabic-Indic digits. The post's text, or its
``pic.twitter.com`` link, may stand before the dash on the same line, glued to an em or en dash
without a space (``…#وسم— Name (@handle) June 4, 2022``).
"""

from __future__ import annotations

import re

from bilingual.embeds.base import BIDI_CHARS, EmbedMatch, trim
from bilingual.embeds.dates import DATE_PATTERN, iso_date

_BIDI = "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
# Greedy "pre" so that the dash taken is the last one before the handle (post text may hold dashes). A
# hyphen needs white space (or the line start) before it; an em or en dash may be glued to the text.
ATTRIBUTION_RE = re.compile(
    rf"^(?P<pre>.*)(?P<dash>(?:(?:^|(?<=\s))(?:[-‒―]|--))|[—–])[{_BIDI}\s]*"
    rf"(?P<name>[^()\n—–]*?)[{_BIDI}\s]*\([{_BIDI}\s]*@(?P<handle>[A-Za-z0-9_]{{1,15}})[{_BIDI}\s]*\)"
    rf"[{_BIDI}\s]*(?:{DATE_PATTERN})[{_BIDI}\s]*$",
    re.IGNORECASE,
)


# A cheap gate: "(@handle)" somewhere on the line.
_HANDLE_IN_BRACKETS_RE = re.compile(rf"\([{_BIDI}\s]*@[A-Za-z0-9_]{{1,15}}[{_BIDI}\s]*\)")


def recognise(line: str) -> EmbedMatch | None:
    """Recognise a dash attribution line (with the post's text or link before it, if any)."""
    if "@" not in line or "(" not in line or _HANDLE_IN_BRACKETS_RE.search(line) is None:
        return None
    m = ATTRIBUTION_RE.match(line)
    if not m:
        return None
    name = " ".join(m.group("name").split()).strip(BIDI_CHARS) or None
    ps, pe = trim(line, *m.span("pre"))
    end = m.end("y1") if m.group("y1") else m.end("y2")
    if m.group("y2"):
        tail = re.match(r"\s*г\.?", line[end:])
        end += tail.end() if tail else 0
    date_start = m.start("m1") if m.group("m1") else m.start("d2")
    return EmbedMatch(
        "dash-line",
        (m.start("dash"), end),
        (ps, pe) if ps < pe else None,
        "before",
        author=name,
        handle=m.group("handle"),
        date=iso_date(m),
        date_text=line[date_start:end],
    )
