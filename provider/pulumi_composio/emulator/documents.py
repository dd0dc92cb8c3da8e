"""The one store every family keeps its records in: the ``documents`` table of the database.

Each record is a JSON document in a collection (its family's name), keyed by its id. The
emulator only ever reads a record back whole and filters lists in Python, so one layout
serves every family: a new family brings a record type, not a table. Deletes are soft:
the row keeps ``deleted`` set, and each family decides what its API shows of such a
record (a server still answers ``GET``; an auth config is gone), while the admin views
can show what a test left behind.
"""

from __future__ import annotations

import dataclasses
import json
import secrets
import sqlite3
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Literal, Protocol, TypeVar

from .database import Database, now

__all__ = ["Collection", "Document", "DocumentStore", "OlderTable", "nanoid"]

_NANOID_ALPHABET = string.ascii_letters + string.digits


def nanoid(prefix: str) -> str:
    """``prefix`` and twelve random letters and digits, the look of Composio's nanoids."""
    return prefix + "".join(secrets.choice(_NANOID_ALPHABET) for _ in range(12))


_Insert = Literal["INSERT", "INSERT OR IGNORE"]
_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    document TEXT NOT NULL,
    UNIQUE (collection, id)
)
"""


class Document(Protocol):
    """A record a collection holds: a frozen dataclass with an id, a soft-delete flag, and
    the field its last change is stamped in (Composio names it differently per object)."""

    __dataclass_fields__: ClassVar[dict[str, Any]]
    UPDATED_FIELD: ClassVar[str]

    @property
    def id(self) -> str: ...

    @property
    def deleted(self) -> bool: ...


DocumentT = TypeVar("DocumentT", bound=Document)


class Collection(Generic[DocumentT]):
    """One family's records: create, get, update, soft-delete, list, in the order stored."""

    def __init__(self, database: Database, name: str, record: type[DocumentT]) -> None:
        self._database = database
        self._name = name
        self._record = record

    def _decoded(self, document: str) -> DocumentT:
        return self._record(**json.loads(document))

    def insert(self, record: DocumentT) -> DocumentT:
        """Store a new record; its id must be new to the collection."""
        with self._database.transaction() as connection:
            _insert(connection, self._name, record, "INSERT")
        return record

    def insert_missing(self, records: Iterable[DocumentT]) -> None:
        """Store each record whose id the collection does not hold yet; stored ones stay
        as they are, so a file-backed emulator keeps what was done to them."""
        with self._database.transaction() as connection:
            for record in records:
                _insert(connection, self._name, record, "INSERT OR IGNORE")

    def get(self, record_id: str) -> DocumentT | None:
        """The record with this id, deleted or not."""
        with self._database.reading() as connection:
            row = connection.execute(
                "SELECT document FROM documents WHERE collection = ? AND id = ?",
                (self._name, record_id),
            ).fetchone()
        return self._decoded(row[0]) if row else None

    def update(self, record_id: str, changes: Mapping[str, Any]) -> DocumentT | None:
        """Apply ``changes`` (field -> value) to a live record and stamp the time; ``None``
        if there is no live record by that id."""
        with self._database.transaction() as connection:
            row = connection.execute(
                "SELECT document FROM documents WHERE collection = ? AND id = ? AND deleted = 0",
                (self._name, record_id),
            ).fetchone()
            if row is None:
                return None
            stamp = {self._record.UPDATED_FIELD: now()}
            record = dataclasses.replace(self._decoded(row[0]), **changes, **stamp)
            connection.execute(
                "UPDATE documents SET deleted = ?, document = ? WHERE collection = ? AND id = ?",
                (int(record.deleted), _encoded(record), self._name, record_id),
            )
        return record

    def delete(self, record_id: str) -> bool:
        """Soft-delete a live record; ``False`` if there was none."""
        return self.update(record_id, {"deleted": True}) is not None

    def all(self, *, include_deleted: bool = False) -> list[DocumentT]:
        """Every record (live ones unless ``include_deleted``), first stored first."""
        live = "" if include_deleted else "AND deleted = 0"
        with self._database.reading() as connection:
            rows = connection.execute(
                f"SELECT document FROM documents WHERE collection = ? {live} ORDER BY seq",  # noqa: S608
                (self._name,),
            ).fetchall()
        return [self._decoded(row[0]) for row in rows]

    def adopt(self, older: OlderTable[DocumentT]) -> None:
        """Move the rows of ``older`` into the collection, then drop its table: a database
        file an older emulator wrote keeps its records."""
        table, decode = older.table, older.decode
        with self._database.transaction() as connection:
            exists = connection.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).fetchone()
            if exists is None:
                return
            cursor = connection.execute(f"SELECT * FROM {table} ORDER BY seq")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                record = decode(dict(zip(columns, row, strict=True)))
                _insert(connection, self._name, record, "INSERT OR IGNORE")
            connection.execute(f"DROP TABLE {table}")


@dataclass(frozen=True)
class OlderTable(Generic[DocumentT]):
    """How emulators up to 0.1 kept a family's records: a table of its own, with columns
    that ``decode`` makes a record of."""

    table: str
    record: type[DocumentT]
    decode: Callable[[Mapping[str, Any]], DocumentT]


class DocumentStore:
    """The ``documents`` table, and a typed :class:`Collection` view of it per family."""

    def __init__(self, database: Database) -> None:
        self._database = database
        with database.transaction() as connection:
            connection.execute(_SCHEMA)

    def collection(self, name: str, record: type[DocumentT]) -> Collection[DocumentT]:
        return Collection(self._database, name, record)

    def clear(self) -> None:
        """Forget every record of every family."""
        with self._database.transaction() as connection:
            connection.execute("DELETE FROM documents")


def _encoded(record: Document) -> str:
    return json.dumps(dataclasses.asdict(record))


def _insert(
    connection: sqlite3.Connection, collection: str, record: Document, verb: _Insert
) -> None:
    connection.execute(
        f"{verb} INTO documents (collection, id, deleted, document) VALUES (?, ?, ?, ?)",
        (collection, record.id, int(record.deleted), _encoded(record)),
    )
