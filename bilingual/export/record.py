"""The records every export format writes: :class:`ExportPair` (one parallel pair) and
:class:`UnpairedRecord` (an Arabic unit nobody translated), made from an alignment result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, asdict, dataclass, fields
from typing import TYPE_CHECKING, Any, TypeVar

from bilingual.labels import escape_label
from bilingual.normalization import Normalizer, get_normalizer

if TYPE_CHECKING:
    from bilingual.align import AlignmentResult
    from bilingual.model import Document

__all__ = ["ExportPair", "UnpairedRecord", "pairs_from_result", "unpaired_from_result"]

_R = TypeVar("_R", bound="_Record")


class _Record:
    """What every record shares: escaped ids and sources, and a round trip through a plain dict."""

    doc_id: str
    source: str

    def __post_init__(self) -> None:
        # One rule for ids and sources in every format (see bilingual.labels): no tab, line break or
        # control character reaches a column or an XML attribute.
        self.doc_id = escape_label(str(self.doc_id))
        self.source = escape_label(str(self.source))

    def to_dict(self) -> dict[str, Any]:
        """Every field, JSON-ready (how records cross process boundaries, and the JSONL schemas)."""
        return asdict(self)  # type: ignore[call-overload]

    @classmethod
    def from_dict(cls: type[_R], d: dict[str, Any]) -> _R:
        """Inverse of :meth:`to_dict` (unknown keys are ignored)."""
        names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass
class ExportPair(_Record):
    """One parallel segment with its metadata (the unit every export format writes)."""

    doc_id: str
    source: str
    ar: str
    en: str
    score: float
    ar_start: int
    ar_end: int
    en_start: int
    en_end: int
    author: str = ""
    handle: str = ""
    date: str = ""
    ar_raw: str = ""  # the Arabic as it stands in the document, when ``ar`` was normalised
    url: str = ""  # the post's status URL, when the Arabic is a post read from embed markup
    kind: str = "translation"  # from the aligner: translation, paraphrase, partial or gloss
    unit: str = "paragraph"  # the Arabic unit: tweet, paragraph, heading, joined, hashtag or phrase
    lang: str = "ar"  # the Arabic unit's language, as the segmenter found it

    def key(self) -> str:
        """What identical pairs share (for de-duplication across a corpus)."""
        return self.ar + "\t" + self.en

    @classmethod
    def from_fields(cls, values: Mapping[str, Any]) -> ExportPair:
        """A pair from a reader's fields by field name, as read (the TSV and TMX readers): the score and
        the offsets parsed as numbers (empty as 0); an absent field takes its default, ``""`` or 0 for
        those without one."""
        kw: dict[str, Any] = {}
        for f in fields(cls):
            number = _NUMBER_FIELDS.get(f.name)
            if f.name in values:
                v = values[f.name]
                kw[f.name] = number(v or 0) if number is not None else v
            elif f.default is MISSING:
                kw[f.name] = number(0) if number is not None else ""
        return cls(**kw)


_NUMBER_FIELDS: dict[str, type[float] | type[int]] = {
    "score": float,
    "ar_start": int,
    "ar_end": int,
    "en_start": int,
    "en_end": int,
}


@dataclass
class UnpairedRecord(_Record):
    """An Arabic unit the aligner left without English: where it is, who wrote it, its best candidate
    and why it was left (one line of ``unpaired.jsonl``)."""

    doc_id: str
    source: str
    text: str
    ar_start: int
    ar_end: int
    reason: str
    unit: str = "paragraph"
    lang: str = "ar"
    author: str = ""
    handle: str = ""
    date: str = ""
    url: str = ""
    best_en: str = ""  # the best English candidate's text ("" when there was none)
    best_en_start: int | None = None
    best_en_end: int | None = None
    best_score: float | None = None
    text_raw: str = ""  # the Arabic as it stands in the document, when ``text`` was normalised


def _segment_info(
    doc: Document | None, index: int | None, span: tuple[int, int] | None = None
) -> tuple[str, str, dict[str, Any]]:
    """(kind, language, meta) of segment ``index`` of ``doc``: its block's kind and meta (a tweet's author),
    or ``sentence`` when ``span`` is only part of the block (an inline unit)."""
    if doc is None or index is None or not 0 <= index < len(doc.segments):
        return "", "", {}
    seg = doc.segments[index]
    block = seg
    while block.parent is not None:
        block = doc.segments[block.parent]
    meta = dict(block.meta)
    meta.update(seg.meta)
    inline = span is not None and (span[0] > block.start or span[1] < block.end) and block.kind != "tweet"
    return ("sentence" if inline else block.kind), seg.lang, meta


def pairs_from_result(
    result: AlignmentResult, normalize: str | Normalizer | None = None, doc: Document | None = None
) -> list[ExportPair]:
    """The export records of one document's alignment, the Arabic normalised with ``normalize`` if given.
    With the segmented ``doc``, each pair also carries its Arabic unit's language."""
    norm = get_normalizer(normalize) if normalize else None
    out = []
    for p in result.pairs:
        ar = norm(p.ar) if norm else p.ar
        _kind, lang, _meta = _segment_info(doc, p.ar_segments[0] if p.ar_segments else None)
        out.append(
            ExportPair(
                result.doc_id,
                result.source,
                ar,
                p.en,
                round(p.score, 4),
                p.ar_span[0],
                p.ar_span[1],
                p.en_span[0],
                p.en_span[1],
                str(p.meta.get("author") or ""),
                str(p.meta.get("handle") or ""),
                str(p.meta.get("date") or ""),
                p.ar if norm and ar != p.ar else "",
                str(p.meta.get("url") or ""),
                p.kind,
                p.unit,
                lang or "ar",
            )
        )
    return out


def _unit_of(kind: str, text: str) -> str:
    if kind in ("tweet", "heading", "paragraph"):
        return kind
    if kind in ("sentence", "run"):
        return "hashtag" if text.startswith("#") else "phrase"
    return kind or "paragraph"


def unpaired_from_result(
    result: AlignmentResult, doc: Document | None = None, normalize: str | Normalizer | None = None
) -> list[UnpairedRecord]:
    """The Arabic units ``result`` left unpaired, with author, handle and date (from the segmented ``doc``,
    when given), the best English candidate and its score, and the reason."""
    norm = get_normalizer(normalize) if normalize else None
    out = []
    for u in result.unpaired:
        kind, lang, meta = _segment_info(doc, u.segment, u.ar_span)
        best_en = ""
        if u.best_en_span is not None and doc is not None:
            best_en = doc.text[u.best_en_span[0] : u.best_en_span[1]]
        text = norm(u.ar) if norm else u.ar
        out.append(
            UnpairedRecord(
                result.doc_id,
                result.source,
                text,
                u.ar_span[0],
                u.ar_span[1],
                u.reason,
                _unit_of(kind, u.ar),
                lang or "ar",
                str(meta.get("author") or ""),
                str(meta.get("handle") or ""),
                str(meta.get("date") or ""),
                str(meta.get("url") or ""),
                best_en,
                u.best_en_span[0] if u.best_en_span else None,
                u.best_en_span[1] if u.best_en_span else None,
                round(u.best_score, 4) if u.best_score is not None else None,
                u.ar if norm and text != u.ar else "",
            )
        )
    return out
