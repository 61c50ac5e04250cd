"""A post's embed markup left raw in a text: ``<blockquote class="twitter-tweet"><p lang="ar" dir="rtl">…
<br>…</p>&mdash; Name (@handle) <a href="https://twitter.com/handle/status/1">June 4, 2022</a></blockquote>``.

The post is the inner text of ``<p>`` (its ``<br>`` tags stay in the segment, since segments are exact
spans; the aligner reads the text without tags), ``lang`` comes from the ``<p>``'s attribute, and the
status URL from the link.
"""

from __future__ import annotations

import html
import re

from bilingual.embeds.base import EmbedMatch, trim
from bilingual.embeds.dates import DATE_RE, iso_date

_EMBED_RE = re.compile(
    r"<blockquote\b[^>]*class=[\"'][^\"']*(?:twitter|x)-tweet[^>]*>\s*"
    r"<p\b(?P<pattrs>[^>]*)>(?P<post>.*?)</p>\s*"
    r"(?P<label>(?:&mdash;|—|&#8212;|-)\s*(?P<name>[^(<]*?)\s*\(@(?P<handle>[A-Za-z0-9_]{1,15})\)\s*"
    r"(?:<a\b[^>]*href=[\"'](?P<url>[^\"']+)[\"'][^>]*>(?P<date>[^<]*)</a>)?)\s*</blockquote>",
    re.IGNORECASE | re.DOTALL,
)
_LANG_RE = re.compile(r"\blang=[\"']([A-Za-z-]+)[\"']")
TAG_RE = re.compile(r"<[^>]+>")


def recognise(line: str) -> EmbedMatch | None:
    """Recognise one embed blockquote on ``line``."""
    if "<" not in line or "blockquote" not in line.lower():
        return None
    m = _EMBED_RE.search(line)
    if m is None:
        return None
    lang = _LANG_RE.search(m.group("pattrs") or "")
    date_m = DATE_RE.search(html.unescape(m.group("date") or ""))
    name = html.unescape(m.group("name")).strip() or None
    ps, pe = trim(line, *m.span("post"))
    return EmbedMatch(
        "embed-html",
        m.span("label"),
        (ps, pe) if ps < pe else None,
        "before",
        author=name,
        handle=m.group("handle"),
        date=iso_date(date_m) if date_m else None,
        date_text=m.group("date"),
        url=m.group("url"),
        lang=lang.group(1).lower() if lang else None,
        extra={"embed_span": m.span()},
    )
