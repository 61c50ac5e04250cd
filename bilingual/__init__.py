"""bilingual: a toolkit for mixed Arabic-English text (segment, normalise, align, export)."""

from bilingual.io import ReadFailure, iter_documents
from bilingual.model import Document, Segment
from bilingual.segment import segment, segment_text

__version__ = "0.1.0"

__all__ = [
    "Document",
    "ReadFailure",
    "Segment",
    "__version__",
    "iter_documents",
    "segment",
    "segment_text",
]
