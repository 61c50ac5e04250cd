"""Gloss pairs: signals of each (inline unit, English candidate), and the one-to-one choice among them.

Signals (:data:`GLOSS_FEATURES`): the embedding cosine of the two short texts and how it compares with the
unit's other candidates; Arabic words whose lexicon glosses meet the English words (hashtags split at
``_``), English words so covered, names whose consonant skeletons agree; the shape that produced the
candidate (bracket, quotation, trigger phrase, adjacent words), its distance, its length against the
Arabic's, and whether it runs to the edge of its clause. The weights are a logistic model fitted on
``real-dev`` (``scripts/fit_align.py``), stored beside the block model in ``resources/align_model.json``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bilingual.align.inline import GlossCandidate, InlineUnit
from bilingual.align.names import _en_stem
from bilingual.align.text import _AR_STOP, _AR_WORD_RE, _EN_STOP, _EN_WORD_RE
from bilingual.normalization import normalize
from bilingual.romanization import looks_transliterated
from bilingual.skeleton import arabic_skeleton_set, en_skeleton, skeleton_variants

GENERATORS = (
    "paren_after",
    "paren_around",
    "paren_before",
    "trigger",
    "quote_after",
    "words_before",
    "words_after",
    "run_before",
    "run_after",
)
GLOSS_FEATURES = (
    "cos",  # embedding cosine of the Arabic (hashtag underscores as spaces) and the English candidate
    "cos_rel",  # cos minus the best cos among this unit's candidates
    "lex_ar",  # share of the Arabic content words with a gloss among the English words
    "lex_en",  # share of the English content words some Arabic gloss covers
    "lex_rel",  # lex_ar minus the best lex_ar among this unit's candidates
    "names",  # share of the English capitalised words whose skeleton matches an Arabic word's
    *(f"gen_{g}" for g in GENERATORS),
    "quoted",  # the candidate is a quotation
    "trigger",  # a phrase such as "which translates as" / "meaning" introduces it
    "dist",  # log(1 + characters between the Arabic and the English)
    "len_ratio",  # |log((English words + 1) / (Arabic words + 1))|
    "clause_edge",  # the candidate runs to the edge of its clause (or is a whole bracket/quotation)
    "en_words",  # English words (scaled: / 8)
    "lex_zero",  # no Arabic word is matched lexically
    "translit",  # share of the English words, in lower case, that only transliterate the Arabic (salam for سلام)
)
EMBEDDING_GLOSS_FEATURES = ("cos", "cos_rel")
# Shapes that announce a gloss: a bracket or quotation beside the Arabic, or a phrase such as "meaning".
CUED_GENERATORS = frozenset({"paren_after", "paren_around", "paren_before", "trigger", "quote_after"})
# English that merely stands next to the Arabic (the words before it, the rest of its line) is a gloss only
# with evidence of shared meaning: an embedding cosine of at least this, or a lexicon, name or
# transliteration match. Next to a hashtag, a tweet's own words ("Mood #قيادة_المرأة") are no rendering.
UNCUED_MIN_COS = 0.4
BLOCKED_UNCUED = "no English near it is announced as its gloss or shares its meaning"
BLOCKED_ROMANIZATION = "the English near it only sounds it out (a romanization, not a rendering)"
_STOP_EDGE = re.compile(r"[.;:!?()\[\]{}\"“”«»|—–,\n*•·>-]")


@dataclass
class GlossCandidates:
    """Everything scored for the inline units of one document."""

    units: list[InlineUnit]
    cands: list[list[GlossCandidate]]
    index: list[tuple[int, int]]  # (unit, candidate) per row
    features: np.ndarray
    evidence: list[dict[str, Any]] = field(default_factory=list)
    # Each unit's text as compared for repeats (hashtag marks, underscores and diacritics aside).
    unit_keys: list[str] = field(default_factory=list)
    # Per row: why the candidate may not be chosen ("" when it may): BLOCKED_UNCUED (no cue and no shared
    # meaning, see UNCUED_MIN_COS) or BLOCKED_ROMANIZATION (it only sounds the Arabic out).
    blocked: list[str] = field(default_factory=list)


def prepared(text: str) -> str:
    """What the encoder and the word matcher read: hashtag marks and underscores as spaces."""
    return " ".join(text.replace("#", " ").replace("_", " ").split())


def _ar_words(text: str) -> list[str]:
    return [w for w in _AR_WORD_RE.findall(normalize(prepared(text), "dediac")) if w not in _AR_STOP]


def _en_words(text: str) -> list[str]:
    return _EN_WORD_RE.findall(prepared(text))


def _lexical(ar_words: list[str], en_text: str, lexicon: Any) -> tuple[float, float, list[str]]:
    """(share of Arabic words matched, share of English content words covered, the matched English words)."""
    stems = {_en_stem(w): w for w in _en_words(en_text) if w.lower() not in _EN_STOP and len(w) > 1}
    if lexicon is None or not ar_words:
        return 0.0, 0.0, []
    matched_en: set[str] = set()
    n_ar = 0
    for w in ar_words:
        glosses = {_en_stem(g) for g in lexicon.glosses(w)}
        hit = {
            st
            for st in stems
            if any(st == g or (min(len(st), len(g)) >= 4 and (st.startswith(g) or g.startswith(st))) for g in glosses)
        }
        if hit:
            n_ar += 1
            matched_en |= hit
    return n_ar / len(ar_words), len(matched_en) / max(1, len(stems)), sorted(stems[s] for s in matched_en)


def _names(ar_words: list[str], en_text: str) -> float:
    caps = [w for w in _en_words(en_text) if w[:1].isupper() and w.lower() not in _EN_STOP]
    if not caps:
        return 0.0
    ar_sk = arabic_skeleton_set(ar_words)
    hits = sum(1 for w in caps if not skeleton_variants(en_skeleton(w)).isdisjoint(ar_sk))
    return hits / len(caps)


def _translit_words(
    ar_words: list[str], en_text: str, matched: list[str], hyphen_parts: bool = False
) -> tuple[list[str], list[str]]:
    """(the English lower-case content words not matched by the lexicon, those of them that sound out an
    Arabic word: same consonant skeleton). With ``hyphen_parts``, a word also sounds it out when one of
    its hyphenated parts of three letters or more does ('fil-mishmish' for في المشمش)."""
    words = [w for w in _en_words(en_text) if w.islower() and w not in _EN_STOP and w not in matched]
    if not words:
        return [], []
    ar_sk = arabic_skeleton_set(ar_words)

    def sounds(word: str) -> bool:
        parts = [word, *(p for p in word.split("-") if len(p) >= 3)] if hyphen_parts and "-" in word else [word]
        return any(not skeleton_variants(en_skeleton(p)).isdisjoint(ar_sk) for p in parts)

    return words, [w for w in words if sounds(w)]


def _translit(ar_words: list[str], en_text: str, matched: list[str]) -> float:
    """Share of the English lower-case words that sound out an Arabic word (same consonant skeleton) and
    that the lexicon does not give as a gloss: a transliteration, not a rendering."""
    words, sounding = _translit_words(ar_words, en_text, matched)
    return len(sounding) / len(words) if words else 0.0


def doc_word_counts(text: str) -> Counter[str]:
    """How often each lower-case English word occurs in a document (see :func:`is_romanization_of`)."""
    return Counter(w for w in _EN_WORD_RE.findall(text) if w.islower())


def is_romanization_of(ar_text: str, en_text: str, doc_words: Counter[str], english: frozenset[str]) -> bool:
    """``en_text`` only sounds ``ar_text`` out (see :func:`_is_romanization`; no lexicon match assumed)."""
    return _is_romanization(_ar_words(ar_text), en_text, [], doc_words, english)


def _is_romanization(
    ar_words: list[str], en_text: str, matched: list[str], doc_words: Counter[str], english: frozenset[str]
) -> bool:
    """The English only sounds the Arabic out ('aysh ed-dor' for عايش الدور): at least half of its
    lower-case words transliterate it, and none of those is an English word (used again in the document,
    or known to the lexicon's English side); or its words bear a transliteration's marks
    (:func:`~bilingual.romanization.looks_transliterated`). A loanword ('hashtags' for الهاشتاجز) is English."""
    if looks_transliterated(en_text):  # 'zayy il-'oTTa l-miġammaDa': its marks say so
        return True
    # A romanization joins an article or preposition with a hyphen ('fil-mishmish' for في المشمش).
    words, sounding = _translit_words(ar_words, en_text, matched, hyphen_parts=True)
    if not sounding or 2 * len(sounding) < len(words):
        return False
    return not any(doc_words[w] > 1 or w in english for w in sounding)


def _clause_edge(text: str, c: GlossCandidate, unit: InlineUnit) -> float:
    if c.quoted or c.generator in ("paren_after", "paren_before"):
        return 1.0
    lo, hi = unit.block_span
    if c.start >= unit.end:  # after the Arabic: does it reach the end of the clause?
        rest = text[c.end : hi]
        return 1.0 if not rest.strip() or _STOP_EDGE.match(rest.lstrip(" ")) else 0.0
    before = text[lo : c.start]
    return 1.0 if not before.strip() or _STOP_EDGE.match(before.rstrip(" ")[-1:]) else 0.0


def gloss_features(
    text: str,
    units: list[InlineUnit],
    cands: list[list[GlossCandidate]],
    cos: list[np.ndarray],
    lexicon: Any,
) -> GlossCandidates:
    """The feature row (and evidence) of every candidate; ``cos[i]`` holds unit i's cosines, candidate order."""
    rows: list[list[float]] = []
    index: list[tuple[int, int]] = []
    evidence: list[dict[str, Any]] = []
    blocked: list[str] = []
    doc_words = doc_word_counts(text)
    english: frozenset[str] = lexicon.english_words if lexicon is not None else frozenset()
    for i, (u, cs) in enumerate(zip(units, cands, strict=True)):
        if not cs:
            continue
        ar_text = text[u.start : u.end]
        ar_words = _ar_words(ar_text)
        lex = [_lexical(ar_words, text[c.start : c.end], lexicon) for c in cs]
        best_cos = float(cos[i].max()) if len(cos[i]) else 0.0
        best_lex = max(x[0] for x in lex)
        n_ar = max(1, len(ar_words) or len(prepared(ar_text).split()))
        for j, c in enumerate(cs):
            en_text = text[c.start : c.end]
            lex_ar, lex_en, matched = lex[j]
            n_en = len(_en_words(en_text))
            row = [
                float(cos[i][j]),
                float(cos[i][j]) - best_cos,
                lex_ar,
                lex_en,
                lex_ar - best_lex,
                _names(ar_words, en_text),
                *(1.0 if c.generator == g else 0.0 for g in GENERATORS),
                1.0 if c.quoted else 0.0,
                1.0 if c.trigger else 0.0,
                math.log1p(c.distance),
                abs(math.log((n_en + 1) / (n_ar + 1))),
                _clause_edge(text, c, u),
                min(n_en, 8) / 8,
                1.0 if lex_ar == 0 else 0.0,
                _translit(ar_words, en_text, matched),
            ]
            rows.append(row)
            index.append((i, j))
            if not _supported(c, row):
                blocked.append(BLOCKED_UNCUED)
            elif (
                lex_ar == 0
                and row[_COLUMN["names"]] == 0
                and _is_romanization(ar_words, en_text, matched, doc_words, english)
            ):
                blocked.append(BLOCKED_ROMANIZATION)
            else:
                blocked.append("")
            ev: dict[str, Any] = {f: round(x, 4) for f, x in zip(GLOSS_FEATURES, row, strict=True) if x}
            ev["generator"] = c.generator
            if matched:
                ev["matched_words"] = matched
            evidence.append(ev)
    feats = np.array(rows, dtype=np.float64).reshape(len(rows), len(GLOSS_FEATURES))
    keys = [" ".join(_ar_words(text[u.start : u.end])) or text[u.start : u.end] for u in units]
    return GlossCandidates(units, cands, index, feats, evidence, keys, blocked)


_COLUMN = {f: n for n, f in enumerate(GLOSS_FEATURES)}


def _supported(c: GlossCandidate, row: list[float]) -> bool:
    """A cue announces ``c`` as a gloss, or its feature ``row`` shows meaning shared with the unit."""
    if c.generator in CUED_GENERATORS or c.quoted or c.trigger:
        return True
    return (
        row[_COLUMN["cos"]] >= UNCUED_MIN_COS
        or row[_COLUMN["lex_ar"]] > 0
        or row[_COLUMN["names"]] > 0
        or row[_COLUMN["translit"]] > 0
    )


def select_gloss(
    gc: GlossCandidates, probs: np.ndarray, threshold: float, taken: list[tuple[int, int]]
) -> list[tuple[int, int, float]]:
    """One English span per inline unit and one unit per English span, greedily by probability, none below
    ``threshold``, none overlapping ``taken`` (English already paired) and none without a cue or shared
    meaning, nor a romanization (``gc.blocked``). Returns (unit, candidate, p)."""
    out: list[tuple[int, int, float]] = []
    used_units: set[int] = set()
    used_texts: set[str] = set()  # a repeated hashtag or phrase is glossed once, where it scores best
    spans = list(taken)
    for r in np.argsort(-probs, kind="stable"):
        p = float(probs[r])
        if p < threshold:
            break
        if gc.blocked and gc.blocked[r]:
            continue
        i, j = gc.index[r]
        key = gc.unit_keys[i] if gc.unit_keys else str(i)
        if i in used_units or key in used_texts:
            continue
        c = gc.cands[i][j]
        u = gc.units[i]
        if any(c.start < e and s < c.end for s, e in spans) or (c.start < u.end and u.start < c.end):
            continue
        used_units.add(i)
        used_texts.add(key)
        spans.append((c.start, c.end))
        out.append((i, j, p))
    return out
