"""The emulator's auth configs: the ``auth_configs`` table of the shared :class:`.Database`.

Each row keeps the whole config as one JSON document beside the columns that lists
filter on, because an auth config has many optional settings and the emulator only ever
reads them back whole. Deletes are soft so that the admin view can show what a test
left behind, but the public API treats a deleted config as gone (404, left out of lists).

Credentials are stored as given: the emulator stands in for Composio, which keeps them
to authenticate users. They leave the store only through :mod:`.redaction`.
"""

from __future__ import annotations

import dataclasses
import json
import secrets
import string
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .database import Database, now

__all__ = ["MANAGED_AUTH_SCHEME", "AuthConfigRecord", "AuthConfigStore", "new_auth_config_id"]

MANAGED_AUTH_SCHEME = "OAUTH2"
"""The scheme of a Composio-managed config: Composio's own OAuth app for the toolkit."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS auth_configs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    deleted INTEGER NOT NULL DEFAULT 0,
    document TEXT NOT NULL
)
"""
_ID_ALPHABET = string.ascii_letters + string.digits


def new_auth_config_id() -> str:
    """``ac_`` and twelve random letters and digits, the look of Composio's nanoids."""
    return "ac_" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(12))


@dataclass(frozen=True)
class AuthConfigRecord:
    """One auth config as stored; ``restrict_to_following_tools`` is also what the API
    calls ``tool_access_config.tools_available_for_execution`` (one list, two names)."""

    id: str
    name: str
    toolkit: str
    is_composio_managed: bool
    auth_scheme: str
    uuid: str = field(default_factory=lambda: str(uuid.uuid4()))
    status: str = "ENABLED"
    credentials: dict[str, Any] = field(default_factory=dict)
    shared_credentials: dict[str, Any] = field(default_factory=dict)
    proxy_config: dict[str, Any] | None = None
    restrict_to_following_tools: list[str] = field(default_factory=list)
    tools_for_connected_account_creation: list[str] = field(default_factory=list)
    is_enabled_for_tool_router: bool = False
    created_at: str = field(default_factory=now)
    last_updated_at: str = ""
    deleted: bool = False

    def __post_init__(self) -> None:
        if not self.last_updated_at:
            object.__setattr__(self, "last_updated_at", self.created_at)

    @property
    def type(self) -> str:
        """``default`` when Composio-managed, ``custom`` with its own credentials."""
        return "default" if self.is_composio_managed else "custom"


def _document(record: AuthConfigRecord) -> str:
    return json.dumps(dataclasses.asdict(record))


def _record(document: str) -> AuthConfigRecord:
    return AuthConfigRecord(**json.loads(document))


class AuthConfigStore:
    """Create, get, update, delete and list over the ``auth_configs`` table.

    ``catalogued`` are the catalogue's configs (id -> toolkit): they exist from the start,
    as the configs a real Composio project already has, and again after :meth:`reset`.
    """

    def __init__(self, database: Database, catalogued: Mapping[str, str]) -> None:
        self._database = database
        self._catalogued = dict(catalogued)
        with database.transaction() as connection:
            connection.execute(_SCHEMA)
        self._seed()

    def create(self, record: AuthConfigRecord) -> AuthConfigRecord:
        """Store a new config, as :func:`.auth_config_validation.new_auth_config` made it."""
        with self._database.transaction() as connection:
            connection.execute(
                "INSERT INTO auth_configs (id, deleted, document) VALUES (?, ?, ?)",
                (record.id, int(record.deleted), _document(record)),
            )
        return record

    def get(self, config_id: str) -> AuthConfigRecord | None:
        """The config with this id, deleted or not."""
        with self._database.reading() as connection:
            row = connection.execute(
                "SELECT document FROM auth_configs WHERE id = ?", (config_id,)
            ).fetchone()
        return _record(row[0]) if row else None

    def update(self, config_id: str, changes: Mapping[str, Any]) -> AuthConfigRecord | None:
        """Apply ``changes`` (record field -> value) to a live config; ``None`` if there is none."""
        with self._database.transaction() as connection:
            row = connection.execute(
                "SELECT document FROM auth_configs WHERE id = ? AND deleted = 0", (config_id,)
            ).fetchone()
            if row is None:
                return None
            record = dataclasses.replace(_record(row[0]), **changes, last_updated_at=now())
            connection.execute(
                "UPDATE auth_configs SET deleted = ?, document = ? WHERE id = ?",
                (int(record.deleted), _document(record), config_id),
            )
        return record

    def delete(self, config_id: str) -> bool:
        """Soft-delete a live config; ``False`` if there was none."""
        return self.update(config_id, {"deleted": True}) is not None

    def all(self, *, include_deleted: bool = False) -> list[AuthConfigRecord]:
        """Every config (live ones unless ``include_deleted``), oldest first."""
        where = "" if include_deleted else "WHERE deleted = 0"
        with self._database.reading() as connection:
            rows = connection.execute(
                f"SELECT document FROM auth_configs {where} ORDER BY seq"  # noqa: S608
            ).fetchall()
        return [_record(row[0]) for row in rows]

    def reset(self) -> None:
        """Forget every config, then make the catalogued ones again."""
        with self._database.transaction() as connection:
            connection.execute("DELETE FROM auth_configs")
        self._seed()

    def _seed(self) -> None:
        """Make the catalogued configs real, Composio-managed and enabled.

        Ones already stored are left as they are, so a file-backed emulator keeps what
        was done to them (renamed, disabled, deleted) across restarts.
        """
        with self._database.transaction() as connection:
            for config_id, toolkit in self._catalogued.items():
                record = AuthConfigRecord(
                    id=config_id,
                    name=f"{toolkit} Auth Config {config_id}",
                    toolkit=toolkit,
                    is_composio_managed=True,
                    auth_scheme=MANAGED_AUTH_SCHEME,
                )
                connection.execute(
                    "INSERT OR IGNORE INTO auth_configs (id, deleted, document) VALUES (?, 0, ?)",
                    (record.id, _document(record)),
                )
