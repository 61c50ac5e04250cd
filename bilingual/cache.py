"""The user's cache folder for derived copies of installed data (the parsed lexicon, the encoder's
dequantised embedding table): each is only ever a copy, rebuilt when absent or unreadable."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

__all__ = ["cache_dir", "write_atomically"]


def cache_dir() -> Path:
    """``$BILINGUAL_CACHE_DIR``, else ``$XDG_CACHE_HOME/bilingual``, else ``~/.cache/bilingual``."""
    base = os.environ.get("BILINGUAL_CACHE_DIR")
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "bilingual"


def write_atomically(path: Path, write: Callable[[IO[bytes]], None]) -> bool:
    """Write ``path`` through a temporary file renamed into place (concurrent writers never leave a
    half-written file); False, and nothing written, if that fails."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                write(fh)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, ValueError):
        return False
    return True
