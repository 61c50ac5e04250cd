"""Blog headers and footers that attribute a comment or a post, the way blog platforms print them:

- a comment's header, before it: ``yosef said...``, ``At January 29, 2011 at 1:14 PM , Blogger yosef
  said...``, ``On March 3, 2011, Amal wrote:``;
- a post's footer, after it: ``Posted by Amal at 10:15 AM``, ``Posted by Amal on March 3, 2011``, and
  the same in the platforms' other languages (``Geplaatst door Amr op Zaterdag 18 maart 2017``).

The whole line is the attribution. News prose quotes everyone with "said" ("Her lawyer said:", "And then
she said..."), so a header needs the platform's shape: the date before the name, or the bare
``name said...`` with its ellipsis and a name of at most three words that opens no sentence.
"""

from __future__ import annotations

import re

from bilingual.embeds.base import BIDI_CHARS, EmbedMatch, trim
from bilingual.embeds.dates import parse_date

__all__ = ["BLOG_FORMATS", "may_match", "recognise"]

# The formats this module gives (attributions of a blog's comment or post, not of an embedded post).
BLOG_FORMATS = ("comment", "posted-by")
_ENDS = ("said...", "said…", "says...", "says…", "wrote...", "wrote…", "said:", "says:", "wrote:")
_POSTED = ("Posted by", "Geplaatst door", "Publié par", "Publicado por", "Pubblicato da", "Eingestellt von")
_MAX_LINE = 160
_EDGE = " \t" + BIDI_CHARS

_VERB = r"(?:said|says|wrote)"
# A name's words: no comma or colon, and not the verb itself (so no backtracking over them).
_WORD = rf"(?!{_VERB}\b)[^\s,:]+"
_TIME = r"\d{1,2}[:.]\d{2}(?:[ \t]*[AaPp]\.?[Mm]\.?)?"
# A date (its year after a comma) and a time: "January 29, 2011 at 1:14 PM"; bounded, so never slow.
_WHEN = rf"(?P<when>[^\s,][^,\n]{{2,45}}?(?:,[ \t]*\d{{4}})?(?:[ \t]+at[ \t]+{_TIME})?)"
_COMMENT_DATED_RE = re.compile(
    rf"^(?:At|On)[ \t]+{_WHEN}[ \t]*,[ \t]*(?:Blogger[ \t]+)?(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,5}})"
    rf"[ \t]+{_VERB}[ \t]*(?:\.\.\.|…|:)$"
)
_COMMENT_BARE_RE = re.compile(
    rf"^(?:Blogger[ \t]+)?(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,2}})[ \t]+{_VERB}[ \t]*(?:\.\.\.|…)$"
)
_POSTED_RE = re.compile(
    r"^(?:Posted|Geplaatst|Publié|Publicado|Pubblicato|Eingestellt)[ \t]+(?:by|door|par|por|da|von)[ \t]+"
    rf"(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,3}}?)(?:[ \t]+(?:on|at|op|le|el|il|am|um|à)[ \t]+(?P<when>.{{1,60}}))?$"
)
# Words that open a sentence rather than a name ("He said...", "And then she said...", "Her lawyer said...").
_NOT_NAMES = frozenset(
    "he she they it we i you who which this that the a an one someone everyone everybody nobody people "
    "and but then so also always her his my our their your its critics many some officials witnesses police "
    "protesters residents sources analysts experts activists users reports".split()
)
_TIME_RE = re.compile(_TIME)


def may_match(line: str) -> bool:
    """A cheap test: whether ``line`` ends like a comment header or starts like a post footer."""
    return line.rstrip(_EDGE).endswith(_ENDS) or line.lstrip(_EDGE).startswith(_POSTED)


def recognise(line: str) -> EmbedMatch | None:
    """Recognise a whole line that is a blog comment's header or a blog post's footer."""
    if len(line) > _MAX_LINE or not may_match(line):
        return None  # most lines (this runs on every line with a colon)
    s, e = trim(line, 0, len(line))
    text = line[s:e]
    if text.startswith(_POSTED):
        m, side, fmt = _POSTED_RE.match(text), "before", "posted-by"
    else:
        m, side, fmt = _COMMENT_DATED_RE.match(text) or _COMMENT_BARE_RE.match(text), "after", "comment"
    if m is None:
        return None
    name = m.group("name").split()
    if any(w.lower() in _NOT_NAMES or w.endswith(("'s", "’s")) for w in name):
        return None  # "Officials said...", "Egypt's president said..."
    when = m.groupdict().get("when")
    if when is not None and parse_date(when) is None and _TIME_RE.search(when) is None:
        return None  # "At the meeting, Ahmed said:", "On page 3, Ahmed wrote:": no date or time
    if when is not None and fmt == "comment" and "Blogger" not in text and not name[0][:1].isupper():
        return None  # "On January 25, 2011, protesters said:": a dated header names someone
    return EmbedMatch(
        fmt,
        (s, e),
        None,
        side,
        author=m.group("name"),
        date=parse_date(when) if when else None,
        date_text=when,
    )
