"""One run at a time per output folder: an exclusive ``flock`` on ``OUTDIR/.bilingual.lock``.

The lock is held for the whole run and the file holds the holder's process id, so a second run can say
who has the folder. The kernel drops a ``flock`` when its holder dies, so after ``kill -9`` the
file stays behind but no longer locks anything: ``--resume`` takes it over. Forked worker processes
close their inherited copy of the descriptor at once, so a worker that outlives a killed parent does
not keep the folder locked.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

__all__ = [
    "LOCK_NAME",
    "OutputLock",
    "OutputLocked",
]


LOCK_NAME = ".bilingual.lock"

_held: set[int] = set()  # descriptors of the locks this process holds


def _close_in_child() -> None:
    for fd in list(_held):
        try:
            os.close(fd)
        except OSError:
            pass
    _held.clear()


os.register_at_fork(after_in_child=_close_in_child)


class OutputLocked(Exception):
    """The output folder is locked by another live run (a usage error: exit status 2)."""


class OutputLock:
    """An exclusive lock on an output folder, taken with :meth:`acquire` (or ``with``) and never waited for."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.path = self.folder / LOCK_NAME
        self._fd: int | None = None

    def _holder(self, fd: int) -> str:
        try:
            pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        except OSError:
            pid = ""
        return f"process {pid}" if pid.isdigit() else "a process that has not written its id yet"

    def acquire(self) -> None:
        """Take the lock, or raise :class:`OutputLocked` naming the folder and the holder's process id."""
        for _ in range(20):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = self._holder(fd)
                os.close(fd)
                raise OutputLocked(
                    f"output folder {self.folder} is in use by another bilingual run ({holder}, see {self.path}); "
                    "wait for it to end, or choose another --output"
                ) from None
            except BaseException:
                os.close(fd)
                raise
            # The last holder removes the file when it ends; if it did so between our open and our
            # flock, the lock is on a file nobody else will see: take the one now at the path instead.
            try:
                current = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                current = False
            if current:
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
                self._fd = fd
                _held.add(fd)
                return
            os.close(fd)
        raise OutputLocked(f"could not lock output folder {self.folder}: its lock file keeps being replaced")

    def release(self) -> None:
        """Give the lock up and remove the lock file (a no-op if not held)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.unlink(self.path)  # still holding the lock: no other run can be between open and flock on it
        except OSError:
            pass
        _held.discard(fd)
        os.close(fd)

    def __enter__(self) -> OutputLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
