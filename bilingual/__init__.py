"""bilingual: a toolkit for mixed Arabic-English text (segment, normalise, align, export)."""

from bilingual.align import Aligner, AlignmentResult, align
from bilingual.io import ReadFailure, iter_documents
from bilingual.model import Document, Segment
from bilingual.normalization import PROFILES, Normalizer, normalize, normalize_with_map
from bilingual.offsets import OffsetMap
from bilingual.pipeline import Pipeline, RunOptions, run
from bilingual.segment import segment, segment_text

__version__ = "0.1.0"

__all__ = [
    "PROFILES",
    "Aligner",
    "AlignmentResult",
    "Document",
    "Normalizer",
    "OffsetMap",
    "Pipeline",
    "ReadFailure",
    "RunOptions",
    "Segment",
    "__version__",
    "align",
    "iter_documents",
    "normalize",
    "normalize_with_map",
    "run",
    "segment",
    "segment_text",
]
