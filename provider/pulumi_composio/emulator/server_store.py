"""The emulator's MCP servers: the ``servers`` table of the shared :class:`.Database`.

Each field has its own column, as lists filter and sort on them. Deletes are soft, as in
Composio: a deleted server keeps its row with ``deleted`` set, still answers ``GET`` and
is left out of lists.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from .database import Database, now

__all__ = ["ServerOrder", "ServerRecord", "ServerStore", "new_server_id"]

ServerOrder = Literal["created_at", "updated_at"]
"""What a list of servers may be sorted by."""

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


def new_server_id() -> str:
    """A UUID, the look of Composio's MCP server ids."""
    return str(uuid.uuid4())


@dataclass(frozen=True)
class ServerRecord:
    """One MCP server as stored."""

    id: str
    name: str
    toolkits: list[str] = field(default_factory=list)
    allowed_tools: list[str] = field(default_factory=list)
    auth_config_ids: list[str] = field(default_factory=list)
    managed_auth_via_composio: bool = False
    created_at: str = field(default_factory=now)
    updated_at: str = ""
    deleted: bool = False

    def __post_init__(self) -> None:
        if not self.updated_at:
            object.__setattr__(self, "updated_at", self.created_at)


class ServerStore:
    """Create, get, update, delete and list over the ``servers`` table."""

    def __init__(self, database: Database) -> None:
        self._database = database
        with database.transaction() as connection:
            connection.execute(_SCHEMA)

    def create(self, record: ServerRecord) -> ServerRecord:
        """Store a new server, as :func:`.server_validation.new_server` made it."""
        with self._database.transaction() as connection:
            connection.execute(
                f"INSERT INTO servers ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",  # noqa: S608
                (
                    record.id,
                    record.name,
                    *(json.dumps(getattr(record, f)) for f in _LIST_FIELDS),
                    int(record.managed_auth_via_composio),
                    record.created_at,
                    record.updated_at,
                    int(record.deleted),
                ),
            )
        return record

    def get(self, server_id: str) -> ServerRecord | None:
        """The server with this id, deleted or not."""
        with self._database.reading() as connection:
            row = connection.execute(
                f"SELECT {_COLUMNS} FROM servers WHERE id = ?",  # noqa: S608
                (server_id,),
            ).fetchone()
        return _record(row) if row else None

    def update(self, server_id: str, changes: Mapping[str, Any]) -> ServerRecord | None:
        """Apply ``changes`` to a live server; ``None`` if there is no live server by that id."""
        columns = {
            key: json.dumps(value) if key in _LIST_FIELDS else value
            for key, value in changes.items()
        }
        columns["updated_at"] = now()
        assignments = ", ".join(f"{key} = ?" for key in columns)
        with self._database.transaction() as connection:
            cursor = connection.execute(
                f"UPDATE servers SET {assignments} WHERE id = ? AND deleted = 0",  # noqa: S608
                (*columns.values(), server_id),
            )
            if cursor.rowcount == 0:
                return None
        return self.get(server_id)

    def delete(self, server_id: str) -> bool:
        """Soft-delete a live server; ``False`` if there was none."""
        with self._database.transaction() as connection:
            cursor = connection.execute(
                "UPDATE servers SET deleted = 1, updated_at = ? WHERE id = ? AND deleted = 0",
                (now(), server_id),
            )
            return cursor.rowcount == 1

    def all(
        self,
        *,
        include_deleted: bool = False,
        order_by: ServerOrder = "created_at",
        descending: bool = False,
    ) -> list[ServerRecord]:
        """Every server (live ones unless ``include_deleted``), oldest ``order_by`` first."""
        direction = "DESC" if descending else "ASC"
        where = "" if include_deleted else "WHERE deleted = 0"
        with self._database.reading() as connection:
            rows = connection.execute(
                f"SELECT {_COLUMNS} FROM servers {where} "  # noqa: S608
                f"ORDER BY {order_by} {direction}, seq {direction}"
            ).fetchall()
        return [_record(row) for row in rows]

    def reset(self) -> None:
        with self._database.transaction() as connection:
            connection.execute("DELETE FROM servers")


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
