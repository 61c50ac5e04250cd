"""The HTML review of aligned documents, and the decisions that come back from it.

- :mod:`bilingual.review.payload`: what the page knows of one document (text, blocks, pairs, unpaired).
- :mod:`bilingual.review.page`: the page builder (one self-contained HTML file; CSS and JS in ``static/``).
- :mod:`bilingual.review.decisions`: reading ``decisions.jsonl`` and applying it to a corpus run.

>>> from bilingual.review import ReviewBuilder          # doctest: +SKIP
>>> with ReviewBuilder("review.html") as review:
...     for doc in docs:
...         review.add(doc, aligner.align(doc))
"""

from bilingual.review.decisions import (
    Decision,
    DecisionFilter,
    DecisionsError,
    read_decisions,
    write_decisions,
)
from bilingual.review.page import ReviewBuilder, ReviewStats, json_for_script, write_review_page
from bilingual.review.payload import document_payload, summary_entry

__all__ = [
    "Decision",
    "DecisionFilter",
    "DecisionsError",
    "ReviewBuilder",
    "ReviewStats",
    "document_payload",
    "json_for_script",
    "read_decisions",
    "summary_entry",
    "write_decisions",
    "write_review_page",
]
