"""The mixed-script segmenter: blocks (paragraphs, headings, tweets, attributions, furniture), sentences
inside them, and script runs inside mixed sentences, each with exact offsets and a language.
"""

from __future__ import annotations

import bisect
import itertools
import re
import sys
from dataclasses import dataclass, field
from typing import Any

from bilingual import furniture
from bilingual.embeds import BLOG_FORMATS, may_hold_embed
from bilingual.embeds import recognise as recognise_embed
from bilingual.lang import (
    ARABIZI,
    DECLARABLE_LANGS,
    arabic_script_language,
    detect_language,
    latin_language,
    named_language,
)
from bilingual.model import Document, Segment
from bilingual.romanization import MAX_ROMANIZED_LINE, romanizes
from bilingual.script import (
    ANY_LETTER_RE,
    ARABIC_LETTER_RE,
    ARABIC_MARKS,
    NON_LINGUISTIC_RE,
    has_arabic,
    last_visible,
    letter_counts,
    letter_profile,
    script_runs,
)
from bilingual.sentences import sentence_spans, trim_span
from bilingual.web.markup import MarkupHints

__all__ = [
    "MAX_BLOCK_CHARS",
    "MAX_TWEET_CHARS",
    "MIN_DUPLICATE_CHARS",
    "SHORT_ARABIC_SCRIPT",
    "SegmentationError",
    "line_spans",
    "paragraph_spans",
    "segment",
    "segment_text",
]


_LINE_BREAK_RE = re.compile(r"\r\n|[\n\r\u2028\u2029\x85\x0b\x0c]")
_OTHER_BREAK_RE = re.compile(r"[\r\u2028\u2029\x85\x0b\x0c]")  # the line breaks other than a line feed
_ARABIC_LANGS = ("ar", "fa", "ur")
_DECLARED_LANGS = DECLARABLE_LANGS
_ASTERISK_MARKER_RE = re.compile(r"\w\*")
_LONG_LINE_RE = re.compile(r"[^\n\r]{121}")
# Longest text of one embedded post (tweets are 280 characters; long posts and a link or two fit here).
MAX_TWEET_CHARS = 1200
MAX_BLOCK_CHARS = 1_000_000
MIN_DUPLICATE_CHARS = 20
# Fewer Arabic-script letters than this cannot be told apart by langdetect (see lang.arabic_script_language).
SHORT_ARABIC_SCRIPT = 12


class SegmentationError(ValueError):
    """A document the segmenter refuses (for example a single line longer than the configured limit)."""


@dataclass(slots=True)
class _Block:
    start: int
    end: int
    kind: str = "paragraph"
    meta: dict[str, Any] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    n_ar: int = 0
    n_la: int = 0
    lang: str = "und"
    duplicate_of: int | None = None

    @property
    def arabic(self) -> bool:
        return self.n_ar > self.n_la


def line_spans(text: str) -> list[tuple[int, int]]:
    """Every line of ``text`` as a span without its terminator (CRLF, LF, CR, U+2028/2029 ...)."""
    if _OTHER_BREAK_RE.search(text) is None:  # line feeds alone (most texts): str.split is C-speed
        spans = []
        pos = 0
        for line in text.split("\n"):
            end = pos + len(line)
            spans.append((pos, end))
            pos = end + 1
        return spans
    spans = []
    pos = 0
    for m in _LINE_BREAK_RE.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))  # the last line (empty when the text ends with a break)
    return spans


def _looks_hard_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """True when lines inside blank-line separated blocks are wrapped at a fixed width."""
    # A line longer than any wrap width: a run of 121 characters without CR or LF. The lines split at
    # more breaks than those two, so the regex is needed only when one of the others occurs.
    if any(e - s > 120 for s, e in lines) or (_OTHER_BREAK_RE.search(text) and _LONG_LINE_RE.search(text)):
        return False
    inner = wrapped = 0
    longest = 0
    for (s, e), (s2, e2) in itertools.pairwise(lines):
        longest = max(longest, e - s)
        if not text[s:e].strip() or not text[s2:e2].strip():
            continue
        inner += 1
        t = text[s:e].rstrip()
        if len(t) >= 40 and last_visible(t) not in ".!?؟:\"”'’)":
            wrapped += 1
    return longest <= 120 and wrapped >= 3 and wrapped >= 0.6 * max(inner, 1)


def paragraph_spans(text: str, hard_wrapped: bool | None = None) -> list[tuple[int, int]]:
    """Paragraph spans: one per non-blank line, or blank-line separated blocks when the text is hard-wrapped
    (``hard_wrapped``: None to tell from the text; a page's extracted text, one paragraph a line, is not)."""
    lines = line_spans(text)
    out: list[tuple[int, int]] = []
    if _looks_hard_wrapped(text, lines) if hard_wrapped is None else hard_wrapped:
        cur: tuple[int, int] | None = None
        for s, e in lines:
            if text[s:e].strip():
                cur = (cur[0], e) if cur else (s, e)
            elif cur:
                out.append(cur)
                cur = None
        if cur:
            out.append(cur)
    else:
        out = [(s, e) for s, e in lines if text[s:e].strip()]
        if has_arabic(text):
            out = _group_posts(text, out)
    return [t for t in (trim_span(text, s, e) for s, e in out) if t[0] < t[1]]


_CONTINUES = ("..", "…", "،", ",", "-", "–", ":")


def _group_posts(text: str, lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join consecutive lines in Arabic script that make one post, poem or statement: a line that does not
    end a sentence (no closing ``. ! ? ؟``, or an ellipsis) runs on into the next Arabic line, across at
    most one blank line after an ellipsis. Attribution and lead-in lines are never joined."""
    search = ARABIC_LETTER_RE.search
    has_ar = [search(text, s, e) is not None for s, e in lines]
    if not any(a and b for a, b in itertools.pairwise(has_ar)):
        return lines  # no two neighbouring lines hold Arabic: nothing to join (most documents)
    arabic: dict[int, bool] = {}

    def is_arabic(n: int) -> bool:
        if n not in arabic:
            arabic[n] = has_ar[n] and _arabic_line(text[lines[n][0] : lines[n][1]])
        return arabic[n]

    out: list[tuple[int, int]] = []
    for n, (s, e) in enumerate(lines):
        if out and n > 0 and has_ar[n] and has_ar[n - 1]:
            ps, pe = out[-1]
            last = text[ps:pe].rstrip(" \t\u200e\u200f")
            if last_visible(last) not in ".!?؟" or last.endswith(_CONTINUES):
                gap = text[pe:s]
                blank_lines = gap.count("\n") + gap.count("\r") - gap.count("\r\n") - 1
                if (blank_lines <= 0 or (blank_lines == 1 and last.endswith(("..", "…")))) and (
                    is_arabic(n - 1) and is_arabic(n)
                ):
                    out[-1] = (ps, e)
                    continue
        out.append((s, e))
    return out


def _arabic_line(line: str) -> bool:
    """A line written in Arabic script (more Arabic-script letters than Latin), with no handle or markup."""
    n_ar, n_la = letter_profile(line)[:2]
    # A line with a handle or markup may be an attribution or an embed: never joined (and no parsing here).
    return n_ar > n_la and n_ar >= 2 and "@" not in line and "<" not in line


def _split_attributions(text: str, spans: list[tuple[int, int]]) -> list[_Block]:
    """Make blocks, splitting a line that holds an attribution or a lead-in label (see
    :mod:`bilingual.embeds`) from the post text on the same line."""
    blocks: list[_Block] = []
    for s, e in spans:
        line = text[s:e]
        # Every format holds a handle, or a label's colon followed by a space or the line end (not a URL's).
        m = recognise_embed(line) if may_hold_embed(line) else None
        if m is None:
            blocks.append(_Block(s, e))
            continue
        meta: dict[str, Any] = {**m.as_meta(), "format": m.format}
        if m.date_text:
            meta["date_text"] = m.date_text
        post = text[s + m.post[0] : s + m.post[1]] if m.post else ""
        post_meta = {**m.as_meta(), **({"embed_lang": m.lang} if m.lang else {})}
        if m.post_side == "after":
            if m.before:
                blocks.append(_Block(s + m.before[0], s + m.before[1]))
            blocks.append(_Block(s + m.label[0], s + m.label[1], "attribution", meta=meta))
            if m.post:
                blocks.append(_Block(s + m.post[0], s + m.post[1], meta={"leadin": True}))
            continue
        urls = NON_LINGUISTIC_RE.findall(post)
        if m.post and sum(letter_counts(post)) + sum(letter_counts(post.replace("#", " "))) > 0:
            tweet = _Block(s + m.post[0], s + m.post[1], "tweet", meta=post_meta)
            tweet.meta["same_line"] = True
            blocks.append(tweet)
            blocks.append(_Block(s + m.label[0], s + m.label[1], "attribution", meta=meta))
        else:
            if urls:
                meta["urls"] = urls
            blocks.append(_Block(s, e, "attribution", meta=meta))
    return blocks


_TWEET_FIELDS = ("author", "handle", "date", "url")


def _mark_tweets(text: str, blocks: list[_Block]) -> None:
    for i, b in enumerate(blocks):
        if b.kind != "attribution":
            continue
        if b.meta.get("format") in BLOG_FORMATS:
            continue  # a blog comment's header or a post's footer: no embedded post to mark
        tweet_meta = {k: b.meta[k] for k in _TWEET_FIELDS if k in b.meta}
        if b.meta.get("format") == "lead-in":
            # The post follows the label, on its line or the next: a post in Arabic script is a tweet.
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if not (b.meta.get("author") or b.meta.get("handle")):
                continue  # "He added:" introduces a quote; with no one named, it marks no tweet
            if nxt is not None and nxt.kind == "paragraph" and nxt.arabic and nxt.end - nxt.start <= MAX_TWEET_CHARS:
                nxt.kind = "tweet"
                nxt.meta = dict(tweet_meta)
                b.meta["tweet"] = i + 1
            continue
        if i > 0 and blocks[i - 1].kind == "tweet" and blocks[i - 1].meta.get("same_line"):
            blocks[i - 1].meta.pop("same_line")
            b.meta["tweet"] = i - 1
            continue
        prev = blocks[i - 1] if i > 0 else None
        if prev is not None and prev.kind == "paragraph" and prev.end - prev.start <= MAX_TWEET_CHARS:
            prev.kind = "tweet"
            prev.meta = dict(tweet_meta)
            if "urls" in b.meta:
                prev.meta["urls"] = b.meta["urls"]
            b.meta["tweet"] = i - 1
    # A block in the tweet's script right after an attribution, with no attribution of its own,
    # is a further post by the same author (a thread, or a second tweet quoted without its card).
    for i, b in enumerate(blocks):
        if b.kind != "attribution" or "tweet" not in b.meta or i + 1 >= len(blocks):
            continue
        if b.meta.get("format") == "lead-in":
            continue
        nxt = blocks[i + 1]
        tweet = blocks[b.meta["tweet"]]
        followed_by_attr = i + 2 < len(blocks) and blocks[i + 2].kind == "attribution"
        if (
            nxt.kind == "paragraph"
            and not followed_by_attr
            and nxt.end - nxt.start <= MAX_TWEET_CHARS
            and nxt.n_ar > 0
            and nxt.arabic == tweet.arabic
        ):
            nxt.kind = "tweet"
            nxt.meta = {k: b.meta[k] for k in ("author", "handle", "date")}
            nxt.meta["inferred_attribution"] = True


def _mark_furniture(text: str, blocks: list[_Block]) -> None:
    has_asterisk_marker = "*" in text and _ASTERISK_MARKER_RE.search(text) is not None
    in_comments = False
    for i, b in enumerate(blocks):
        if b.kind != "paragraph":
            continue
        t = text[b.start : b.end]
        reason = furniture.phrase_reason(t) or furniture.structural_reason(t)
        if reason is None:
            prev = blocks[i - 1] if i else None
            if (in_comments or "comment" in t.lower()) and furniture.policy_terms(t) >= (1 if in_comments else 3):
                reason = "comment-policy"
            elif (
                prev is not None
                and prev.kind == "furniture"
                and (text[prev.start : prev.end].rstrip().endswith(":") or prev.meta.get("reason") == "link-list")
                and furniture.is_short_unpunctuated(t)
            ):
                reason = "link-list"
            elif has_asterisk_marker and furniture.is_footnote(t):
                reason = "footnote"
            elif furniture.is_byline(t):
                b.kind = "byline"
                continue
        if reason is not None:
            b.kind = "furniture"
            b.meta = {"reason": reason}
            if reason == "comments":
                in_comments = True


def _after_label(blocks: list[_Block], i: int) -> bool:
    prev = blocks[i - 1] if i else None
    return prev is not None and prev.kind == "attribution" and prev.meta.get("format") == "lead-in"


def _mark_headings(text: str, blocks: list[_Block]) -> None:
    for i, b in enumerate(blocks):
        if b.kind != "paragraph" or i + 1 >= len(blocks) or b.meta.get("leadin") or _after_label(blocks, i):
            continue  # a post after a lead-in label is the post, however short
        t = text[b.start : b.end]
        if not furniture.is_short_unpunctuated(t, max_words=20):
            continue
        if b.arabic:
            neighbours = [blocks[j] for j in (i - 1, i + 1) if 0 <= j < len(blocks)]
            if all(n.arabic for n in neighbours):
                b.kind = "heading"
        elif t[:1].isupper() or t[:1].isdigit():
            b.kind = "heading"


def _short_arabic_script_from_neighbours(blocks: list[_Block], counts: list[tuple[int, int, int, int, int]]) -> None:
    """A short Arabic-script block with no letter that tells Arabic from Persian or Urdu (``خوب است``) is
    called Arabic by default; when the block before or after it is confidently Persian or Urdu, it takes
    that language instead."""

    def confident(i: int) -> str | None:
        b, c = blocks[i], counts[i]
        if b.lang in ("fa", "ur") and (c[0] >= SHORT_ARABIC_SCRIPT or c[4] > 0):
            return b.lang
        return None

    for i, (b, c) in enumerate(zip(blocks, counts, strict=True)):
        if b.lang != "ar" or c[0] >= SHORT_ARABIC_SCRIPT or c[3] > 0:
            continue  # not short, or it writes a letter only Arabic writes
        near = [lang for j in (i - 1, i + 1) if 0 <= j < len(blocks) and (lang := confident(j))]
        if near:
            b.lang = near[0]


_LATIN_LANGS_NOT = (*_ARABIC_LANGS, "mixed", "und", ARABIZI)
# Longest Arabic block a transcription line is compared with (a verse, a post).
_MAX_TRANSCRIBED = 2000


def _romanized_lines(text: str, blocks: list[_Block], counts: list[tuple[int, int, int, int, int]]) -> None:
    """A Latin line next to an Arabic block (up to two lines without letters between them, such as a
    table's ``|``, are stepped over) that sounds that Arabic out (:func:`bilingual.romanization.romanizes`)
    is Arabic in Latin letters (``ar-Latn``), like Arabizi, not English: a lyrics page's transcription line,
    a phrase table's pronunciation column."""
    for j, near in enumerate(blocks):
        if near.lang != "ar" or near.end - near.start > _MAX_TRANSCRIBED:
            continue
        for step in (-1, 1):
            i = j + step
            while 0 <= i < len(blocks) and sum(counts[i][:3]) == 0 and abs(i - j) <= 2:
                i += step  # a separator line
            if not 0 <= i < len(blocks):
                continue
            b = blocks[i]
            if b.kind not in ("paragraph", "heading") or b.n_ar or b.lang in _LATIN_LANGS_NOT:
                continue
            if b.end - b.start <= MAX_ROMANIZED_LINE and romanizes(text[b.start : b.end], text[near.start : near.end]):
                b.lang = ARABIZI


def _mark_duplicates(text: str, blocks: list[_Block], min_chars: int) -> None:
    seen: dict[str, int] = {}
    for i, b in enumerate(blocks):
        key = furniture.folded(text[b.start : b.end]).casefold()
        if len(key) < min_chars:
            continue
        if key in seen:
            b.duplicate_of = seen[key]
            b.flags.append("duplicate")
        else:
            seen[key] = i


def _inherits(block: _Block) -> bool:
    """A block written in one script alone passes its language on to its sentences."""
    return block.lang not in ("mixed", "und") and (block.n_ar == 0 or block.n_la == 0)


def _child_lang(sub: str, block: _Block) -> str:
    """Language of a sentence inside a block: inherit when the block is written in one script alone."""
    block_lang = block.lang
    if _inherits(block):
        return block_lang if ANY_LETTER_RE.search(sub) else "und"
    n_ar, n_la, n_other = letter_counts(sub)
    if n_ar + n_la + n_other == 0:
        return "und"
    if block_lang in _ARABIC_LANGS and n_la == 0:
        return block_lang
    if block_lang not in _ARABIC_LANGS and block_lang not in ("mixed", "und") and n_ar == 0:
        return block_lang
    return detect_language(sub)


_LINK_START_RE = re.compile(r"https?://|www\.|pic\.twitter\.com/", re.IGNORECASE)


def _without_trailing_links(text: str, start: int, end: int) -> int:
    """Where a block's last sentence ends without the links that close it (a tweet's ``pic.twitter.com/…``):
    a link is not language. The block keeps them.

    The links are the longest run of white-space-separated tokens at the end that each start with a link
    (``https://``, ``www.``, ``pic.twitter.com/``, any case, and something after it), plus the tail of the
    token before them from a link inside it on (``text:https://…``), with the white space before them.
    One backward pass over the tokens: a regular expression for it backtracks exponentially on a token
    holding many ``www.``."""
    pos = end
    while pos > start and text[pos - 1].isspace():
        pos -= 1
    cut = -1
    while pos > start:
        token_end = pos
        while pos > start and not text[pos - 1].isspace():
            pos -= 1
        m = _LINK_START_RE.search(text, pos, token_end)
        while m is not None and m.end() >= token_end:  # a link needs something after its prefix
            m = _LINK_START_RE.search(text, m.start() + 1, token_end)
        if m is None:
            break
        if m.start() > pos:  # a link inside the token: the links start there
            cut = m.start()
            break
        while pos > start and text[pos - 1].isspace():  # a whole link: take the white space before it
            pos -= 1
        cut = pos
    if cut <= start:
        return end
    return cut


def _hashtag_start(text: str, start: int, script: str) -> int:
    """Where an Arabic run starts when it is a hashtag: at its ``#`` (also ``# وسم``, a space after ``#``)."""
    if script != "arabic" or start == 0:
        return start
    if text[start - 1] == "#":
        return start - 1
    if start >= 2 and text[start - 2] == "#" and text[start - 1] == " ":
        return start - 2
    return start


# The digits (and underscores before them) that end a hashtag after its last letter: #شيء_لن_يفهمه_غير_48.
_HASHTAG_TAIL_RE = re.compile(r"(?:_*[0-9\u0660-\u0669\u06f0-\u06f9]+)++(?![A-Za-z])")


def _hashtag_run(text: str, start: int, end: int, script: str, limit: int) -> tuple[int, int, str]:
    """A script run, widened to the whole hashtag when it is an Arabic one: from its ``#``
    (:func:`_hashtag_start`) to the digits that end it (not past ``limit``); or, typed right to left, to
    the ``#`` that closes it (``مسرحيات_العيد# (#EidPlays)``)."""
    start = _hashtag_start(text, start, script)
    if script == "arabic" and text[start] == "#":
        m = _HASHTAG_TAIL_RE.match(text, end, limit)
        if m:
            end = m.end()
    elif script == "arabic" and text[end : end + 1] == "#" and (end + 1 >= limit or not text[end + 1].isalnum()):
        end += 1
    return start, end, script


_HASHTAGS_ONLY_RE = re.compile(r"#[^\s#]+(?:\s+#[^\s#]+)+")
_ONE_HASHTAG_RE = re.compile(r"#[^\s#]+")
_MARK_RE = re.compile(f"[{ARABIC_MARKS}]")


def _each_hashtag(text: str, start: int, end: int, script: str) -> list[tuple[int, int, str]]:
    """A run that is nothing but hashtags (``#قيادة_المرأة #الملك_ينتصر``), one run per hashtag: each is a
    unit of its own (a page glosses them one by one); any other run as it is."""
    if script != "arabic" or text[start] != "#" or _HASHTAGS_ONLY_RE.fullmatch(text, start, end) is None:
        return [(start, end, script)]
    out = []
    for m in _ONE_HASHTAG_RE.finditer(text, start, end):
        e = m.end()
        while e > m.start() + 1 and not (text[e - 1].isalnum() or text[e - 1] == "_" or _MARK_RE.match(text[e - 1])):
            e -= 1  # the punctuation or mark after it ("#وسم،")
        out.append((m.start(), e, script))
    return out


def _masked(masked: list[tuple[int, int]], s: int, e: int) -> bool:
    """Whether ``s:e`` lies inside one of the ``masked`` spans (sorted, apart): found by bisection, since a
    line of thousands of hashtags asks once per hashtag."""
    k = bisect.bisect_right(masked, (s, sys.maxsize)) - 1
    return k >= 0 and masked[k][0] <= s and e <= masked[k][1]


def _run_lang(text: str, s: int, e: int, script: str, masked: list[tuple[int, int]], lo: int) -> str:
    """The language of a script run at ``s:e`` in the sentence starting at ``lo``."""
    sub = text[s:e]
    if _masked(masked, s, e):
        if not (sub.startswith("#") or text[s - 1 : s] == "#"):
            return "und"  # a handle or URL
        sub = sub.replace("_", " ")  # a hashtag: its language is its letters'
    if script == "arabic":
        profile = letter_profile(sub)
        if profile[0] < SHORT_ARABIC_SCRIPT:
            # Too short for the letters to tell; the prose may name it ('the Persian "khaneh" خانه').
            named = named_language(text[max(lo, s - 80) : s])
            if named:
                return named
        return arabic_script_language(sub, profile)
    return latin_language(sub, len(sub))


def segment(
    doc: Document,
    *,
    sentences: bool = True,
    runs: bool = True,
    max_block_chars: int = MAX_BLOCK_CHARS,
    min_duplicate_chars: int = MIN_DUPLICATE_CHARS,
) -> Document:
    """Segment ``doc`` in place (replacing any segments it had) and return it.

    A document read from a web page carries what its markup says (:mod:`bilingual.web.markup`): where each
    embedded post starts and ends, the languages its elements declare, and each post's status URL."""
    text = doc.text
    markup = MarkupHints.of(doc)
    spans = paragraph_spans(text, hard_wrapped=False if markup is not None else None)
    if markup is not None:
        spans = markup.merge_posts(text, spans)
    for s, e in spans:
        if e - s > max_block_chars:
            raise SegmentationError(
                f"a single paragraph of {e - s:,} characters at offset {s} exceeds the limit of "
                f"{max_block_chars:,} (is this really text? raise max_block_chars to accept it)"
            )
    blocks = _split_attributions(text, spans)
    counts = []
    for b in blocks:
        c = letter_profile(text[b.start : b.end])
        b.n_ar, b.n_la = c[0], c[1]
        counts.append(c)
    _mark_tweets(text, blocks)
    _mark_furniture(text, blocks)
    _mark_headings(text, blocks)
    _mark_duplicates(text, blocks, min_duplicate_chars)
    if markup is not None:
        for i, lang in markup.declared_languages([(b.start, b.end, b.n_ar, b.n_la) for b in blocks]).items():
            blocks[i].meta["embed_lang"] = lang

    segs: list[Segment] = []
    block_index: list[int] = []
    did = doc.id
    for b, c in zip(blocks, counts, strict=True):
        b.lang = detect_language(text[b.start : b.end], c)
        declared = b.meta.pop("embed_lang", None)
        if declared in _DECLARED_LANGS:
            b.lang = declared  # the embed markup says which language the post is in
    _short_arabic_script_from_neighbours(blocks, counts)
    _romanized_lines(text, blocks, counts)
    for b in blocks:
        bi = len(segs)
        block_index.append(bi)
        dup = block_index[b.duplicate_of] if b.duplicate_of is not None else None
        segs.append(
            Segment(did, b.start, b.end, text[b.start : b.end], b.kind, b.lang, tuple(b.flags), bi, None, dup, b.meta)
        )
        if not sentences or b.kind not in ("paragraph", "heading", "tweet", "byline"):
            continue
        child_flags = ("duplicate",) if b.duplicate_of is not None else ()
        # Arabic only in hashtags is not in n_ar: look for Arabic letters once per block.
        inline_ar = bool(b.n_la) and not b.n_ar and ARABIC_LETTER_RE.search(text, b.start, b.end) is not None
        inherits = _inherits(b)  # decided once per block, not in _child_lang for each sentence
        for ss, se in sentence_spans(text, b.start, b.end):
            sub = text[ss:se]
            if se == b.end and ("http" in sub or "pic." in sub):
                se = _without_trailing_links(text, ss, se)
                sub = text[ss:se]
            si = len(segs)
            if inherits:
                lang = b.lang if ANY_LETTER_RE.search(text, ss, se) else "und"
            else:
                lang = _child_lang(sub, b)
            segs.append(Segment(did, ss, se, sub, "sentence", lang, child_flags, si, bi))
            if not runs or (lang != "mixed" and not (b.n_ar and b.n_la) and not (inline_ar and has_arabic(sub))):
                continue
            found = [
                part
                for rs, re_, script in script_runs(text, ss, se)
                for part in _each_hashtag(text, *_hashtag_run(text, rs, re_, script, se))
            ]
            if len({r[2] for r in found}) < 2:
                continue
            masked = [m.span() for m in NON_LINGUISTIC_RE.finditer(text, ss, se)]
            for rs, re_, script in found:
                segs.append(
                    Segment(
                        did,
                        rs,
                        re_,
                        text[rs:re_],
                        "run",
                        _run_lang(text, rs, re_, script, masked, ss),
                        child_flags,
                        len(segs),
                        si,
                        None,
                        {"script": script},
                    )
                )
    # An attribution names its tweet by segment index (the recognisers linked blocks by list position).
    for b in blocks:
        if b.kind == "attribution" and "tweet" in b.meta:
            b.meta["tweet"] = block_index[b.meta["tweet"]]
    # Children of a block that repeats an earlier block point at their twins when the texts are equal
    # (equal text segments the same way, so the n-th child matches the n-th child).
    kids: dict[int, list[int]] = {}
    for seg in segs:
        if seg.parent is not None:
            kids.setdefault(seg.parent, []).append(seg.index)
    pending = [(s.index, s.duplicate_of) for s in segs if s.duplicate_of is not None and s.parent is None]
    while pending:
        mine, theirs = pending.pop()
        if segs[mine].text != segs[theirs].text:
            continue
        for a, b2 in zip(kids.get(mine, []), kids.get(theirs, []), strict=False):
            segs[a].duplicate_of = b2
            pending.append((a, b2))
    doc.segments = segs
    if markup is not None:
        markup.annotate(doc)
    return doc


def segment_text(text: str, doc_id: str = "doc", source: str = "", **kwargs: Any) -> Document:
    """Build a :class:`Document` from ``text`` and segment it."""
    return segment(Document(id=doc_id, text=text, source=source), **kwargs)
