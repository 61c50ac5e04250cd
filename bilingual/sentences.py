"""Sentence boundaries for English and Arabic text, as character offsets.

English: split after ``. ! ?`` (and closing quotes/brackets) before an upper-case letter, digit or
opening quote; not after abbreviations (``Mr.``, ``Gen.``, ``Jan.``), initials, ``U.S.``-style
acronyms, ``p.m.``; not inside decimals; ``...`` never ends a sentence. Also split ``group.On``
(a missing space after a full stop). Arabic: split after ``. ! ? ؟ …`` before any letter; never on
``،``; not after a one-letter abbreviation such as ``د.``.
"""

from __future__ import annotations

import itertools
import re

from bilingual.script import ARABIC_LETTER, ARABIC_LETTER_RE, LATIN_LETTER_RE

__all__ = [
    "ABBREVIATIONS",
    "sentence_spans",
    "trim_span",
]


ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt cpt sgt cpl adm cmdr sen rep gov pres supt insp det
    rev fr st sr jr messrs mme mmes sens reps govs
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    no nos vol vols fig figs p pp ed eds est approx dept univ assn bros co corp inc ltd plc
    vs etc al cf ie eg ca mt ft ave blvd rd hwy
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb nev
    okla ore pa tenn tex va vt wash wis wyo
    b""".split()  # b. = bin, son of, in Arabic names: "Anas b. Malik", "Nawwas b. Sam'an"
)
# Acronyms with inner dots ("U.S.", "p.m.") do not end a sentence unless the next word is one that
# usually starts a sentence.
_SENTENCE_STARTERS = frozenset(
    "The A An He She It They We I In On At But And This That These Those There His Her Its Their "
    "After Before When While However Meanwhile Officials Police".split()
)

_OPEN = "\"'“‘«(\\["
_CLOSE = "\"'”’»)\\]"
# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then white space.
_BOUNDARY_RE = re.compile(f"([.!?؟…]+)([{_CLOSE}]*)(\\s+)(?=[{_OPEN}]*[\\w{ARABIC_LETTER}])")
# A full stop with no space before the next sentence ("group.On 3 January"); the two letters before
# it must be lower case (checked in Python: a literal first character keeps the regex scan fast).
_GLUED_RE = re.compile(r"\.(?=[A-Z][a-z])")
_UPPER_START_RE = re.compile(f"[{_OPEN}]*[A-Z0-9{ARABIC_LETTER}]")


def _is_break(text: str, lo: int, punct_start: int, punct: str, closed: bool, after: int) -> bool:
    """Decide whether the punctuation ``punct`` at ``punct_start`` ends a sentence."""
    # The word before the punctuation (rfind is C-speed; other white space is rare, split handles it).
    tail = text[max(text.rfind(" ", lo, punct_start) + 1, lo) : punct_start].split()
    prev = tail[-1] if tail else ""
    # What follows is read through ``after + 40`` at most (matched in place, not sliced).
    window = after + 40
    if prev.isascii():  # fast path: no Arabic letter in the word before
        prev_letters: list[str] = []
        # A word ending in an ASCII letter holds a Latin letter: no regex needed to rule Arabic out.
        arabic = (
            not prev[-1:].isalpha()
            and LATIN_LETTER_RE.search(prev) is None
            and ARABIC_LETTER_RE.match(text, after, window) is not None
        )
    else:
        prev_letters = ARABIC_LETTER_RE.findall(prev)
        arabic = bool(prev_letters) or (
            LATIN_LETTER_RE.search(prev) is None and ARABIC_LETTER_RE.match(text, after, window) is not None
        )
    if arabic:
        # Arabic rules: "…" ends a sentence; one Arabic letter before "." is an abbreviation (د.).
        return not (punct == "." and len(prev_letters) == 1 and len(prev.strip(_OPEN)) == 1)
    # English rules.
    if punct != "." and (
        punct in ("...", "…", "..", "....") or (punct.startswith("..") and "?" not in punct and "!" not in punct)
    ):
        return False
    if not _UPPER_START_RE.match(text, after, window):
        return False
    if punct != "." or closed:  # '?', '!', or a full stop inside closing quotes: ."  .”
        return True
    word = prev.strip(_OPEN + _CLOSE)
    if not word:
        return True
    if "." in word:  # U.S. / p.m. / a.m. / U.N. / e.g.
        return _next_word(text, after, window) in _SENTENCE_STARTERS
    if len(word) == 1 and word.isalpha() and word.isupper():  # an initial: "George W. Bush"
        return False
    lower = word.lower()
    if lower in ("no", "nos"):  # "No. 5", but "said no. Then"
        return not _next_word(text, after, window)[:1].isdigit()
    return lower not in ABBREVIATIONS


def _next_word(text: str, after: int, window: int) -> str:
    """The first white-space-separated word of ``text[after:window]``, without opening quotes/brackets."""
    next_text = text[after:window]
    return next_text.split(maxsplit=1)[0].strip(_OPEN) if next_text.strip() else ""


def _cuts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(end of a sentence, start of the next) for every sentence break in ``text[start:end]``."""
    cuts = [
        (m.end(2), m.end(3))
        for m in _BOUNDARY_RE.finditer(text, start, end)
        if _is_break(text, start, m.start(1), m.group(1), bool(m.group(2)), m.end(3))
    ]
    glued = [
        (m.end(), m.end())
        for m in _GLUED_RE.finditer(text, start, end)
        if m.start() - start >= 2
        and text[m.start() - 2 : m.start()].isalpha()
        and text[m.start() - 2 : m.start()].islower()
    ]
    return sorted(cuts + glued) if glued else cuts


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentence spans (trimmed of surrounding white space)."""
    end = len(text) if end is None else end
    cuts = _cuts(text, start, end)
    if not cuts:
        s, e = trim_span(text, start, end)
        return [(s, e)] if s < e else []
    spans: list[tuple[int, int]] = []
    # A cut ends after punctuation or a closing quote and the next sentence starts at a letter, digit or
    # opening quote (both regexes say so): only the first sentence's start and the last one's end can
    # hold white space.
    s, e = trim_span(text, start, cuts[0][0])
    if s < e:
        spans.append((s, e))
    prev = cuts[0][1]
    for cut_end, cut_next in itertools.islice(cuts, 1, None):
        if prev < cut_end:
            spans.append((prev, cut_end))
        prev = cut_next
    s, e = trim_span(text, prev, end)
    if s < e:
        spans.append((s, e))
    return spans


def trim_span(text: str, s: int, e: int) -> tuple[int, int]:
    """``(s, e)`` narrowed past white space at both ends."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e
