"""What every embed-format recogniser returns: where the attribution (or lead-in label) is on a line,
where the post's own text is on that line, and the post's metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BIDI_CHARS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@dataclass(frozen=True, slots=True)
class EmbedMatch:
    """One recognised attribution or lead-in on a line; spans are relative to the line.

    ``post`` is the post's text on the same line (trimmed; ``None`` if the line holds only the label),
    and ``post_side`` says where the post stands when it is not on the line: ``"before"`` (a dash line
    follows its tweet) or ``"after"`` (a lead-in label precedes the post or its translation)."""

    format: str
    label: tuple[int, int]
    post: tuple[int, int] | None
    post_side: str
    author: str | None = None
    handle: str | None = None
    date: str | None = None
    date_text: str | None = None
    url: str | None = None
    lang: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    before: tuple[int, int] | None = None  # text before a label in mid-line (a post it follows), trimmed

    def as_meta(self) -> dict[str, Any]:
        """The post metadata carried by tweet and attribution segments (empty fields left out, except
        author, handle and date, which tweets always carry)."""
        meta: dict[str, Any] = {"author": self.author, "handle": self.handle, "date": self.date}
        if self.url:
            meta["url"] = self.url
        return meta


def trim(line: str, start: int, end: int, strip: str = "") -> tuple[int, int]:
    """``(start, end)`` without surrounding white space, bidi marks and the characters in ``strip``."""
    while start < end and (line[start].isspace() or line[start] in BIDI_CHARS or line[start] in strip):
        start += 1
    while end > start and (line[end - 1].isspace() or line[end - 1] in BIDI_CHARS or line[end - 1] in strip):
        end -= 1
    return start, end
