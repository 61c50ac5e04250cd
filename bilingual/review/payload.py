"""What the review page knows of one document: its text, blocks, script runs, pairs and unpaired Arabic,
as a JSON-ready dict (the *payload*), and the small summary line the page's index is built from.

Offsets come in two forms. ``ar_span``/``en_span`` are code-point offsets exactly as ``bilingual align``
writes them; they identify a pair in ``decisions.jsonl``. Everything the browser lays out uses UTF-16
offsets instead (JavaScript strings count UTF-16 units), so a document holding emoji or other characters
outside the BMP is highlighted at the right places.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import Any

from bilingual.lang import NOT_ARABIC
from bilingual.model import Document
from bilingual.script import has_arabic

PAYLOAD_SCHEMA = 1
RTL_LANGS = frozenset({"ar", *NOT_ARABIC})
# Block meta worth showing beside the text (tweet attribution, why a block is furniture).
_BLOCK_META = ("author", "handle", "date", "reason")
_PAIR_META = ("author", "handle", "date", "url")  # url: the post's status URL, when the markup gave one


def utf16_offsets(text: str) -> Callable[[int], int]:
    """A function mapping a code-point offset of ``text`` to its UTF-16 offset (identity for BMP-only text)."""
    astral = [i for i, c in enumerate(text) if ord(c) > 0xFFFF] if any(ord(c) > 0xFFFF for c in text) else []
    if not astral:
        return lambda i: i
    return lambda i: i + bisect_left(astral, i)


def _round(x: Any) -> float | None:
    return None if x is None else round(float(x), 4)


def document_payload(doc: Document, result: Any) -> dict[str, Any]:
    """The page's data for one segmented, aligned document (``result`` is its ``AlignmentResult``).

    Reads the pair's ``kind`` and ``unit`` defensively (attributes, or ``meta["unit"]``; the Arabic
    segment's kind when no unit is given), so it works with aligners that do not set them.
    """
    u = utf16_offsets(doc.text)
    blocks: list[list[Any]] = []
    runs: list[list[Any]] = []
    for s in doc.segments:
        if s.parent is None:
            extra: dict[str, Any] = {k: s.meta[k] for k in _BLOCK_META if s.meta.get(k)}
            if s.flags:
                extra["flags"] = list(s.flags)
            if s.duplicate_of is not None:
                extra["dup_of"] = s.duplicate_of
            if s.kind == "attribution":
                # "— name (@handle) May 5, 2024" is an embed's line in the page's (Latin) locale: laid out
                # left to right even when the name is Arabic; an Arabic date means an Arabic-locale embed.
                extra["dir"] = "rtl" if has_arabic(str(s.meta.get("date_text") or "")) else "ltr"
            blocks.append([u(s.start), u(s.end), s.kind, s.lang, extra])
        elif s.kind == "run" and s.lang != "und":
            runs.append([u(s.start), u(s.end), "rtl" if s.lang in RTL_LANGS else "ltr", s.lang])
    pairs = []
    for p in result.pairs:
        meta = p.meta or {}
        unit = getattr(p, "unit", None) or meta.get("unit")
        if unit is None and p.ar_segments and 0 <= p.ar_segments[0] < len(doc.segments):
            unit = doc.segments[p.ar_segments[0]].kind
        pairs.append(
            {
                "ar_span": list(p.ar_span),
                "en_span": list(p.en_span),
                "r": [u(p.ar_span[0]), u(p.ar_span[1]), u(p.en_span[0]), u(p.en_span[1])],
                "score": _round(p.score),
                "kind": getattr(p, "kind", None),
                "unit": unit,
                "meta": {k: str(meta[k]) for k in _PAIR_META if meta.get(k)},
                "evidence": p.evidence,
            }
        )
    unpaired = []
    for x in result.unpaired:
        best = getattr(x, "best_en_span", None)
        unpaired.append(
            {
                "ar_span": list(x.ar_span),
                "r": [u(x.ar_span[0]), u(x.ar_span[1])],
                "reason": x.reason,
                "best_score": _round(getattr(x, "best_score", None)),
                "best_en": [u(best[0]), u(best[1])] if best else None,
                "unit": doc.segments[x.segment].kind if 0 <= x.segment < len(doc.segments) else None,
            }
        )
    return {
        "schema": PAYLOAD_SCHEMA,
        "id": doc.id,
        "source": doc.source,
        "text": doc.text,
        "blocks": blocks,
        "runs": runs,
        "pairs": pairs,
        "unpaired": unpaired,
    }


def summary_entry(payload: dict[str, Any]) -> dict[str, Any]:
    """The index line of one document: id, source, length, and per pair ``[score, kind, unit, ar_start,
    ar_end, en_start, en_end]`` (code points, for decision keys), per unpaired segment its best score."""
    return {
        "id": payload["id"],
        "source": payload["source"],
        "chars": len(payload["text"]),
        "pairs": [[p["score"], p["kind"], p["unit"], *p["ar_span"], *p["en_span"]] for p in payload["pairs"]],
        "unpaired": [x["best_score"] for x in payload["unpaired"]],
    }
