"""What a web page's markup tells the segmenter, kept in ``doc.metadata["markup"]`` by the HTML reader.

The HTML reader writes the page's text one paragraph a line (so it is never taken for hard-wrapped text) and
each embedded post into the document text in the shape the segmenter already
recognises (the post's lines, then ``— Name (@handle) Date``) and records here what only the markup knows:

- ``embeds``: one record per ``blockquote.twitter-tweet``: ``post`` and ``attribution`` (spans in the
  document text), ``html_span`` (where the blockquote stands in the decoded HTML), ``lang`` (its ``<p lang>``),
  ``url`` (the status link), ``author``, ``handle``, ``date`` (ISO) and ``date_text``;
- ``langs``: ``[start, end, lang]`` for paragraphs whose element (or an ancestor) declares ``lang``, or that
  stand under ``dir="rtl"`` on a page whose ``<html lang>`` is Arabic, Persian or Urdu.

:func:`bilingual.segment.segment` reads these hints through :class:`MarkupHints`: a post's lines make one
block, a declared language wins over detection when the block is written in that language's script
(``fa`` is then never paired as Arabic), and the tweet and attribution segments get ``url``, ``html_span``
and the author's name as the markup spells it. Plain-text documents carry no hints and are segmented as
before. Nothing here imports an HTML library.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bilingual.lang import DECLARABLE_LANGS, NOT_ARABIC

if TYPE_CHECKING:
    from bilingual.align import AlignmentResult
    from bilingual.model import Document

# Languages a declaration may set (the segmenter's own set), and which of them are written in Arabic script.
ARABIC_SCRIPT_LANGS = frozenset({"ar", *NOT_ARABIC})
METADATA_KEY = "markup"


def declarable(lang: str | None) -> str | None:
    """The primary subtag of a ``lang`` attribute (``ar-EG`` → ``ar``) if a declaration may set it, else None."""
    if not lang:
        return None
    primary = lang.strip().lower().replace("_", "-").split("-", 1)[0]
    return primary if primary in DECLARABLE_LANGS else None


def _span(value: Any, n: int) -> tuple[int, int] | None:
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        and 0 <= value[0] < value[1] <= n
    ):
        return int(value[0]), int(value[1])
    return None


@dataclass(frozen=True, slots=True)
class EmbedHint:
    """One embedded post: where its lines and attribution stand in the text, and what the markup says."""

    post: tuple[int, int]
    attribution: tuple[int, int] | None
    lang: str | None
    meta: dict[str, Any]  # url, html_span, author, handle, date: copied onto the segments


class MarkupHints:
    """The hints of one document, checked against its text (a hint that does not fit is ignored)."""

    def __init__(self, embeds: list[EmbedHint], langs: list[tuple[int, int, str]]) -> None:
        self.embeds = sorted(embeds, key=lambda h: h.post)
        self.langs = sorted(langs)
        self._post_starts = [h.post[0] for h in self.embeds]

    @classmethod
    def of(cls, doc: Document) -> MarkupHints | None:
        """The hints in ``doc.metadata["markup"]``, or None for a document without any (plain text). A page's
        text is one paragraph a line (never hard-wrapped), so a page without posts or languages has hints too."""
        raw = doc.metadata.get(METADATA_KEY) if isinstance(doc.metadata, dict) else None
        if not isinstance(raw, dict):
            return None
        n = len(doc.text)
        embeds: list[EmbedHint] = []
        last_end = 0
        for rec in raw.get("embeds") or ():
            if not isinstance(rec, dict):
                continue
            post = _span(rec.get("post"), n)
            if post is None or post[0] < last_end:
                continue  # no span in the text (an empty post), or overlapping: not a usable hint
            last_end = post[1]
            meta = {k: rec[k] for k in ("url", "html_span", "author", "handle", "date") if rec.get(k)}
            embeds.append(EmbedHint(post, _span(rec.get("attribution"), n), declarable(rec.get("lang")), meta))
        langs: list[tuple[int, int, str]] = []
        for item in raw.get("langs") or ():
            span = _span(list(item[:2]), n) if isinstance(item, list | tuple) and len(item) == 3 else None
            lang = declarable(item[2]) if span is not None and isinstance(item[2], str) else None
            if span is not None and lang is not None:
                langs.append((span[0], span[1], lang))
        return cls(embeds, langs)

    def _post_at(self, start: int, end: int) -> EmbedHint | None:
        """The post whose span holds ``[start, end)``, if any."""
        i = bisect.bisect_right(self._post_starts, start) - 1
        if i >= 0 and self.embeds[i].post[0] <= start and end <= self.embeds[i].post[1]:
            return self.embeds[i]
        return None

    def merge_posts(self, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Paragraph spans with each post's lines made one block: spans that cross a post's edge are cut
        there, and the spans inside one post are joined (the markup says where a post starts and ends)."""
        if not self.embeds:
            return spans
        cuts = sorted({x for h in self.embeds for x in h.post})
        pieces: list[tuple[int, int]] = []
        for s, e in spans:
            lo = bisect.bisect_right(cuts, s)
            hi = bisect.bisect_left(cuts, e)
            bounds = [s, *cuts[lo:hi], e]
            for a, b in itertools.pairwise(bounds):
                while a < b and text[a].isspace():
                    a += 1
                while b > a and text[b - 1].isspace():
                    b -= 1
                if a < b:
                    pieces.append((a, b))
        out: list[tuple[int, int]] = []
        owner: list[EmbedHint | None] = []
        for s, e in pieces:
            post = self._post_at(s, e)
            if post is not None and out and owner[-1] is post:
                out[-1] = (out[-1][0], e)
                continue
            out.append((s, e))
            owner.append(post)
        return out

    def declared_languages(self, blocks: list[tuple[int, int, int, int]]) -> dict[int, str]:
        """For blocks given as ``(start, end, arabic letters, latin letters)``: the language the markup
        declares for each block it covers, where the block is written in that language's script."""
        out: dict[int, str] = {}
        lang_starts = [s for s, _e, _l in self.langs]
        for i, (s, e, n_ar, n_la) in enumerate(blocks):
            post = self._post_at(s, e)
            lang = post.lang if post is not None else None
            if post is None and self.langs:
                j = bisect.bisect_right(lang_starts, s) - 1
                if j >= 0 and self.langs[j][0] <= s and e <= self.langs[j][1]:
                    lang = self.langs[j][2]
            if lang is None:
                continue
            if (lang in ARABIC_SCRIPT_LANGS and n_ar > n_la) or (lang not in ARABIC_SCRIPT_LANGS and n_la > n_ar):
                out[i] = lang
        return out

    def annotate(self, doc: Document) -> None:
        """Copy each post's markup metadata onto its tweet segment(s) and attribution segment."""
        by_attribution = {h.attribution: h for h in self.embeds if h.attribution is not None}
        for seg in doc.segments:
            if seg.parent is not None:
                continue
            if seg.kind == "tweet":
                post = self._post_at(seg.start, seg.end)
                if post is not None:
                    seg.meta.update(post.meta)
            elif seg.kind == "attribution":
                hint = by_attribution.get((seg.start, seg.end))
                if hint is not None:
                    seg.meta.update(hint.meta)
                    seg.meta["format"] = "embed-html"


def attach_post_urls(doc: Document, result: AlignmentResult) -> None:
    """Give each pair whose Arabic is a post the post's status ``url`` (the aligner passes a tweet's author,
    handle and date on to its pairs; the URL comes from the segment here)."""
    if not result.pairs:
        return
    for pair in result.pairs:
        if pair.meta.get("url"):
            continue
        for i in pair.ar_segments:
            if 0 <= i < len(doc.segments) and doc.segments[i].kind == "tweet" and doc.segments[i].meta.get("url"):
                pair.meta["url"] = doc.segments[i].meta["url"]
                break
