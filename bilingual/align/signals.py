"""Per-candidate signals: lexical glosses, names, numbers, entities, structure; and the evidence behind them."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bilingual.align.features import PAIR_FEATURES
from bilingual.align.gazetteer import _gazetteer
from bilingual.align.names import _en_stem, _near, _prefixes
from bilingual.align.text import _AR_STOP, _AR_WORD_RE, _AYN_MARKS, _DIGITS, _EN_STOP, _EN_WORD_RE, _LEADIN_RE, _NUM_RE
from bilingual.align.units import Unit
from bilingual.model import Document
from bilingual.normalization import normalize
from bilingual.skeleton import ar_skeleton, drop_final_h, en_skeleton, set_variants, skeleton_variants


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
    matched_stems: set[str] = field(default_factory=set)  # the stems of stem_matches that match

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

    def matching(self, stems: frozenset[str]) -> AbstractSet[str]:
        """The English stems among ``stems`` that match a gloss (:meth:`matches`), by set operations on
        the stems already decided: a document's windows share their sentences' stems."""
        for stem in stems - self.stem_matches.keys():
            if self.matches(stem):
                self.matched_stems.add(stem)
        return stems & self.matched_stems

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
    skeleton_variants: frozenset[str]  # set_variants(skeletons)
    names: tuple[tuple[str, str], ...]  # (skeleton, stem) of each name-like word (see _en_names)
    numbers: frozenset[str]
    leadin: bool
    context: str  # the unit and its lead-in, lower-cased, for author/handle look-ups
    context_skeletons: frozenset[str]


def _numbers(text: str) -> frozenset[str]:
    t = normalize(text, _DIGITS)
    return frozenset(n.replace(",", "") for n in _NUM_RE.findall(t))


@lru_cache(maxsize=1 << 15)
def _gloss_entry(word: str, lexicon: Any) -> tuple[frozenset[str], frozenset[str], frozenset[str]] | None:
    """One Arabic word's glosses as (stems, their prefixes, their near-prefixes), or None when the lexicon
    does not know it (memoised: words repeat across units and documents)."""
    g = lexicon.glosses(word)
    if not g:
        return None
    stems = frozenset(_en_stem(x) for x in g)
    return stems, _prefixes(stems), frozenset(_near(x) for x in stems if len(x) >= 5)


def _ar_info(text: str, meta: dict[str, Any], lexicon: Any) -> _ArInfo:
    ortho = normalize(text, "search")
    words = _AR_WORD_RE.findall(normalize(text, "dediac"))
    glosses: list[tuple[frozenset[str], frozenset[str], frozenset[str]]] = []
    unknown: set[str] = set()
    if lexicon is not None:
        for w in words:
            if w in _AR_STOP:
                continue
            entry = _gloss_entry(w, lexicon)
            if entry is not None:
                glosses.append(entry)
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
    short = frozenset(sk for sk in all_skeletons | {drop_final_h(x) for x in all_skeletons} if len(sk) == 2)
    author = meta.get("author") or ""
    # Every word of the author's name, each as a skeleton: the English must hold all of them, since
    # one three-letter skeleton alone (الخطيب → ktb) turns up in any list of names.
    author_sk = frozenset(
        sk for w in _AR_WORD_RE.findall(normalize(author, "search")) if (sk := drop_final_h(ar_skeleton(w)))
    ) | frozenset(sk for w in _EN_WORD_RE.findall(author) if _is_name(w) and (sk := en_skeleton(w)))
    all_g: frozenset[str] = frozenset().union(*(g for g, _, _ in glosses)) if glosses else frozenset()
    all_p: frozenset[str] = frozenset().union(*(p for _, p, _ in glosses)) if glosses else frozenset()
    return _ArInfo(
        glosses,
        all_g,
        all_p,
        frozenset(entities),
        skeletons,
        set_variants(skeletons),
        short,
        frozenset(unknown),
        _numbers(text),
        author_sk,
        meta.get("handle"),
    )


_NAME_PARTICLE_RE = re.compile(r"(?:al|el|ad|as|ash|an|ar|at|ibn|bin|abu)-[A-Z]")


@lru_cache(maxsize=1 << 16)
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
    skeletons = frozenset().union(*(p.skeletons for p in parts))
    return _EnInfo(
        stems,
        frozenset().union(*(p.stem_prefixes for p in parts)),
        frozenset().union(*(p.entities for p in parts)),
        skeletons,
        set_variants(skeletons),
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
    matched = ai.matching(ei.stems)
    # Shares smoothed by one and two: a three-word sentence with one match is weak evidence, not 1/3 or 1/1.
    lex_ar = ai.glossed_words_matched(ei.stems, ei.stem_prefixes) / (len(ai.glosses) + 1)
    lex_en = len(matched) / (len(ei.stems) + 2)
    ents = ai.entities & ei.entities
    names = {sk for sk in ei.skeletons if not skeleton_variants(sk).isdisjoint(ai.skeleton_variants)}
    # English names the Arabic does not contain (as a look-alike, a gloss — Messenger, Prophet — or a
    # gazetteer entity) speak against the pair.
    unexplained = {
        sk
        for sk, stem in ei.names
        if stem not in matched
        and sk not in ai.author_skeletons  # "Qais al-Khazali said in a tweet …" names the post's author
        and (sk not in ai.short_skeletons if len(sk) == 2 else sk not in names)
    }
    n_unmatched = len(unexplained) - min(len(ents), len(unexplained))
    names_unmatched = n_unmatched / (len({sk for sk, _ in ei.names}) + 1)
    ar_unmatched = [sk for sk in ai.name_skeletons if skeleton_variants(sk).isdisjoint(ei.skeleton_variants)]
    ar_names_unmatched = max(0, len(ar_unmatched) - len(ents)) / (len(ai.name_skeletons) + 1)
    ar_numbers_unmatched = 1.0 if ai.numbers - ei.numbers else 0.0
    nums_union = ai.numbers | ei.numbers
    numbers = len(ai.numbers & ei.numbers) / len(nums_union) if ai.numbers and ei.numbers else 0.0
    num_clash = 1.0 if ai.numbers and ei.numbers and not (ai.numbers & ei.numbers) else 0.0
    ap, ep = a.positions, e.positions
    if ap[-1] < ep[0]:  # positions are ascending: most pairs lie wholly one side of the other
        gap = ep[0] - ap[-1]
    elif ep[-1] < ap[0]:
        gap = ap[0] - ep[-1]
    else:
        gap = min(abs(p - q) for p in ap for q in ep)
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
    if matched:
        evidence["matched_words"] = sorted(matched)[:20]
    if names:
        evidence["matched_names"] = sorted(names)
    if ents:
        evidence["matched_entities"] = len(ents)
    return row, evidence
