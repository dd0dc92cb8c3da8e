"""The one SQLite database every table of the emulator lives in, and Composio's clock format.

A file-backed database is what lets an emulator survive restarts (``--db FILE``). One
connection is shared behind a lock by every store, so the stores never see each other
half-written; every write commits before the call returns, so what an answer reports is
on disk.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["Database", "now"]


def now() -> str:
    """The current time as Composio writes it: ISO 8601, milliseconds, ``Z``."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Database:
    """One SQLite connection behind a lock; ``path`` is a file or ``":memory:"``."""

    def __init__(self, path: str | Path) -> None:
        self.lock = threading.Lock()
        self.connection = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        if str(path) != ":memory:":
            self.connection.execute("PRAGMA journal_mode=WAL")

    def close(self) -> None:
        with self.lock:
            self.connection.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """The connection inside ``BEGIN IMMEDIATE``; commits on leaving, rolls back on error."""
        with self.lock:
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield self.connection
            except BaseException:
                self.connection.execute("ROLLBACK")
                raise
            self.connection.execute("COMMIT")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        with self.lock:
            yield self.connection
