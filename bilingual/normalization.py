"""Arabic orthographic normalisation as named, composable profiles, with offset maps back to the original.

Profiles (see README for before/after examples):

- ``dediac``: compose hamza/madda onto their carrier, then delete Arabic diacritics and Quranic marks.
- ``orthographic``: dediac + delete tatweel + أ إ آ ٱ ٲ ٳ → ا + ى → ي + ة → ه.
- ``unicode``: NFKC of Arabic presentation forms, delete bidi/zero-width controls (ZWJ kept inside
  emoji sequences, ZWNJ kept), NFC over Arabic runs. Letters, diacritics, digits stay.
- ``search``: unicode + orthographic + delete ZWNJ, expand ﷽, ؤ → و, ئ → ي, delete stray hamza marks,
  Persian/Urdu letters to Arabic (ک ی ے ھ ہ ۀ ە ۃ), Arabic-Indic/Persian digits to ASCII, Arabic
  punctuation to ASCII.

Every profile is idempotent, leaves every character outside the Arabic script unchanged (only
``unicode``/``search`` delete invisible controls) and never touches white space or case.

camel-tools is the reference for what its functions cover, and the tests check equality with
them: ``normalize_alef_maksura_ar`` (ى → ي) and ``normalize_teh_marbuta_ar`` (ة → ه) equal our steps;
``dediac_ar`` and ``normalize_alef_ar`` cover less than the spec asks. ``dediac_ar`` deletes only
U+064B–0652 and U+0670, not the Quranic marks or U+0610–061A. ``normalize_alef_ar`` leaves ٲ ٳ.
Our own tables fill in the rest. The fast path is regex deletion plus ``str.replace``, the same
technique as camel-tools, so it matches the chain's speed while doing one pass fewer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from functools import lru_cache
from itertools import accumulate, islice, repeat
from operator import add

import unicodedata2

from bilingual.offsets import OffsetMap, Region, compose_regions
from bilingual.script import ARABIC_SCRIPT, class_code_points

__all__ = [
    "PROFILES",
    "PROFILE_HELP",
    "Normalizer",
    "describe_changes",
    "get_normalizer",
    "normalize",
    "normalize_with_map",
]


# --- Character sets -------------------------------------------------------------------------------

# The dediac deletion set, less U+0653 (madda above), which must first get its chance to compose.
_DIACRITICS = (
    "\u0610-\u061a\u064b-\u0652\u0656-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u08d3-\u08e1\u08e3-\u08ff"
)
_MADDA_HAMZA = "\u0653\u0654\u0655"
# Every combining mark of the Arabic script (what may follow a base letter in one cluster).
_ARABIC_MARKS = _DIACRITICS + _MADDA_HAMZA
_CONTROLS = "\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
_ZWJ, _ZWNJ, _TATWEEL = "\u200d", "\u200c", "\u0640"
_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
# Pictographs (and the emoji modifiers/variation selector that may end one) around a ZWJ that joins them.
_PICTO_AFTER = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2\u25aa-\u27bf\u2934\u2935"
    "\u2b05-\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001faff"
)
# An emoji ZWJ sequence (kept whole, and atomic in the offset map: its ZWJs depend on their
# neighbours), or a ZWJ that joins no pictographs (deleted).
_ZWJ_RE = re.compile(
    f"(?P<seq>[{_PICTO_AFTER}][\ufe0f\u20e3\U0001f3fb-\U0001f3ff]*(?:\u200d[{_PICTO_AFTER}][\ufe0f\u20e3\U0001f3fb-\U0001f3ff]*)+)"
    "|\u200d"
)

# Arabic-script characters whose combining class or decomposition the standard library's Unicode
# version (14 in Python 3.11) does not know yet, unlike unicodedata2's.
_NEWER_MARKS_RE = re.compile("[\u0897\U00010ec0-\U00010eff]")
_ALEF_VARIANTS = "\u0623\u0625\u0622\u0671\u0672\u0673"  # أ إ آ ٱ ٲ ٳ
_BASMALA = "\ufdfd"
_BASMALA_TEXT = "بسم الله الرحمن الرحيم"
_PERSIAN_URDU = {
    "\u06a9": "\u0643",  # ک → ك
    "\u06cc": "\u064a",  # ی → ي
    "\u06d2": "\u064a",  # ے → ي
    "\u06be": "\u0647",  # ھ → ه
    "\u06c1": "\u0647",  # ہ → ه
    "\u06c0": "\u0647",  # ۀ → ه
    "\u06d5": "\u0647",  # ە → ه
    "\u06c3": "\u0647",  # ۃ → ه
}
_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {chr(0x06F0 + i): str(i) for i in range(10)}
_PUNCTUATION = {"،": ",", "؛": ";", "؟": "?", "٪": "%", "٫": ".", "٬": ",", "۔": "."}
_HAMZA_CARRIERS = {"\u0624": "\u0648", "\u0626": "\u064a"}  # ؤ → و, ئ → ي


@dataclass(frozen=True, slots=True)
class Normalizer:
    """A normaliser built from individual switches; the named profiles are presets of these."""

    presentation_forms: bool = False  # NFKC of U+FB50–FDFF, U+FE70–FEFF, per character
    controls: bool = False  # delete bidi and zero-width controls (ZWJ kept between pictographs)
    zwnj: bool = False  # delete ZWNJ too
    compose: bool = True  # NFC over Arabic runs: hamza/madda onto their carrier
    diacritics: bool = False  # delete harakat, Quranic marks, dagger alef
    tatweel: bool = False  # delete tatweel
    alef: bool = False  # أ إ آ ٱ ٲ ٳ → ا
    alef_maksura: bool = False  # ى → ي
    teh_marbuta: bool = False  # ة → ه
    basmala: bool = False  # ﷽ → بسم الله الرحمن الرحيم
    hamza_carriers: bool = False  # ؤ → و, ئ → ي
    stray_hamza: bool = False  # delete U+0654/0655 left standing alone
    persian_urdu: bool = False  # ک → ك, ی ے → ي, ھ ہ ۀ ە ۃ → ه
    digits: bool = False  # ٠-٩ ۰-۹ → 0-9
    punctuation: bool = False  # ، ؛ ؟ ٪ ٫ ٬ ۔ → , ; ? % . , .

    def __call__(self, text: str) -> str:
        """Normalise ``text``."""
        # The plan by the normaliser's identity: hashing the 15 switches for the lru_cache on every call
        # cost more than a short text's normalisation.
        entry = _plans_by_id.get(id(self))
        if entry is None or entry[0] is not self:
            if len(_plans_by_id) >= 256:  # normalisers made on the fly: keep the table small
                _plans_by_id.clear()
            entry = _plans_by_id[id(self)] = (self, _plan(self))
        return entry[1].run(text, with_map=False)[0]

    def with_map(self, text: str) -> tuple[str, OffsetMap]:
        """Normalise ``text`` and return the offset map from the output back to ``text``."""
        out, m = _plan(self).run(text, with_map=True)
        assert m is not None
        return out, m

    def switches(self) -> dict[str, bool]:
        """The switch values by name."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


_DEDIAC = Normalizer(compose=True, diacritics=True)
_ORTHOGRAPHIC = replace(_DEDIAC, tatweel=True, alef=True, alef_maksura=True, teh_marbuta=True)
_UNICODE = Normalizer(presentation_forms=True, controls=True, compose=True)
_SEARCH = replace(
    _ORTHOGRAPHIC,
    presentation_forms=True,
    controls=True,
    zwnj=True,
    basmala=True,
    hamza_carriers=True,
    stray_hamza=True,
    persian_urdu=True,
    digits=True,
    punctuation=True,
)
PROFILES: dict[str, Normalizer] = {
    "dediac": _DEDIAC,
    "orthographic": _ORTHOGRAPHIC,
    "unicode": _UNICODE,
    "search": _SEARCH,
}
PROFILE_HELP = {
    "dediac": "compose hamza/madda, delete diacritics and Quranic marks (tatweel, letters, digits stay)",
    "orthographic": "dediac + delete tatweel, أ إ آ ٱ ٲ ٳ → ا, ى → ي, ة → ه",
    "unicode": "presentation forms → letters (NFKC), delete bidi/zero-width controls, NFC; letters stay",
    "search": "unicode + orthographic + ؤ→و ئ→ي, Persian/Urdu letters, digits and punctuation to ASCII",
}


def get_normalizer(profile: str | Normalizer) -> Normalizer:
    """The normaliser for a profile name (or the normaliser itself); ValueError names the known profiles."""
    if isinstance(profile, Normalizer):
        return profile
    try:
        return PROFILES[profile]
    except KeyError:
        raise ValueError(f"unknown normalisation profile {profile!r}; choose one of {', '.join(PROFILES)}") from None


def normalize(text: str, profile: str | Normalizer = "orthographic") -> str:
    """Normalise the Arabic in ``text`` with a named profile (Latin text is left as it is)."""
    return get_normalizer(profile)(text)


def normalize_with_map(text: str, profile: str | Normalizer = "orthographic") -> tuple[str, OffsetMap]:
    """Normalise and return ``(output, OffsetMap)``; ``map.to_original((s, e))`` gives the source span."""
    return get_normalizer(profile).with_map(text)


# --- Execution plan -------------------------------------------------------------------------------

Step = Callable[[str, bool], tuple[str, list[Region] | None]]


def _sub_step(rx: re.Pattern[str], repl: Callable[[re.Match[str]], str] | str, atomic: str | None = None) -> Step:
    """A regex substitution that, on request, also reports the regions it changed (and, for matches
    of the named group ``atomic``, the regions it kept but whose parts must not be split)."""

    def run(text: str, with_map: bool) -> tuple[str, list[Region] | None]:
        if not with_map:
            return rx.sub(repl, text), None
        pieces: list[str] = []
        regions: list[Region] = []
        pos = out = 0
        for m in rx.finditer(text):
            s, e = m.span()
            rep = repl if isinstance(repl, str) else repl(m)
            if rep == m.group() and (atomic is None or m.group(atomic) is None):
                continue
            pieces.append(text[pos:s])
            out += s - pos
            pieces.append(rep)
            regions.append((s, e, out, out + len(rep)))
            out += len(rep)
            pos = e
        pieces.append(text[pos:])
        return "".join(pieces), regions

    return run


def _delete_step(chars: str) -> Step:
    """Delete a character class. With a map: split on single characters (no capture group: as cheap
    as the substitution); each split point is one deleted character, so the regions follow from the
    pieces' cumulative lengths, built by C-level accumulation rather than a Python loop."""
    one = re.compile(f"[{chars}]")
    few = "".join(map(chr, class_code_points(chars)))
    few = few if len(few) <= 16 else ""

    def run(text: str, with_map: bool) -> tuple[str, list[Region] | None]:
        if not with_map:
            if few:
                # A few characters (the controls alone, as in unicode): an `in` test each and a C replace
                # of those present beat a regex pass about 3x (a right-to-left mark ends many a line).
                for c in few:
                    if c in text:
                        text = text.replace(c, "")
                return text, None
            return one.sub("", text), None
        if few and not any(c in text for c in few):
            return text, []
        pieces = one.split(text)
        n = len(pieces) - 1
        if not n:
            return text, []
        out_pos = list(accumulate(map(len, islice(pieces, n))))  # output offset of each deletion
        orig_s = list(map(add, out_pos, range(n)))  # n deleted characters precede the n-th
        regions = list(zip(orig_s, map(add, orig_s, repeat(1)), out_pos, out_pos, strict=True))
        return "".join(pieces), regions

    return run


def _replace_step(table: dict[str, str]) -> Step:
    """One-to-one character replacements (the length never changes, so no regions). ``str.replace``
    per source character: on this text it is about 30x faster than a regex pass over a class."""
    items = list(table.items())

    def run(text: str, with_map: bool) -> tuple[str, list[Region] | None]:
        for a, b in items:
            text = text.replace(a, b)
        return text, ([] if with_map else None)

    return run


def _chars_gate(chars: str) -> Callable[[str], bool]:
    """A gate that opens when any of ``chars`` occurs (``in`` tests are far cheaper than a regex scan)."""
    if len(chars) == 1:
        return lambda text: chars in text
    return lambda text: any(c in text for c in chars)


def _regex_gate(rx: re.Pattern[str]) -> Callable[[str], bool]:
    return lambda text: rx.search(text) is not None


@dataclass(frozen=True)
class _Plan:
    steps: tuple[tuple[Callable[[str], bool] | None, Step], ...]  # (gate: run the step only if true, step)

    def run(self, text: str, with_map: bool) -> tuple[str, OffsetMap | None]:
        orig_len = len(text)
        if text.isascii():  # no Arabic script and no invisible control: nothing for any switch to do
            return text, (OffsetMap.identity(orig_len) if with_map else None)
        acc: list[Region] = []
        for gate, step in self.steps:
            if gate is not None and not gate(text):
                continue
            text, regions = step(text, with_map)
            if regions:
                acc = compose_regions(acc, regions) if acc else regions
        return text, (OffsetMap(acc, orig_len, len(text)) if with_map else None)


def _nfkc_table() -> dict[str, str]:
    table = {}
    for cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFEFF)):
        ch = chr(cp)
        n = unicodedata2.normalize("NFKC", ch)
        if n != ch:
            table[ch] = n
    return table


_plans_by_id: dict[int, tuple[Normalizer, _Plan]] = {}  # holds the normaliser, so its id is not reused


@lru_cache(maxsize=64)
def _plan(n: Normalizer) -> _Plan:
    steps: list[tuple[Callable[[str], bool] | None, Step]] = []
    if n.presentation_forms:
        nfkc = _nfkc_table()
        expand = _sub_step(_PRESENTATION_RE, lambda m: nfkc.get(m.group(), m.group()))
        steps.append((_presentation_gate, expand))
    if n.controls:
        steps.append((_chars_gate(_ZWJ), _sub_step(_ZWJ_RE, lambda m: m.group("seq") or "", atomic="seq")))
    # Deletions that must happen before composing (so that a deleted mark or tatweel between a
    # carrier and its hamza cannot leave a composable pair for a second run: idempotence).
    deletable = ""
    if n.controls:
        deletable += _CONTROLS
    if n.zwnj:
        deletable += _ZWNJ
    if n.tatweel:
        deletable += _TATWEEL
    if n.diacritics:
        deletable += _DIACRITICS
    if deletable:
        steps.append((None, _delete_step(deletable)))  # no gate: the step tests a few characters itself
    table: dict[str, str] = {}
    if n.alef:
        table |= dict.fromkeys(_ALEF_VARIANTS, "\u0627")
    if n.alef_maksura:
        table["\u0649"] = "\u064a"
    if n.teh_marbuta:
        table["\u0629"] = "\u0647"
    if n.hamza_carriers:
        table |= _HAMZA_CARRIERS
    if n.persian_urdu:
        table |= _PERSIAN_URDU
    if n.digits:
        table |= _DIGITS
    if n.punctuation:
        table |= _PUNCTUATION
    if n.compose or n.diacritics or n.stray_hamza:
        fix = _cluster_fixer(n, table)
        cluster_rx = re.compile(f"([^{_ARABIC_MARKS}]?)([{_ARABIC_MARKS}]+)")
        # With diacritics kept (unicode), NFC may also reorder marks: open the gate for any mark pair.
        gate = (
            _regex_gate(re.compile(f"[{_MADDA_HAMZA}]|[{_ARABIC_MARKS}]{{2,}}"))
            if not n.diacritics
            else _chars_gate(_MADDA_HAMZA)
        )
        if not n.diacritics and not n.stray_hamza and not table:
            # Marks kept and no letter mapped (unicode): the step is NFC over Arabic runs, so a text that
            # is NFC as a whole has nothing for it to do. Checking that is one C call; most real text,
            # vocalised or not, is NFC, and the per-cluster pass was 80-95% of this profile's time.
            # unicodedata2 has no is_normalized; the standard library's has, on an older Unicode version,
            # so marks it does not know yet count as "not normalised" (tests/test_normalize.py lists them).
            # The marks regex is not asked first: on vocalised text it always opens, and where it would
            # not (no madda or hamza mark, no two marks in a row) NFC of the Arabic runs changes nothing
            # (no other Arabic character composes or decomposes canonically), so opening the gate there
            # too changes no output.

            def gate(text: str) -> bool:
                return not unicodedata.is_normalized("NFC", text) or _NEWER_MARKS_RE.search(text) is not None

        cluster_step = _sub_step(cluster_rx, fix)
        if not n.diacritics and not n.stray_hamza and not table:
            steps.append((gate, _nfc_runs_step(cluster_step)))
        else:
            steps.append((gate, cluster_step))
    if n.basmala:
        steps.append((_chars_gate(_BASMALA), _sub_step(re.compile(_BASMALA), _BASMALA_TEXT)))
    if table:
        steps.append((None, _replace_step(table)))
    return _Plan(tuple(steps))


# A run of Arabic script (letters, marks, digits, punctuation) and the spaces between its words.
_ARABIC_RUN_RE = re.compile(f"[{ARABIC_SCRIPT} ]+")
# Beside the Arabic, characters NFC never changes and that no mark composes with: ASCII, and the General
# Punctuation block less its two NFC singletons (U+2000, U+2001): dashes, quotes, bidi marks.
_NOT_ARABIC_OR_INERT_RE = re.compile(f"[^\x00-\x7f\u2002-\u206f{ARABIC_SCRIPT}]")


# Characters of plain Arabic text: ASCII, General Punctuation and the Arabic blocks but their presentation
# forms. Text with nothing else has no presentation form and nothing NFC changes beside the Arabic, and
# one scan for this answers both questions (two scans before).
_NOT_PLAIN_RE = re.compile("[^\x00-\x7f\u2002-\u206f\u0600-\u06ff\u0750-\u077f\u0870-\u08ff]")
_last_plain: list[str] = [""]  # the last text this scan found plain (compared by identity)


def _presentation_gate(text: str) -> bool:
    """Whether ``text`` may hold a presentation form (remembers a text found plain for the NFC step)."""
    if _NOT_PLAIN_RE.search(text) is None:
        _last_plain[0] = text
        return False
    return _PRESENTATION_RE.search(text) is not None


def _nfc_runs_step(cluster_step: Step) -> Step:
    """NFC over Arabic runs when nothing else happens to a cluster (the unicode profile). Without a map,
    each run goes through C NFC in one call: the same output as cluster by cluster (no two Arabic
    starters compose, and a space composes with no mark), at a fraction of the Python calls. With a
    map, cluster by cluster, so the map stays as fine as a cluster."""

    def nfc(m: re.Match[str]) -> str:
        return unicodedata2.normalize("NFC", m.group())

    def run(text: str, with_map: bool) -> tuple[str, list[Region] | None]:
        if with_map:
            return cluster_step(text, True)
        if _last_plain[0] is text or _NOT_ARABIC_OR_INERT_RE.search(text) is None:
            # Nothing beside the Arabic that NFC would change or compose (no non-Arabic mark either), so
            # NFC of the whole text is NFC of its Arabic runs, in one C call.
            return unicodedata2.normalize("NFC", text), None
        return _ARABIC_RUN_RE.sub(nfc, text), None

    return run


def _cluster_fixer(n: Normalizer, table: dict[str, str]) -> Callable[[re.Match[str]], str]:
    """NFC one base+marks cluster of an Arabic run, delete what the profile deletes among its marks,
    and map its letters, until nothing changes: a letter mapped later (آ → ا, ى → ي) could
    otherwise meet a hamza it composes with on a second run (idempotence). After a base outside the
    Arabic script the marks are an Arabic run of their own: they are put in canonical order alone and
    the base is left as it is (so a span that starts at the marks normalises the same way)."""
    arabic_base = re.compile(f"[{ARABIC_SCRIPT}]")

    def settle(s: str, letters: bool) -> str:
        for _ in range(4):
            prev = s
            if n.compose:
                s = unicodedata2.normalize("NFC", s)
            if n.diacritics:
                s = s.replace("\u0653", "")  # a madda that did not compose is a diacritic
            if n.stray_hamza:
                s = s.replace("\u0654", "").replace("\u0655", "")
            if letters and n.compose and table:
                s = "".join(table.get(c, c) for c in s)
            if s == prev:
                break
        return s

    def fix(m: re.Match[str]) -> str:
        base, marks = m.group(1), m.group(2)
        if base and arabic_base.match(base) is None:
            return base + settle(marks, letters=False)
        return settle(base + marks, letters=True)

    return fix


def _visible(s: str) -> str:
    """``s`` with invisible and combining characters shown as <U+XXXX NAME>."""
    out = []
    for c in s:
        cat = unicodedata2.category(c)
        if cat in ("Cf", "Mn", "Me", "Cc", "Zs") and c != " ":
            out.append(f"<U+{ord(c):04X} {unicodedata2.name(c, '?')}>")
        else:
            out.append(c)
    return "".join(out)


def describe_changes(text: str, profile: str | Normalizer = "orthographic") -> list[str]:
    """What a profile changes in ``text``, one ``offset: before → after`` item per change (for review)."""
    out, omap = normalize_with_map(text, profile)
    items: list[str] = []
    o_pos = n_pos = 0
    for o_s, o_e, n_s, n_e in [*omap.regions, (len(text), len(text), len(out), len(out))]:
        # One-to-one stretch before the region: report characters that differ.
        for k in range(o_s - o_pos):
            a, b = text[o_pos + k], out[n_pos + k]
            if a != b:
                items.append(f"{o_pos + k}: {_visible(a)} → {_visible(b)}")
        if (o_s, o_e) != (len(text), len(text)) or n_s != n_e:
            before, after = text[o_s:o_e], out[n_s:n_e]
            if before != after:
                items.append(f"{o_s}: {_visible(before)} → {_visible(after) if after else '∅'}")
        o_pos, n_pos = o_e, n_e
    return items
