"""Site furniture (navigation, "Read More:", comment policies, run-together category headers) and bylines.

Phrase rules live in ``resources/furniture.tsv``; the structural rules (category headers glued together
by a scraper, breadcrumbs, comment-policy text, link lists after a furniture line) are here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bilingual.resources import read_text
from bilingual.script import NON_LINGUISTIC_RE, has_arabic, visible_end

__all__ = [
    "folded",
    "is_byline",
    "is_footnote",
    "is_short_unpunctuated",
    "phrase_reason",
    "policy_terms",
    "structural_reason",
]


_GLUE_RE = re.compile(r"[a-z\u00e0-\u00ff][A-Z]")
_FUNCTION_WORDS_RE = re.compile(r"\b(?:the|of|and|to|in|a|is|for|on|with|as|by|at|from|that|was)\b", re.IGNORECASE)
_BREADCRUMB_SEP_RE = re.compile(r"\s+(?:/|>|›|»|\||·|•|::)\s+")
_TERMINAL_RE = re.compile(r"[.!?؟…:;,،][\"'”’»)\]]*$")
_POLICY_RE = re.compile(
    r"\b(?:comments?|moderat\w*|guidelines?|approv\w*|reject\w*|profanit\w*|tolerat\w*|publication|"
    r"vulgarity|abusive|abuse|off-topic|community standards|terms of (?:use|service))\b",
    re.IGNORECASE,
)
_BYLINE_RE = re.compile(
    r"(?:[Bb]y|BY|[Ww]ritten by|[Rr]eporting by|[Ww]ords by)\s+"
    r"[A-Z][\w'’.\-]*(?:\s+(?:[A-Z][\w'’.\-]*|al-\w+|bin|ibn|de|van|von|el-\w+))*"
    r"(?:\s*(?:,|and|&)\s*[A-Z][\w'’.\-]*(?:\s+(?:[A-Z][\w'’.\-]*|al-\w+|bin|ibn|de|van|von|el-\w+))*)*"
    r"(?:\s*[,|–—-]\s*[\w .'’]{1,40})?",
)
_FOOTNOTE_RE = re.compile(r"\*(?!\*)\s*\S.{0,300}")


@lru_cache(maxsize=1)
def _phrase_rules() -> tuple[re.Pattern[str], dict[str, str], list[tuple[str, str, re.Pattern[str]]]]:
    """The phrase rules: unconditional ones as one alternation (one regex call a block) with its
    group name → reason map, and the keyword-gated ones as (keyword, reason, regex)."""
    parts: list[str] = []
    reasons: dict[str, str] = {}
    gated: list[tuple[str, str, re.Pattern[str]]] = []
    for n, line in enumerate(read_text("furniture.tsv").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        reason, pattern, keyword = ([*line.split("\t"), "", ""])[:3]
        try:
            rx = re.compile(pattern.strip(), re.IGNORECASE)
        except re.error as e:  # a broken rule is a packaging bug: say which line
            raise ValueError(f"resources/furniture.tsv line {n}: bad regex: {e}") from e
        if keyword.strip():
            gated.append((keyword.strip().lower(), reason.strip(), rx))
            continue
        name = f"r{len(parts)}"
        parts.append(f"(?P<{name}>{pattern.strip()})")
        reasons[name] = reason.strip()
    return re.compile("|".join(parts), re.IGNORECASE), reasons, gated


def folded(text: str) -> str:
    """White space folded to single spaces and trimmed (what the phrase rules see)."""
    return _fold(text) if len(text) > 800 else _folded_short(text)


def _fold(text: str) -> str:
    return " ".join(text.split())  # str.split's white space is the regex ``\s``'s; about 2x a regex pass


# The furniture, heading and duplicate passes each ask for the same short block's folded text: the
# last few hundred answers are kept (short texts only, so the memo stays under a megabyte).
_folded_short = lru_cache(maxsize=512)(_fold)


def _ends_punctuated(text: str) -> bool:
    end = visible_end(text)  # searched in place: no copy of a long block
    return _TERMINAL_RE.search(text, max(0, end - 8), end) is not None


def phrase_reason(text: str) -> str | None:
    """The furniture reason if a phrase rule matches the whole block, else None."""
    if len(text) > 300:
        return None
    rx, reasons, gated = _phrase_rules()
    t = folded(text)
    m = rx.fullmatch(t)
    if m and m.lastgroup:
        return reasons[m.lastgroup]
    lower = t.lower()
    for keyword, reason, grx in gated:
        if keyword in lower and grx.fullmatch(t):
            return reason
    return None


def structural_reason(text: str) -> str | None:
    """Furniture recognised by its shape rather than its words (category headers, breadcrumbs)."""
    if len(text) > 300 or _ends_punctuated(text):
        return None
    t = folded(text)
    if not t or len(t) > 200:
        return None
    words = t.split()
    # Hashtags and handles are glued by nature (#Free_the_Port): they are not a scraper's glue. Nor is a
    # transliteration's capital for an emphatic consonant ('oTTa) beside the Arabic it spells out.
    glue = _GLUE_RE.findall(NON_LINGUISTIC_RE.sub(" ", t)) if ("#" in t or "@" in t) else _GLUE_RE.findall(t)
    if len(words) <= 12 and len(glue) >= 2 and not _FUNCTION_WORDS_RE.search(t) and not has_arabic(t):
        return "category-header"
    parts = _BREADCRUMB_SEP_RE.split(t)
    if len(parts) >= 2 and all(0 < len(p.split()) <= 4 for p in parts):
        return "breadcrumb"
    return None


def policy_terms(text: str) -> int:
    """How many distinct comment-policy terms ``text`` holds."""
    return len({m.group().lower()[:6] for m in _POLICY_RE.finditer(text)})


def is_short_unpunctuated(text: str, max_words: int = 10) -> bool:
    """A short line with no closing punctuation (a link, a label, a heading)."""
    if len(text) > 40 * max_words or _ends_punctuated(text):
        return False
    t = folded(text)
    return bool(t) and len(t.split()) <= max_words


def is_byline(text: str) -> bool:
    """``By Name and Name`` lines."""
    if len(text) > 200 or text[:1] not in "BbWwR":
        return False
    t = folded(text)
    return len(t) <= 120 and _BYLINE_RE.fullmatch(t) is not None


def is_footnote(text: str) -> bool:
    """An editorial note keyed by an asterisk in the article (``*Daesh (ISIS) ... banned in Russia``)."""
    return text.startswith("*") and _FOOTNOTE_RE.fullmatch(folded(text)) is not None
