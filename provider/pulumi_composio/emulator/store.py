"""The emulator's servers, kept in SQLite so that a file-backed emulator survives restarts.

Deletes are soft, as in Composio: a deleted server keeps its row with ``deleted`` set,
still answers ``GET`` and is left out of lists. One connection (:class:`Database`) is
shared behind a lock by every table of the emulator; every write commits before the call
returns, so what an answer reports is on disk.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

__all__ = ["Database", "ServerRecord", "ServerStore", "now"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS servers (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    toolkits TEXT NOT NULL,
    allowed_tools TEXT NOT NULL,
    auth_config_ids TEXT NOT NULL,
    managed_auth_via_composio INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0
)
"""
_LIST_FIELDS = ("toolkits", "allowed_tools", "auth_config_ids")
_COLUMNS = "id, name, toolkits, allowed_tools, auth_config_ids, managed_auth_via_composio, " + (
    "created_at, updated_at, deleted"
)


@dataclass(frozen=True)
class ServerRecord:
    id: str
    name: str
    toolkits: list[str]
    allowed_tools: list[str]
    auth_config_ids: list[str]
    managed_auth_via_composio: bool
    created_at: str
    updated_at: str
    deleted: bool


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


class ServerStore:
    """CRUD over the ``servers`` table."""

    def __init__(self, db: Database) -> None:
        self._database = db
        with db.transaction() as connection:
            connection.execute(_SCHEMA)

    def create(
        self,
        *,
        name: str,
        toolkits: Sequence[str],
        allowed_tools: Sequence[str],
        auth_config_ids: Sequence[str],
        managed_auth_via_composio: bool,
    ) -> ServerRecord:
        created = now()
        record = ServerRecord(
            id=str(uuid.uuid4()),
            name=name,
            toolkits=list(toolkits),
            allowed_tools=list(allowed_tools),
            auth_config_ids=list(auth_config_ids),
            managed_auth_via_composio=managed_auth_via_composio,
            created_at=created,
            updated_at=created,
            deleted=False,
        )
        with self._database.transaction() as db:
            db.execute(
                f"INSERT INTO servers ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0)",  # noqa: S608
                (
                    record.id,
                    record.name,
                    *(json.dumps(getattr(record, f)) for f in _LIST_FIELDS),
                    int(managed_auth_via_composio),
                    created,
                    created,
                ),
            )
        return record

    def get(self, server_id: str) -> ServerRecord | None:
        """The server with this id, deleted or not."""
        with self._database.reading() as db:
            row = db.execute(
                f"SELECT {_COLUMNS} FROM servers WHERE id = ?",  # noqa: S608
                (server_id,),
            ).fetchone()
        return _record(row) if row else None

    def update(self, server_id: str, changes: dict[str, Any]) -> ServerRecord | None:
        """Apply ``changes`` to a live server; ``None`` if there is no live server by that id."""
        columns = {
            key: json.dumps(value) if key in _LIST_FIELDS else value
            for key, value in changes.items()
        }
        columns["updated_at"] = now()
        assignments = ", ".join(f"{key} = ?" for key in columns)
        with self._database.transaction() as db:
            cursor = db.execute(
                f"UPDATE servers SET {assignments} WHERE id = ? AND deleted = 0",  # noqa: S608
                (*columns.values(), server_id),
            )
            if cursor.rowcount == 0:
                return None
        return self.get(server_id)

    def delete(self, server_id: str) -> bool:
        """Soft-delete a live server; ``False`` if there was none."""
        with self._database.transaction() as db:
            cursor = db.execute(
                "UPDATE servers SET deleted = 1, updated_at = ? WHERE id = ? AND deleted = 0",
                (now(), server_id),
            )
            return cursor.rowcount == 1

    def all(
        self,
        *,
        include_deleted: bool = False,
        order_by: Literal["created_at", "updated_at"] = "created_at",
        descending: bool = False,
    ) -> list[ServerRecord]:
        """Every server (live ones unless ``include_deleted``), oldest ``order_by`` first."""
        direction = "DESC" if descending else "ASC"
        where = "" if include_deleted else "WHERE deleted = 0"
        with self._database.reading() as db:
            rows = db.execute(
                f"SELECT {_COLUMNS} FROM servers {where} "  # noqa: S608
                f"ORDER BY {order_by} {direction}, seq {direction}"
            ).fetchall()
        return [_record(row) for row in rows]

    def reset(self) -> None:
        with self._database.transaction() as db:
            db.execute("DELETE FROM servers")


def _record(row: tuple[Any, ...]) -> ServerRecord:
    server_id, name, toolkits, allowed, auth, managed, created, updated, deleted = row
    return ServerRecord(
        id=server_id,
        name=name,
        toolkits=json.loads(toolkits),
        allowed_tools=json.loads(allowed),
        auth_config_ids=json.loads(auth),
        managed_auth_via_composio=bool(managed),
        created_at=created,
        updated_at=updated,
        deleted=bool(deleted),
    )
