"""A per-document budget for alignment: a document too large to align, or whose alignment runs too long,
is reported with its size instead of being ground through (and taking a corpus run's memory with it).

The size limits are deterministic: the same document is refused on every machine and with any
``--jobs``. The time limit (off by default) depends on the machine and its load, so a run that uses
it may refuse a document on one machine and align it on another.

Only documents that hold Arabic and English are aligned, so only they are measured: a large
English-only document costs the aligner nothing.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any

from bilingual.model import Document

__all__ = [
    "MAX_ALIGN_BLOCKS",
    "MAX_ALIGN_CHARS",
    "AlignBudget",
    "BudgetExceeded",
]


# Defaults sized on today's aligner, which scores a long document in sections (linear) but one of at
# most 150 blocks whole: the costliest shape under the limits, a few very long paragraphs (140 of
# 7,000 characters), aligns in about 100 s and 1.5 GB; 16,000 short lines take 17 s and 234 MB
# (scripts/stress.py). No web page comes near either limit.
MAX_ALIGN_BLOCKS = 25_000
MAX_ALIGN_CHARS = 1_000_000


class BudgetExceeded(Exception):
    """A document past its alignment budget: ``reason`` says which limit, ``size`` what was measured,
    ``timed_out`` whether it was the time limit (alignment was interrupted part-way)."""

    def __init__(self, reason: str, size: dict[str, Any], timed_out: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.size = size
        self.timed_out = timed_out


@dataclass(frozen=True)
class AlignBudget:
    """Limits on aligning one document; 0 switches a limit off.

    ``max_blocks``: blocks (paragraphs, tweets, ...) after segmentation; ``max_chars``: characters of
    the text; ``timeout``: seconds of alignment (wall clock; enforced where alignment runs in a
    process's main thread, which is the case for ``--jobs`` and the local Dask engine)."""

    max_blocks: int = MAX_ALIGN_BLOCKS
    max_chars: int = MAX_ALIGN_CHARS
    timeout: float = 0.0

    def __post_init__(self) -> None:
        for name in ("max_blocks", "max_chars", "timeout"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be 0 (no limit) or more, not {getattr(self, name)}")

    def check_chars(self, doc: Document) -> None:
        """Raise :class:`BudgetExceeded` if ``doc`` has more characters than ``max_chars`` (before segmenting)."""
        n = len(doc.text)
        if self.max_chars and n > self.max_chars:
            raise BudgetExceeded(
                f"too large to align: {n:,} characters, over the limit of {self.max_chars:,} "
                "(--max-align-chars; 0 for no limit)",
                {"characters": n},
            )

    def check_blocks(self, doc: Document) -> None:
        """Raise :class:`BudgetExceeded` if the segmented ``doc`` has more blocks than ``max_blocks``."""
        n = len(doc.blocks())
        if self.max_blocks and n > self.max_blocks:
            raise BudgetExceeded(
                f"too large to align: {n:,} blocks, over the limit of {self.max_blocks:,} "
                "(--max-align-blocks; 0 for no limit)",
                {"characters": len(doc.text), "blocks": n},
            )

    @contextmanager
    def clock(self, doc: Document) -> Iterator[None]:
        """Raise :class:`BudgetExceeded` inside the ``with`` body once it has run ``timeout`` seconds.

        Uses SIGALRM, so it applies only in a process's main thread (elsewhere it does nothing)."""
        usable = (
            self.timeout > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
        )
        if not usable:
            yield
            return

        def expire(signum: int, frame: FrameType | None) -> None:
            raise BudgetExceeded(
                f"alignment ran past the time limit of {self.timeout:g} s (--align-timeout)",
                {"characters": len(doc.text), "blocks": len(doc.blocks())},
                timed_out=True,
            )

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, self.timeout)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
