"""Lead-in labels that introduce a post (or its translation) on the same line or the next one:
``@handle:``, ``@handle [3]:``, ``@handle: [3]``, ``handle [3]:``, ``handle: [3]`` (citizen-media roundups),
``Name wrote:``, ``Name tweeted:``, ``Name on Twitter:``, ``@handle says,``, ``Name replied to the tweet:``,
and ``He wrote:`` alone on its line.

The label must open its line. A name is one to five capitalised words (or words in Arabic script);
"says"/"said" count only after an @handle, since news prose quotes everyone that way.
"""

from __future__ import annotations

import re

from bilingual.embeds.base import EmbedMatch, trim

_NOTE = r"(?:\s*\[(?:\d{1,3}|ar|en|fr|Ar|En|Fr|AR|EN|FR)\])?"  # a footnote or language marker: [3], [ar]
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|[\u0600-\u06ff]+)"
_NAME = rf"(?P<name>{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|al|el|bin|ibn|de)){{0,4}})"
_VERBS = (
    r"(?:wrote|writes|tweeted|tweets|posted|posts|replied|responded|commented|comments|added|adds|notes|noted"
    r"|asks|asked|explains|explained|jokes|joked|advises|advices|has more|shared|shares)"
)
# What a verb may say it answers or where ("replied to the tweet:", "wrote in a post:").
_OBJECT = (
    r"(?:\s+(?:to|on|under|in)\s+(?:the|this|that|his|her|their|a|an|another|one)\s+"
    r"(?:tweet|post|video|photo|message|comment|thread|reply|statement|announcement))"
)
LEADIN_RES = (
    # @handle: / @handle [3]: / handle [3]: / @handle says, / @handle wrote:
    re.compile(
        rf"^[\s\u200e\u200f]*(?:\d{{1,3}}\.\s+)?(?P<label>@(?P<h1>[A-Za-z0-9_]{{1,15}}){_NOTE}\s*"
        rf"(?:(?:{_VERBS}|says|said)\s*)?[:：,](?:\s*\[\d{{1,3}}\])?"  # a footnote marker may follow: "@h: [5]"
        rf"|(?P<h2>[A-Za-z0-9_]{{2,15}})\s*\[\d{{1,3}}\]\s*[:：]"
        # "handle: [7]": only a username-shaped word (a digit, an underscore or an inner capital), not "Note: [1]"
        rf"|(?P<h4>(?=[A-Za-z0-9_]*(?:[0-9_]|[a-z][A-Z]))(?=[0-9_]*[A-Za-z])[A-Za-z0-9_]{{2,15}})[:：]\s*\[\d{{1,3}}\])"
    ),
    # Name wrote: / Name tweeted: / Name on Twitter: / Name (@handle) wrote:
    re.compile(
        rf"^[\s\u200e\u200f]*(?P<label>{_NAME}(?:\s*\(@(?P<h3>[A-Za-z0-9_]{{1,15}})\))?{_NOTE}\s+"
        rf"(?:{_VERBS}{_OBJECT}?(?:\s+on\s+(?:twitter|x|facebook|instagram))?|on\s+(?:twitter|x|facebook)){_NOTE}\s*[:：])",
        re.IGNORECASE,
    ),
)


# "…Arabic post @handle: its English…": a label in mid-line between text in the two scripts.
_MID_RE = re.compile(rf"(?<=\s)(?P<label>@(?P<h1>[A-Za-z0-9_]{{1,15}}){_NOTE}\s*[:：])\s")


def recognise(line: str) -> EmbedMatch | None:
    """Recognise a lead-in label at the start of ``line`` (the rest of the line, if any, is the post), or
    an ``@handle:`` label in mid-line between text in Arabic script and text in Latin script."""
    colon = line.find(":")
    if colon < 0:
        colon = line.find("：")
    has_at = "@" in line
    if colon < 0 and not has_at:
        return None
    for n, rx in enumerate(LEADIN_RES):
        # Cheap gates before each pattern: a handle label holds "@" or "[N]"; a name label ends in a colon
        # within its first 120 characters.
        if n == 0 and not (has_at or "[" in line[:40]):
            continue
        if n == 1 and not (0 <= colon <= 120 and line.count(" ", 0, colon) <= 9):
            continue
        m = rx.match(line)
        if m is None:
            continue
        handle = next((m.group(g) for g in ("h1", "h2", "h3", "h4") if g in rx.groupindex and m.group(g)), None)
        name = m.group("name") if "name" in rx.groupindex else None
        ls, le = m.span("label")
        ps, pe = trim(line, le, len(line))
        if name is not None and not _is_name(name):
            # "He wrote:" alone on its line introduces the post below it (no author to name); in a line
            # that goes on, it is prose ("He tweeted: we will not ..."), and "No comments:" never is.
            if ps < pe or name.lower() in _NEVER_LEADINS:
                continue
            name = None
        elif name is not None:
            name = _author(name)
        return EmbedMatch("lead-in", (ls, le), (ps, pe) if ps < pe else None, "after", author=name, handle=handle)
    return _mid_line(line) if has_at else None


def _author(name: str) -> str | None:
    """The name in the words before the verb: the capitalised ones after the last lower-case word
    ("Emirati journalist Saud Al-Kaabi" names Saud Al-Kaabi); particles inside a name stay."""
    words = name.split()
    start = 0
    for i, w in enumerate(words):
        particle = w.lower() in _PARTICLES or w.lower().split("-")[0] in _PARTICLES  # bin, al-Sadr, el-Sisi
        if (w[:1].islower() and not particle) or w.lower() in _OPENERS:
            start = i + 1
    return " ".join(words[start:]) or None


_PARTICLES = frozenset(("al", "el", "bin", "ibn", "bint", "ben", "abu", "de"))
_OPENERS = frozenset(("and", "but", "also", "then", "meanwhile", "finally", "here"))  # "And Omar Alessa adds:"


def _is_name(name: str) -> bool:
    """A name, not a sentence opener that happens to precede a verb ("Critics wrote:", "He tweeted:")."""
    words = name.split()
    return not (len(words) == 1 and words[0].lower() in _NOT_NAMES)


# Words before a verb that make a page's label, not a lead-in ("No comments:", "Date posted:").
_NEVER_LEADINS = frozenset(("no", "date", "time"))
_NOT_NAMES = frozenset(
    "he she they it someone somebody one another others many some users people critics activists supporters "
    "who which this that journalists commentators observers no date time".split()
)


def _mid_line(line: str) -> EmbedMatch | None:
    for m in _MID_RE.finditer(line):
        bs, be = trim(line, 0, m.start("label"))
        ps, pe = trim(line, m.end("label"), len(line))
        if bs >= be or ps >= pe:
            continue
        before, after = _script(line[bs:be], last=True), _script(line[ps:pe], last=False)
        if before and after and before != after:
            return EmbedMatch("lead-in", m.span("label"), (ps, pe), "after", handle=m.group("h1"), before=(bs, be))
    return None


def _script(text: str, last: bool, n: int = 10) -> str | None:
    """ "arabic" or "latin": the script of most of the ``n`` letters nearest the label (the last ones of
    the text before it, or the first ones of the text after it); None for fewer than three letters."""
    letters = _LETTER_RE.findall(text)
    near = letters[-n:] if last else letters[:n]
    if len(near) < 3:
        return None
    n_ar = sum(1 for c in near if _AR_LETTER_RE.match(c))
    return "arabic" if 2 * n_ar > len(near) else "latin"


_LETTER_RE = re.compile("[\u0620-\u064a\u0671-\u06d3A-Za-z]")
_AR_LETTER_RE = re.compile("[\u0620-\u064a\u0671-\u06d3]")
_LA_LETTER_RE = re.compile("[A-Za-z]")
