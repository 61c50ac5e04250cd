"""Renderings of a post broken over lines: one English paragraph for two or three Arabic lines that each
end a sentence (``انقطعت الكهرباء طوال الليل .`` / ``وفي الصباح ذهب الأطفال إلى المدرسة.``).

Each line is a block and a unit of its own, so the aligner pairs the English with one line and leaves
the next unpaired. A pair takes in an unpaired Arabic line right next to its Arabic (no block between)
when that line's words show up in the English (a lexicon gloss or a name) and the English is far too
long for the line it has but fits the lines together.
"""

from __future__ import annotations

import math
from typing import Any

from bilingual.align.gloss import _ar_words, _lexical, _names
from bilingual.align.results import AlignmentResult
from bilingual.lang import NOT_ARABIC
from bilingual.model import Document
from bilingual.script import last_visible, letter_counts

# English characters per Arabic character in a rendering (the middle of align-dev's pairs).
TYPICAL_RATIO = 1.2
# The lines together must fit the English this much better (in |log ratio|) than the line alone.
MIN_GAIN = 0.1
# Share of the neighbour's Arabic words that must have a gloss in the English.
MIN_LEX = 0.2
MAX_LINES = 3


def _misfit(en_len: int, ar_len: int) -> float:
    return abs(math.log(max(1, en_len) / max(1, ar_len)) - math.log(TYPICAL_RATIO))


def widen_over_lines(doc: Document, result: AlignmentResult, lexicon: Any) -> None:
    """Extend block pairs over the adjacent unpaired Arabic lines their English also renders, in place."""
    if lexicon is None:
        return
    text = doc.text
    blocks = doc.blocks()
    at = {b.index: n for n, b in enumerate(blocks)}
    unpaired = {u.segment: u for u in result.unpaired}
    for p in result.pairs:
        if p.kind == "gloss" or not p.ar_segments or any(s not in at for s in p.ar_segments):
            continue
        en_len = p.en_span[1] - p.en_span[0]
        while len(p.ar_segments) < MAX_LINES:
            lo, hi = at[p.ar_segments[0]], at[p.ar_segments[-1]]
            best = None
            for n in (hi + 1, lo - 1):
                if not 0 <= n < len(blocks):
                    continue
                b = blocks[n]
                if b.index not in unpaired or b.lang in NOT_ARABIC or b.kind not in ("paragraph", "tweet"):
                    continue
                n_ar, n_la, _ = letter_counts(b.text)
                if n_ar <= n_la or (n < lo and last_visible(b.text) in ":："):
                    continue  # not Arabic, or a label that introduces the post ("إقرأ باللغة العربية:")
                start, end = min(p.ar_span[0], b.start), max(p.ar_span[1], b.end)
                gain = _misfit(en_len, p.ar_span[1] - p.ar_span[0]) - _misfit(en_len, end - start)
                words = _ar_words(b.text)
                if gain < MIN_GAIN or not words:
                    continue
                lex_ar = _lexical(words, p.en, lexicon)[0]
                if lex_ar < MIN_LEX and _names(words, p.en) == 0:
                    continue
                if best is None or gain > best[0]:
                    best = (gain, b, start, end)
            if best is None:
                break
            _, b, start, end = best
            del unpaired[b.index]
            p.evidence.setdefault("ar_lines_joined", []).append(b.index)
            p.ar_span, p.ar = (start, end), text[start:end]
            p.ar_segments = tuple(sorted((*p.ar_segments, b.index), key=lambda s: at[s]))
            p.unit = "joined"
    result.unpaired = [u for u in result.unpaired if u.segment in unpaired or u.segment not in at]
