"""In-document mining: pair each Arabic unit (tweet, quote, inline phrase) with the English that renders it
in the same document, or leave it unpaired.

The parts, by file: ``units`` (the Arabic and English candidate units), ``names``, ``gazetteer`` and
``signals`` (the evidence of one candidate), ``features`` (the signal names the model weighs),
``model`` (the calibrated two-stage logistic model), ``select`` (one-to-one choice), ``layout`` (pairing
the lines of a line-by-line page by its layout), ``results``
(pairs and unpaired segments), and ``aligner`` (the pipeline that runs them for one document).
"""

from bilingual.align.aligner import Aligner, Candidates, align
from bilingual.align.features import EMBEDDING_FEATURES, FEATURES, STAGE2_FEATURES
from bilingual.align.model import AlignModel, rival_max, stage2_features
from bilingual.align.results import AlignedPair, AlignmentResult, UnpairedSegment
from bilingual.align.select import select
from bilingual.align.units import Unit, quoted_content

__all__ = [
    "EMBEDDING_FEATURES",
    "FEATURES",
    "STAGE2_FEATURES",
    "AlignModel",
    "AlignedPair",
    "Aligner",
    "AlignmentResult",
    "Candidates",
    "Unit",
    "UnpairedSegment",
    "align",
    "quoted_content",
    "rival_max",
    "select",
    "stage2_features",
]
