"""Embedded-tweet attribution lines: ``— name (@handle) Month D, YYYY`` → author, handle, ISO date.

Handles em/en dashes and hyphens, missing names, Latin or Arabic names, URLs or tweet text before
the dash, English (full or abbreviated) and Arabic month names (Egyptian/Gulf and Levantine), both
"Month D, YYYY" and "D Month YYYY" orders, and Arabic-Indic digits.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

_EN_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
_AR_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("يناير", "كانون الثاني", "جانفي"),
            ("فبراير", "شباط", "فيفري"),
            ("مارس", "آذار", "اذار"),
            ("أبريل", "ابريل", "إبريل", "نيسان", "أفريل", "افريل"),
            ("مايو", "أيار", "ايار", "ماي"),
            ("يونيو", "يونية", "حزيران", "جوان"),
            ("يوليو", "يولية", "تموز", "جويلية"),
            ("أغسطس", "اغسطس", "آب", "اب", "أوت"),
            ("سبتمبر", "أيلول", "ايلول"),
            ("أكتوبر", "اكتوبر", "تشرين الأول", "تشرين الاول"),
            ("نوفمبر", "تشرين الثاني"),
            ("ديسمبر", "كانون الأول", "كانون الاول"),
        ]
    )
    for name in names
}
_MONTH_ALT = "|".join(sorted((re.escape(m) for m in list(_EN_MONTHS) + list(_AR_MONTHS)), key=len, reverse=True))
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_D = r"[0-9٠-٩۰-۹]"
_BIDI = "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
_DATE = (
    rf"(?:(?P<m1>{_MONTH_ALT})\.?\s+(?P<d1>{_D}{{1,2}})\s*[,،]?\s*(?P<y1>{_D}{{4}})"
    rf"|(?P<d2>{_D}{{1,2}})\s+(?P<m2>{_MONTH_ALT})\.?\s*[,،]?\s*(?P<y2>{_D}{{4}}))"
)
# Greedy "pre" so that the dash taken is the last one before the handle (tweet text may hold dashes).
ATTRIBUTION_RE = re.compile(
    rf"^(?P<pre>.*)(?:^|(?<=\s))(?P<dash>[—–‒―-]|--)[{_BIDI}\s]*"
    rf"(?P<name>[^()\n]*?)[{_BIDI}\s]*\([{_BIDI}\s]*@(?P<handle>[A-Za-z0-9_]{{1,15}})[{_BIDI}\s]*\)"
    rf"[{_BIDI}\s]*{_DATE}[{_BIDI}\s]*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Attribution:
    """A parsed attribution line; spans are relative to the string given to :func:`parse_attribution`."""

    author: str | None
    handle: str
    date: str | None  # ISO 8601 (YYYY-MM-DD), None if the date is not a real calendar date
    date_text: str
    pre_span: tuple[int, int]  # text before the dash (tweet text or URLs), trimmed; may be empty
    span: tuple[int, int]  # from the dash to the end of the date

    def as_meta(self) -> dict[str, str | None]:
        """The tweet metadata carried by tweet and attribution segments."""
        return {"author": self.author, "handle": self.handle, "date": self.date}


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")
    if key in _EN_MONTHS:
        return _EN_MONTHS[key]
    return _AR_MONTHS[" ".join(name.split())]


def parse_attribution(line: str) -> Attribution | None:
    """Parse one attribution line; ``None`` if ``line`` is not one."""
    if "@" not in line:
        return None
    m = ATTRIBUTION_RE.match(line)
    if not m:
        return None
    month = m.group("m1") or m.group("m2")
    day = (m.group("d1") or m.group("d2")).translate(_DIGITS)
    year = (m.group("y1") or m.group("y2")).translate(_DIGITS)
    try:
        iso: str | None = _dt.date(int(year), _month_number(month), int(day)).isoformat()
    except (ValueError, KeyError):
        iso = None
    name = " ".join(m.group("name").split()).strip(_BIDI_CHARS) or None
    ps, pe = m.span("pre")
    while ps < pe and (line[ps].isspace() or line[ps] in _BIDI_CHARS):
        ps += 1
    while pe > ps and (line[pe - 1].isspace() or line[pe - 1] in _BIDI_CHARS):
        pe -= 1
    end = m.end("y1") if m.group("y1") else m.end("y2")
    date_start = m.start("m1") if m.group("m1") else m.start("d2")
    return Attribution(
        author=name,
        handle=m.group("handle"),
        date=iso,
        date_text=line[date_start:end],
        pre_span=(ps, pe),
        span=(m.start("dash"), end),
    )


_BIDI_CHARS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
