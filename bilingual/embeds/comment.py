"""Blog headers and footers that attribute a comment or a post, the way blog platforms print them:

- a comment's header, before it: ``yosef said...``, ``At January 29, 2011 at 1:14 PM , Blogger yosef
  said...``, ``On March 3, 2011, Amal wrote:``, ``Amal says:``;
- a post's footer, after it: ``Posted by Amal at 10:15 AM``, ``Posted by Amal on March 3, 2011``, and
  the same in the platforms' other languages (``Geplaatst door Amr op Zaterdag 18 maart 2017``).

The whole line is the attribution: a name of at most six words (``Anonymous`` included), and the date
when the line gives one.
"""

from __future__ import annotations

import re

from bilingual.embeds.base import EmbedMatch, trim
from bilingual.embeds.dates import parse_date

__all__ = ["COMMENT_ENDS", "POSTED_STARTS", "recognise"]

# Cheap gates for the caller: how a comment header ends, how a post footer starts.
COMMENT_ENDS = ("said...", "said…", "says:", "said:", "wrote:", "says...", "wrote...")
POSTED_STARTS = (
    "Posted by",
    "posted by",
    "Geplaatst door",
    "Publié par",
    "Publicado por",
    "Pubblicato da",
    "Eingestellt von",
)

_NAME = r"(?P<name>[^\s,:]+(?:[ \t]+[^\s,:]+){0,5}?)"
_TIME = r"\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?"
_COMMENT_RE = re.compile(
    # "At <date> at <time> , Blogger <name> said..." / "On <date>, <name> wrote:" / "<name> says:"
    rf"^(?:(?:At|On)\s+(?P<when>[^,\n]{{3,40}}(?:,\s*\d{{4}})?(?:\s+at\s+{_TIME})?)\s*,\s*)?(?:Blogger\s+)?"
    rf"{_NAME}\s+(?:said|says|wrote)\s*(?:\.\.\.|…|:)$"
)
_POSTED_RE = re.compile(
    rf"^(?:Posted|posted|Geplaatst|Publié|Publicado|Pubblicato|Eingestellt)\s+(?:by|door|par|por|da|von)\s+{_NAME}"
    rf"(?:\s+(?:on|at|op|le|el|il|am|um|à)\s+(?P<when>.{{1,60}}?))?\s*$"
)
# Words that open prose rather than a name ("He said...", "The minister wrote:").
_NOT_NAMES = frozenset("he she they it we i you who which this that the a an one someone".split())


def recognise(line: str) -> EmbedMatch | None:
    """Recognise a whole line that is a blog comment's header or a blog post's footer."""
    if not line.rstrip().endswith(COMMENT_ENDS) and not line.lstrip().startswith(POSTED_STARTS):
        return None  # most lines (this runs on every line with a colon)
    s, e = trim(line, 0, len(line))
    text = line[s:e]
    if text.endswith(COMMENT_ENDS):
        m, side, fmt = _COMMENT_RE.match(text), "after", "comment"
    elif text.startswith(POSTED_STARTS):
        m, side, fmt = _POSTED_RE.match(text), "before", "posted-by"
    else:
        return None
    if m is None or m.group("name").split()[0].lower() in _NOT_NAMES:
        return None
    when = m.group("when")
    return EmbedMatch(
        fmt,
        (s, e),
        None,
        side,
        author=m.group("name"),
        date=parse_date(when) if when else None,
        date_text=when,
    )
