"""An MCP server as the emulator keeps it, in the ``servers`` collection of the document store.

Deletes are soft, as in Composio: a deleted server keeps its record with ``deleted`` set,
still answers ``GET`` and is left out of lists.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from ...database import now
from ...documents import Collection
from ...state import EmulatorState

__all__ = [
    "NAME",
    "ServerOrder",
    "ServerRecord",
    "from_0_1_row",
    "new_server_id",
    "servers",
    "sorted_servers",
]

NAME = "servers"
"""The family's name: its collection, and its admin view ``/_emulator/servers``."""

ServerOrder = Literal["created_at", "updated_at"]
"""What a list of servers may be sorted by."""


def new_server_id() -> str:
    """A UUID, the look of Composio's MCP server ids."""
    return str(uuid.uuid4())


@dataclass(frozen=True)
class ServerRecord:
    """One MCP server as stored."""

    UPDATED_FIELD: ClassVar[str] = "updated_at"

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


def servers(state: EmulatorState) -> Collection[ServerRecord]:
    return state.store.collection(NAME, ServerRecord)


def sorted_servers(
    records: list[ServerRecord], order_by: ServerOrder, *, descending: bool
) -> list[ServerRecord]:
    """``records`` (in the order stored) by ``order_by``; ties keep the order stored, or
    its reverse when ``descending``."""
    in_turn = list(reversed(records)) if descending else records
    return sorted(in_turn, key=lambda server: getattr(server, order_by), reverse=descending)


def from_0_1_row(row: Mapping[str, Any]) -> ServerRecord:
    """A server from the ``servers`` table of emulators up to 0.1, one column per field
    (lists as JSON text, flags as integers)."""
    return ServerRecord(
        id=row["id"],
        name=row["name"],
        toolkits=json.loads(row["toolkits"]),
        allowed_tools=json.loads(row["allowed_tools"]),
        auth_config_ids=json.loads(row["auth_config_ids"]),
        managed_auth_via_composio=bool(row["managed_auth_via_composio"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        deleted=bool(row["deleted"]),
    )
