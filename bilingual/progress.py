"""How a long run shows that it is alive: a progress bar on a terminal, log lines elsewhere.

- :func:`count_inputs` counts the documents of the inputs cheaply, when that can be done without reading
  them: a text file or a web page is one document, a JSONL file one per line (a newline count over its
  bytes), a directory the sum over its files. Standard input and WARC archives cannot be counted (None).
- :class:`BarProgress` draws, on a terminal, a bar with the count, the percentage, the rate and the time
  left (or, with no total, the count and the rate).
- :class:`LogProgress` writes, when standard error is not a terminal (``nohup``, CI, a redirect), one
  line every few seconds: documents done (of how many), failures, rate and time left.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

__all__ = ["BarProgress", "LogProgress", "count_inputs", "plural"]

_COUNT_CHUNK = 1 << 20


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 document``, ``2 documents``, ``1,200 documents`` (``many`` for irregular plurals)."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def _lines_in(path: Path) -> int:
    """The lines of a JSONL file, by a newline count over its bytes (one document a line)."""
    n = 0
    last = b"\n"
    with open(path, "rb") as fh:
        while chunk := fh.read(_COUNT_CHUNK):
            n += chunk.count(b"\n")
            last = chunk[-1:]
    return n + (last != b"\n")  # a last line without its newline


def _documents_in_file(path: Path, input_format: str) -> int | None:
    from bilingual.io import JSONL_SUFFIXES
    from bilingual.web import web_format

    web = web_format(path, input_format)
    if web == "warc":
        return None  # records: only reading the archive tells how many are pages
    if web is not None:
        return 1
    if input_format == "jsonl" or (input_format == "auto" and path.suffix.lower() in JSONL_SUFFIXES):
        return _lines_in(path)
    return 1


def count_inputs(inputs: Iterable[str | os.PathLike[str]], input_format: str = "auto") -> int | None:
    """How many documents the inputs hold, when that is cheap to know (see the module); else None."""
    from bilingual.io import walk_files

    total = 0
    try:
        for item in inputs:
            name = os.fspath(item)
            if name == "-":
                return None
            path = Path(name)
            files = walk_files(path) if path.is_dir() else [path]
            for p in files:
                n = _documents_in_file(p, input_format)
                if n is None:
                    return None
                total += n
    except OSError:
        return None
    return total


def _duration(secs: float) -> str:
    seconds = round(secs)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class LogProgress:
    """One line on ``stream`` at most every ``every`` seconds, and one at the end."""

    def __init__(self, total: int | None, every: float = 30.0, stream: IO[str] | None = None) -> None:
        self.total = total
        self.every = every
        self.stream = stream if stream is not None else sys.stderr
        self.start = time.monotonic()
        self.last = self.start
        self.done = 0
        self.failed = 0
        self.baseline: int | None = None  # documents done before this process (a resumed run's checkpoint)

    def line(self) -> str:
        """The current state in one line."""
        elapsed = max(time.monotonic() - self.start, 1e-9)
        rate = (self.done - (self.baseline or 0)) / elapsed
        of = ""
        eta = ""
        if self.total:
            of = f" of {self.total:,} ({min(self.done / self.total, 1.0):.0%})"
            if rate > 0 and self.done < self.total:
                eta = f", ETA {_duration((self.total - self.done) / rate)}"
        failed = plural(self.failed, "failure")
        return (
            f"bilingual: {plural(self.done, 'document')}{of} done, {failed}, {rate:.1f} documents/s, "
            f"{_duration(elapsed)} elapsed{eta}"
        )

    def update(self, done: int, failed: int) -> None:
        """Record progress; write a line when ``every`` seconds have passed since the last one. The first
        call of a resumed run gives the documents done before it (not counted in the rate)."""
        self.done, self.failed = done, failed
        if self.baseline is None:
            self.baseline = done
            self.start = self.last = time.monotonic()
            return
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self.stream.write(self.line() + "\n")
            self.stream.flush()

    def close(self) -> None:
        """Write the last line (when anything was done)."""
        if self.done:
            self.stream.write(self.line() + "\n")
            self.stream.flush()


class BarProgress:
    """A rich progress bar on standard error: count, percentage, rate, elapsed time and ETA (``transient``:
    erased when done)."""

    def __init__(self, total: int | None, transient: bool = False) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}")]
        if total is not None:
            columns += [BarColumn(), MofNCompleteColumn(), TaskProgressColumn()]
        else:
            columns += [TextColumn("{task.completed:,.0f} documents")]
        columns += [
            TextColumn("{task.fields[failed]} failed"),
            TextColumn("{task.fields[rate]:.1f} docs/s"),
            TimeElapsedColumn(),
        ]
        if total is not None:
            columns += [TextColumn("ETA"), TimeRemainingColumn()]
        self.progress = Progress(*columns, console=Console(stderr=True), transient=transient)
        self.start = time.monotonic()
        self.baseline: int | None = None
        self.task = self.progress.add_task("documents", total=total, failed=0, rate=0.0)
        self.progress.start()

    def update(self, done: int, failed: int) -> None:
        """Move the bar to ``done`` documents (the first call of a resumed run: where it starts from)."""
        if self.baseline is None:
            self.baseline = done
            self.start = time.monotonic()
            self.progress.reset(self.task, completed=done, failed=failed, rate=0.0)  # no speed from the jump
            return
        rate = (done - self.baseline) / max(time.monotonic() - self.start, 1e-9)
        self.progress.update(self.task, completed=done, failed=failed, rate=rate)

    def close(self) -> None:
        """Stop drawing (the last state stays on screen)."""
        self.progress.stop()
