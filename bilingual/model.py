"""The one data model every stage shares: a :class:`Document` and its :class:`Segment` list.

Invariant: ``doc.text[seg.start:seg.end] == seg.text`` for every segment of every document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "BLOCK_KINDS",
    "CHILD_KINDS",
    "KINDS",
    "SCHEMA_VERSION",
    "Document",
    "InvalidTextError",
    "Segment",
    "check_text",
]


SCHEMA_VERSION = 1

# Block-level kinds (one per paragraph-like unit of the text) and the kinds nested inside them.
BLOCK_KINDS = ("paragraph", "heading", "byline", "tweet", "attribution", "furniture")
CHILD_KINDS = ("sentence", "run")
KINDS = BLOCK_KINDS + CHILD_KINDS


class InvalidTextError(ValueError):
    """Text that cannot be a document (for example one holding lone surrogates)."""


def check_text(text: str) -> str:
    """Return ``text`` unchanged, or raise :class:`InvalidTextError` if it is not valid Unicode text."""
    if not isinstance(text, str):
        raise InvalidTextError(f"document text must be str, not {type(text).__name__}")
    try:
        text.encode("utf-8")  # in C, several times faster than searching for surrogates with a regex
    except UnicodeEncodeError as e:
        raise InvalidTextError(
            f"lone surrogate U+{ord(text[e.start]):04X} at offset {e.start}: text is not valid Unicode"
        ) from None
    return text


@dataclass(slots=True)
class Segment:
    """A span ``[start, end)`` of its document's text, with its kind, language and flags.

    ``parent`` is the index of the enclosing block segment (``None`` for blocks);
    ``duplicate_of`` is the index of the earlier segment this one repeats;
    ``meta`` holds kind-specific data (tweet author/handle/date, furniture reason, ...).
    """

    doc_id: str
    start: int
    end: int
    text: str
    kind: str
    lang: str = "und"
    flags: tuple[str, ...] = ()
    index: int = -1
    parent: int | None = None
    duplicate_of: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def is_block(self) -> bool:
        """True for paragraph-level segments (those without a parent)."""
        return self.parent is None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (see the schema in README)."""
        d: dict[str, Any] = {
            "index": self.index,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "lang": self.lang,
        }
        if self.flags:
            d["flags"] = list(self.flags)
        if self.parent is not None:
            d["parent"] = self.parent
        if self.duplicate_of is not None:
            d["duplicate_of"] = self.duplicate_of
        if self.meta:
            d["meta"] = dict(self.meta)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any], doc_id: str) -> Segment:
        """Inverse of :meth:`to_dict`."""
        return cls(
            doc_id=doc_id,
            start=int(d["start"]),
            end=int(d["end"]),
            text=d["text"],
            kind=d["kind"],
            lang=d.get("lang", "und"),
            flags=tuple(d.get("flags", ())),
            index=int(d.get("index", -1)),
            parent=d.get("parent"),
            duplicate_of=d.get("duplicate_of"),
            meta=dict(d.get("meta", {})),
        )


@dataclass(slots=True)
class Document:
    """A text with an id, where it came from, free metadata, and (once segmented) its segments."""

    id: str
    text: str
    source: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    segments: list[Segment] = field(default_factory=list)

    def __post_init__(self) -> None:
        check_text(self.text)

    def blocks(self) -> list[Segment]:
        """The block-level segments (paragraphs, headings, tweets, ...) in document order."""
        return [s for s in self.segments if s.parent is None]

    def children(self, seg: Segment) -> list[Segment]:
        """The segments directly inside ``seg``."""
        return [s for s in self.segments if s.parent == seg.index]

    def of_kind(self, *kinds: str) -> list[Segment]:
        """The segments of the given kinds, in document order."""
        return [s for s in self.segments if s.kind in kinds]

    def validate(self) -> None:
        """Raise ``ValueError`` if any segment breaks the offset invariant or points nowhere."""
        n = len(self.segments)
        for i, s in enumerate(self.segments):
            if s.index != i:
                raise ValueError(f"{self.id}: segment {i} has index {s.index}")
            if not (0 <= s.start <= s.end <= len(self.text)):
                raise ValueError(f"{self.id}: segment {i} span {s.start}:{s.end} outside text")
            if self.text[s.start : s.end] != s.text:
                raise ValueError(f"{self.id}: segment {i} text does not match text[{s.start}:{s.end}]")
            for ref in (s.parent, s.duplicate_of):
                if ref is not None and not (0 <= ref < n):
                    raise ValueError(f"{self.id}: segment {i} refers to missing segment {ref}")

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict: the document with its text and segments."""
        return {
            "schema": SCHEMA_VERSION,
            "id": self.id,
            "source": self.source,
            "metadata": dict(self.metadata),
            "text": self.text,
            "segments": [s.to_dict() for s in self.segments],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        """Inverse of :meth:`to_dict`; checks the offset invariant."""
        doc_id = str(d["id"])
        doc = cls(
            id=doc_id,
            text=d["text"],
            source=d.get("source", ""),
            metadata=dict(d.get("metadata", {})),
            segments=[Segment.from_dict(s, doc_id) for s in d.get("segments", [])],
        )
        doc.validate()
        return doc
