"""Vectors shared by the worker processes of one ``--jobs N`` run, through an SQLite file."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["SharedVectorStore", "share_vectors", "shared_store"]


class SharedVectorStore:
    """Vectors shared by the worker processes of one run (an SQLite file in the run's temporary folder):
    each worker has its own in-memory cache, so without it a text met by two workers is encoded twice,
    and ``--jobs 2`` loses most of the reuse one process has. Each process opens its own connection."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self._conn: Any = None
        self._pid = -1

    def _db(self) -> Any:
        if self._pid != os.getpid():
            import sqlite3

            conn = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("CREATE TABLE IF NOT EXISTS vec (t TEXT PRIMARY KEY, v BLOB NOT NULL)")
            self._conn, self._pid = conn, os.getpid()
        return self._conn

    def get_many(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those of ``texts`` that have one (none if the store cannot be read: it
        only ever saves work, so a failure costs an encoding, never a document)."""
        import sqlite3

        found: dict[str, np.ndarray] = {}
        try:
            db = self._db()
            for i in range(0, len(texts), 500):
                part = texts[i : i + 500]
                rows = db.execute(f"SELECT t, v FROM vec WHERE t IN ({','.join('?' * len(part))})", part).fetchall()
                found.update((t, np.frombuffer(v, dtype=np.float32)) for t, v in rows if len(v) == 2048)
        except sqlite3.Error:
            return {}
        return found

    def put_many(self, texts: Sequence[str], vecs: np.ndarray) -> None:
        """Store the vectors of ``texts`` (a text already stored keeps its vector); failures are ignored."""
        import sqlite3

        rows = [(t, np.ascontiguousarray(v, dtype=np.float32).tobytes()) for t, v in zip(texts, vecs, strict=True)]
        try:
            db = self._db()
            db.execute("BEGIN")  # one transaction (the connection is in autocommit mode)
            try:
                db.executemany("INSERT OR IGNORE INTO vec VALUES (?, ?)", rows)
                db.execute("COMMIT")
            except sqlite3.Error:
                db.execute("ROLLBACK")
                raise
        except sqlite3.Error:
            pass


_shared: SharedVectorStore | None = None


def share_vectors(path: str | os.PathLike[str] | None) -> None:
    """Share encoded vectors through an SQLite file at ``path`` with the processes forked after this call
    (None: stop sharing). The pipeline sets it around a ``--jobs N`` run."""
    global _shared
    _shared = SharedVectorStore(path) if path is not None else None


def shared_store() -> SharedVectorStore | None:
    """The store set by :func:`share_vectors` in this process, or None."""
    return _shared
