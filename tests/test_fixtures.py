"""Essential behaviour on the team-written documents in tests/fixtures/, so a clone of the repository
alone checks it: an embedded tweet with its attribution line and a second tweet of the same author,
both paired with the English that paraphrases them; site furniture of every kind; an article pasted
twice; and a corpus run writing every export format. The documents have the shapes of the seeds
(see tests/fixtures/README.md); the same checks on the seeds themselves need ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bilingual import Aligner, Document, segment_text
from bilingual.cli import app
from bilingual.export import read_jsonl, read_tmx, read_tsv

from .conftest import (
    FIXTURES,
    FURNITURE_REASONS,
    ROOT,
    assert_spans_point_into_sources,
    assert_tweets_of_one_author,
    fixture_path,
    outputs_of_each_engine,
)


@pytest.fixture(scope="module")
def aligner() -> Aligner:
    return Aligner()


def test_tweet_attribution_and_the_second_tweet(fixture_texts: dict[str, str]) -> None:
    text = fixture_texts["tweets"]
    doc = assert_tweets_of_one_author(text, "tweets", "نادية الربيعي", "Nadia_Rubaie", "2024-03-03")
    assert text.split("\n")[4] == "— نادية الربيعي (@Nadia_Rubaie) March 3, 2024"
    assert [(b.text, b.meta["reason"]) for b in doc.of_kind("furniture")] == [("Read More:", "read-more")]


def test_furniture_of_every_kind_and_no_article_text(fixture_texts: dict[str, str]) -> None:
    doc = segment_text(fixture_texts["furniture"], "furniture")
    furniture = {b.text: b.meta["reason"] for b in doc.blocks() if b.kind == "furniture"}
    assert furniture == {
        "EnvironmentMiddle EastWater Security": "category-header",
        "News \u00a0 / \u00a0 Environment": "breadcrumb",
        "The Gazette’s website can also be accessed at the following alternate addresses:": "mirrors",
        "Gazette News App": "link-list",
        "*Families registered with the provincial council; the real number is thought to be higher.": "footnote",
        "Back to top button": "navigation",
    }
    kinds = [b.kind for b in doc.blocks() if b.kind != "furniture"]
    assert kinds == ["heading", "paragraph", "paragraph", "paragraph", "paragraph"]


def test_article_pasted_twice_and_comment_policy(fixture_texts: dict[str, str]) -> None:
    text = fixture_texts["repeated"]
    doc = segment_text(text, "repeated")
    blocks = doc.blocks()
    assert blocks[0].kind == "byline"
    first = text.index("BASRA — Date farmers")
    second = text.index("BASRA — Date farmers", first + 1)
    dups = [b for b in blocks if "duplicate" in b.flags]
    assert len(dups) == 5 and dups[0].start == second
    assert doc.segments[dups[0].duplicate_of].start == first  # type: ignore[index]
    assert not any("duplicate" in b.flags for b in blocks if b.start < second)
    for s in doc.of_kind("sentence"):
        if s.start >= second and s.duplicate_of is not None:
            assert doc.segments[s.duplicate_of].text == s.text
    reasons = [b.meta["reason"] for b in blocks if b.kind == "furniture"]
    assert reasons == ["comments"] + ["comment-policy"] * 4 + ["comments"]


@pytest.mark.parametrize("path", [*sorted(FIXTURES.glob("*.txt")), ROOT / "examples" / "article.txt"], ids=str)
def test_offsets_and_furniture_reasons(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    doc = segment_text(text, path.stem)
    doc.validate()
    assert all(text[s.start : s.end] == s.text for s in doc.segments)
    for b in doc.blocks():
        if b.kind == "furniture":
            assert b.meta["reason"] in FURNITURE_REASONS, b.meta
            assert len(b.text) < 200 or b.meta["reason"] == "comment-policy", b.text


def test_both_tweets_paired_with_their_paraphrases(aligner: Aligner, fixture_texts: dict[str, str]) -> None:
    text = fixture_texts["tweets"]
    result = aligner.align(Document(id="tweets", text=text))
    lines = text.split("\n")
    pairs = {p.ar: p for p in result.pairs}
    assert set(pairs) == {lines[3], lines[5]}
    assert lines[1] in pairs[lines[3]].en  # "... said in a tweet on Sunday that the level of the river ..."
    assert pairs[lines[5]].en == lines[2]  # "The authority will ask the government to open negotiations ..."
    for p in result.pairs:
        assert text[p.ar_span[0] : p.ar_span[1]] == p.ar and text[p.en_span[0] : p.en_span[1]] == p.en
        assert aligner.min_score <= p.score <= 1.0
        assert p.meta["handle"] == "Nadia_Rubaie"
        assert {"cos", "lex_ar", "names", "dist", "leadin"} <= set(p.evidence)
    assert result.unpaired == []


def test_no_pairs_in_english_only_documents(aligner: Aligner, fixture_texts: dict[str, str]) -> None:
    for name in ("furniture", "repeated"):
        result = aligner.align(Document(id=name, text=fixture_texts[name]))
        assert result.pairs == [] and result.unpaired == []


def test_cli_align_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    r = CliRunner().invoke(app, ["align", str(fixture_path("tweets")), str(fixture_path("repeated")), "-o", str(out)])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["doc_id"] for row in rows] == ["tweets", "repeated"]
    assert len(rows[0]["pairs"]) == 2 and rows[1]["pairs"] == []
    assert {"ar", "en", "score", "ar_span", "en_span", "evidence", "meta"} <= set(rows[0]["pairs"][0])


def _corpus(tmp: Path) -> Path:
    """The fixtures, the shipped example, a copy of one document, and bad inputs of every kind."""
    d = tmp / "corpus"
    d.mkdir()
    for p in [*sorted(FIXTURES.glob("*.txt")), ROOT / "examples" / "article.txt"]:
        (d / p.name).write_bytes(p.read_bytes())
    (d / "tweets-copy.txt").write_bytes(fixture_path("tweets").read_bytes())  # the same pairs again
    (d / "image.bin").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (d / "empty.txt").write_bytes(b"")
    (d / "more.jsonl").write_text(
        json.dumps({"id": "j1", "text": fixture_path("tweets").read_text(encoding="utf-8")}) + "\n{not json\n",
        encoding="utf-8",
    )
    return d


def test_run_writes_every_format_and_counts_add_up(tmp_path: Path) -> None:
    src = _corpus(tmp_path)
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["run", str(src), "-o", str(out)])
    assert r.exit_code == 1, r.output  # some inputs are bad
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert m["documents_read"] == m["documents_succeeded"] + m["documents_failed"] == 5 + 2 + 2
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {Path(e["source"]).name for e in errors} == {"image.bin", "empty.txt", "more.jsonl:2"}
    assert m["documents_failed"] == 3 and m["documents_with_arabic"] == 4
    assert m["pairs_found"] == 3 * 2 + 3 and m["duplicates_dropped"] == 4  # two copies of the tweets' pairs
    pairs = list(read_jsonl(out / "corpus.jsonl"))
    assert len(pairs) == m["pairs_written"] == 5
    assert list(read_tsv(out / "corpus.tsv")) == pairs
    assert [(p.ar, p.en, p.handle) for p in read_tmx(out / "corpus.tmx")] == [(p.ar, p.en, p.handle) for p in pairs]
    moses = {s: (out / f"corpus.ar-en.{s}").read_text(encoding="utf-8").splitlines() for s in ("ar", "en", "ids")}
    assert moses["ar"] == [p.ar for p in pairs] and len(moses["ids"]) == 5
    assert moses["en"] == [p.en.replace("\n", " ") for p in pairs]  # a window of two lines is one Moses line
    assert not (out / ".bilingual-partial").exists()
    assert_spans_point_into_sources(pairs)


def test_jobs_and_dask_write_the_same_bytes(tmp_path: Path) -> None:
    outs = outputs_of_each_engine(_corpus(tmp_path), tmp_path, chunk_size=2)
    assert outs["one"] == outs["two"] == outs["dask"]


def test_the_readme_main_command_on_the_shipped_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``bilingual run examples -o out``, from the repository root, as the README's quickstart runs it."""
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    r = CliRunner().invoke(app, ["run", "examples", "-o", str(out)])
    assert r.exit_code == 0, r.output
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert (m["documents_read"], m["documents_failed"], m["pairs_written"]) == (1, 0, 3)
    assert (out / "errors.jsonl").read_text(encoding="utf-8") == ""
