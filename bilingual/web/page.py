"""A web page read but not yet extracted: the reader yields it, and whoever processes the document calls
:meth:`RawPage.load`. Corpus runs pass pages to their workers this way, so extraction (the costly part of
reading HTML) runs in parallel with ``--jobs`` and on Dask workers, while the reader only streams bytes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bilingual.io import ReadFailure
    from bilingual.model import Document


@dataclass(frozen=True, slots=True)
class RawPage:
    """One page's bytes, where they came from, and what is known of them before parsing."""

    source: str
    doc_id: str
    data: bytes
    url: str | None = None
    http_content_type: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    max_bytes: int | None = None  # the page size limit (MAX_HTML_BYTES when None)

    def load(self) -> Document | ReadFailure:
        """The page as a document (:func:`bilingual.web.html.html_document`), or why it cannot be one (for a
        WARC record, the reason names the record's URL)."""
        from bilingual.io import ReadFailure
        from bilingual.web.html import html_document

        doc = html_document(
            self.data,
            self.source,
            self.doc_id,
            url=self.url,
            http_content_type=self.http_content_type,
            metadata=dict(self.metadata),
            **({"max_bytes": self.max_bytes} if self.max_bytes else {}),
        )
        if isinstance(doc, ReadFailure) and self.metadata.get("warc_url"):
            return ReadFailure(doc.source, doc.doc_id, f"WARC record {self.metadata['warc_url']}: {doc.reason}")
        return doc
