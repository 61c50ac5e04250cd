"""The team-written gazetteer (``resources/gazetteer.tsv``): Arabic and English names of one entity."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bilingual.normalization import normalize
from bilingual.resources import read_text


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
