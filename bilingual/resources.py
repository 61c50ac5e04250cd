"""Access to the data files shipped in ``resources/`` (installed as the package ``bilingual_resources``)."""

from __future__ import annotations

from importlib import resources as _resources
from pathlib import Path

__all__ = [
    "read_text",
    "resource_path",
]


_REPO_RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resource_path(name: str) -> Path:
    """Path of a shipped resource file; raises FileNotFoundError naming it if it is missing."""
    if (_REPO_RESOURCES / name).is_file():
        return _REPO_RESOURCES / name
    try:
        p = Path(str(_resources.files("bilingual_resources").joinpath(name)))
    except ModuleNotFoundError:
        p = _REPO_RESOURCES / name
    if not p.is_file():
        raise FileNotFoundError(f"bilingual resource {name!r} is missing (looked in {p.parent})")
    return p


def read_text(name: str) -> str:
    """The UTF-8 text of a shipped resource file."""
    return resource_path(name).read_text(encoding="utf-8")
