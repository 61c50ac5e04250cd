"""Property tests (issue 11) over random mixed documents: Arabic and Latin words, emoji sequences, bidi
controls, combining marks, presentation forms, every kind of line end, tweets' attribution lines.

- segmenting keeps every offset exact;
- every normalisation profile is idempotent on whole documents, its offset map is exact, and it
  gives the same text line by line (how ``bilingual normalize`` streams) as on the whole document;
- the aligner never raises, and every span it returns is exact;
- exporting to every format and reading back gives exactly what was written (less what a format
  cannot hold: characters XML forbids in TMX, line breaks in Moses lines), ids included.

Derandomised with a bounded number of examples: deterministic and fast.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bilingual import PROFILES, Aligner, Document, normalize, normalize_with_map, segment_text
from bilingual.export import ExportPair, read_jsonl, read_tmx, read_tsv
from bilingual.export.base import LINE_BREAKS_RE, XML_FORBIDDEN_RE
from bilingual.labels import UNSAFE_LABEL_RE, escape_label

from .test_export import write

ARABIC = ["قال", "الوزير", "إن", "الجسر", "سيفتح", "مستشفى", "مدرسةٌ", "أحمد", "ﻻ", "ﷺ", "جمـــيل", "پژوهش", "١٢٣"]
LATIN = ["The", "minister", "said", "U.S.", "Jan.", "café", "e\u0301", "ﬁne", "Mr.", "@Qais_alkhazali", "#Iraq"]
MARKS = ["\u064b", "\u064e", "\u0651", "\u0670", "\u0654", "\u0301", "\u0300"]
BIDI = ["\u200f", "\u200e", "\u061c", "\u202b", "\u202c", "\u202e", "\u2066", "\u2069", "\u200d", "\u200c", "\ufeff"]
EMOJI = ["👨\u200d👩\u200d👧", "🏳\ufe0f\u200d🌈", "👍🏽", "🇮🇶", "❤\ufe0f"]
PUNCT = [" ", " ", " ", ".", "،", "؟", "!", "…", "—", ":", '"', "«", "»", "(", ")", "\t", "\u00a0"]
BREAKS = ["\n", "\n", "\r\n", "\r", "\n\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"]
LINES = [
    "— قيس الخزعلي (@Qais_alkhazali) February 10, 2019",
    "— Ministry (@MoFA) ١٠ شباط ٢٠١٩",
    "https://t.co/abc pic.twitter.com/xyz",
    "Read More:",
    "The minister said the bridge will open in June.",
    "قال الوزير إن الجسر سيفتح في حزيران.",
]
ODD = st.text(st.characters(exclude_categories=("Cs",)), max_size=4)  # anything but lone surrogates
PIECES = st.one_of(
    st.sampled_from(ARABIC),
    st.sampled_from(LATIN),
    st.sampled_from(MARKS),
    st.sampled_from(BIDI),
    st.sampled_from(EMOJI),
    st.sampled_from(PUNCT),
    st.sampled_from(BREAKS),
    st.sampled_from(LINES),
    ODD,
)
DOCS = st.lists(PIECES, max_size=40).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(DOCS)
def test_segment_offsets_are_exact(text: str) -> None:
    doc = segment_text(text, "x")
    doc.validate()
    for s in doc.segments:
        assert text[s.start : s.end] == s.text and s.text
        if s.parent is not None:
            p = doc.segments[s.parent]
            assert p.start <= s.start <= s.end <= p.end
    for a, b in itertools.pairwise(doc.blocks()):
        assert a.end <= b.start


@SETTINGS
@given(DOCS)
def test_script_runs_never_cut_a_letter_from_its_marks(text: str) -> None:
    from bilingual.script import ARABIC_MARKS, LATIN_MARKS, script_runs

    marks = {"arabic": re.compile(f"[{ARABIC_MARKS}]"), "latin": re.compile(f"[{LATIN_MARKS}]")}
    runs = list(script_runs(text))
    for (_s, e, script), nxt in itertools.zip_longest(runs, runs[1:]):
        assert marks[script].match(text, e) is None  # the marks after the last letter are the run's
        assert nxt is None or e <= nxt[0]  # and runs still never overlap


_LINE_END_RE = re.compile(r"(?<=\n)")


@SETTINGS
@given(DOCS)
def test_folded_is_white_space_runs_as_one_space(text: str) -> None:
    # folded() joins str.split(); the rules were written against the regex definition of white space.
    from bilingual.furniture import folded

    assert folded(text) == re.sub(r"\s+", " ", text).strip()


# The segmenter's fast paths (issue 15) against the plain definitions they replace.
_LINE_BREAK_RE = re.compile(r"\r\n|[\n\r\u2028\u2029\x85\x0b\x0c]")
_LETTERS_AND_DIGITS = st.text(st.sampled_from("ab2357×÷é_ 1-عz9\u00c0'\u024fK\u212a\u0130\n"), max_size=30)


@SETTINGS
@given(DOCS)
def test_line_spans_are_the_text_between_line_breaks(text: str) -> None:
    from bilingual.segment import line_spans

    starts = [0, *(m.end() for m in _LINE_BREAK_RE.finditer(text))]
    ends = [*(m.start() for m in _LINE_BREAK_RE.finditer(text)), len(text)]
    assert line_spans(text) == list(zip(starts, ends, strict=True))


@SETTINGS
@given(st.one_of(DOCS, st.lists(st.sampled_from(["x" * 60, "y" * 70, " ", "\n", "\r", "\u2028", "\x85"])).map("".join)))
def test_hard_wrap_test_sees_long_lines_as_the_regex_does(text: str) -> None:
    from bilingual.segment import _looks_hard_wrapped, line_spans

    if re.search(r"[^\n\r]{121}", text):
        assert not _looks_hard_wrapped(text, line_spans(text))


@SETTINGS
@given(st.one_of(DOCS, _LETTERS_AND_DIGITS))
def test_ascii_words_and_arabizi_words_count_as_their_regexes(text: str) -> None:
    from bilingual.lang import _ARABIZI_WORD_RE, _arabizi_words, ascii_words

    assert [w.decode("ascii") for w in ascii_words(text)] == [w.lower() for w in re.findall("[A-Za-z]+", text)]
    assert _arabizi_words(text) == len(_ARABIZI_WORD_RE.findall(text))


@SETTINGS
@given(DOCS)
def test_letter_profile_fast_paths_count_as_str_translate(text: str) -> None:
    from bilingual import script

    long_text = text * (1 + script._NUMPY_MIN_CHARS // max(1, len(text)))
    ascii_text = text.encode("ascii", "replace").decode("ascii")
    for t in (text, long_text, ascii_text, ascii_text * 3):
        links = script.NON_LINGUISTIC_RE.search(t) or script._LINKS_RE.search(t)
        if links is None:  # the link-stripping step is shared by every path; compare what follows it
            assert script.letter_profile(t) == script._profile_by_table(t)


@SETTINGS
@given(DOCS, st.sampled_from(sorted(PROFILES)))
def test_normaliser_idempotent_exact_map_and_streamable(text: str, profile: str) -> None:
    out, omap = normalize_with_map(text, profile)
    assert out == normalize(text, profile)
    assert normalize(out, profile) == out
    # The offset map: spans that end at line ends of the output map back to text that normalises to them.
    ends = [0, *(m.end() for m in re.finditer("\n", out)), len(out)]
    for s, e in itertools.pairwise(ends):
        if omap.is_boundary(s) and omap.is_boundary(e):
            a, b = omap.to_original((s, e))
            assert normalize(text[a:b], profile) == out[s:e]
    # bilingual normalize streams line by line (LF-terminated lines): the same text.
    assert "".join(normalize(line, profile) for line in _LINE_END_RE.split(text)) == out


@pytest.fixture(scope="module")
def plain_aligner() -> Aligner:
    return Aligner(encoder="none")


@settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(LINES), DOCS), min_size=1, max_size=8).map("\n".join))
def test_align_never_raises_and_spans_are_exact(plain_aligner: Aligner, text: str) -> None:
    result = plain_aligner.align(Document(id="x", text=text))
    for p in result.pairs:
        assert text[p.ar_span[0] : p.ar_span[1]] == p.ar and text[p.en_span[0] : p.en_span[1]] == p.en
        assert 0.0 <= p.score <= 1.0
    for u in result.unpaired:
        assert text[u.ar_span[0] : u.ar_span[1]] == u.ar


def test_align_with_the_default_encoder_on_mixed_text() -> None:
    text = (
        "The ministry wrote in a tweet that the bridge will open in June 👍🏽.\n"
        "\u200fقالت الوزارة إن الجسر سيفتح في حزيران 👍🏽\u200f\n"
        "— وزارة النقل (@MoT_Iraq) February 10, 2019\n"
        "مُحَمَّدٌ رَسُولُ اللَّهِ ﷺ\n"
    )
    result = Aligner().align(Document(id="x", text=text))
    assert result.pairs, result.unpaired
    for p in result.pairs:
        assert text[p.ar_span[0] : p.ar_span[1]] == p.ar and text[p.en_span[0] : p.en_span[1]] == p.en


# --- Export and read back -------------------------------------------------------------------------------------

LABELS = st.text(max_size=12)  # ids and sources: anything, lone surrogates and controls included
FIELD = st.one_of(DOCS, st.text(st.characters(exclude_categories=("Cs",)), max_size=12))
PAIRS = st.builds(
    ExportPair,
    doc_id=LABELS,
    source=LABELS,
    ar=FIELD,
    en=FIELD,
    score=st.integers(0, 10_000).map(lambda n: n / 10_000),
    ar_start=st.integers(0, 10**6),
    ar_end=st.integers(0, 10**6),
    en_start=st.integers(0, 10**6),
    en_end=st.integers(0, 10**6),
    author=FIELD,
    handle=FIELD,
    date=FIELD,
    ar_raw=FIELD,
)


def _write(fmt: str, tmp: Path, pairs: list[ExportPair]) -> dict[str, Path]:
    return write(fmt, tmp, pairs)[0]


def _xml(text: str) -> str:
    return XML_FORBIDDEN_RE.sub("", text)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(PAIRS, max_size=5))
def test_export_reads_back_exactly_in_every_format(pairs: list[ExportPair]) -> None:
    import tempfile

    for p in pairs:  # ids and sources are escaped once, the same for every format
        assert UNSAFE_LABEL_RE.search(p.doc_id) is None and escape_label(p.doc_id) == p.doc_id
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        assert list(read_jsonl(_write("jsonl", tmp, pairs)[".jsonl"])) == pairs
        assert list(read_tsv(_write("tsv", tmp, pairs)[".tsv"])) == pairs
        back = list(read_tmx(_write("tmx", tmp, pairs)[".tmx"]))
        expected = [
            ExportPair(
                p.doc_id,
                p.source,
                _xml(p.ar),
                _xml(p.en),
                p.score,
                p.ar_start,
                p.ar_end,
                p.en_start,
                p.en_end,
                _xml(p.author),
                _xml(p.handle),
                _xml(p.date),
                _xml(p.ar_raw),
            )
            for p in pairs
        ]
        assert back == expected
        moses = _write("moses", tmp, pairs)
        lines = {suf: path.read_text(encoding="utf-8").split("\n")[:-1] for suf, path in moses.items()}
        for suf, path in moses.items():  # one line per pair, for any reader's idea of a line
            assert path.read_text(encoding="utf-8").splitlines() == lines[suf]
        assert lines[".ar-en.ar"] == [LINE_BREAKS_RE.sub(" ", p.ar) for p in pairs]
        assert lines[".ar-en.en"] == [LINE_BREAKS_RE.sub(" ", p.en) for p in pairs]
        assert lines[".ar-en.ids"] == [
            f"{p.doc_id}\t{p.doc_id}\t{p.ar_start}:{p.ar_end}\t{p.en_start}:{p.en_end}" for p in pairs
        ]
