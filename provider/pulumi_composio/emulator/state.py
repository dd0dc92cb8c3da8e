"""What every part of the emulator shares: its settings, its store, its fault plan, its log."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalogue import BUILT_IN, Catalogue
from .database import Database
from .documents import DocumentStore
from .faults import FaultPlanner

__all__ = ["EmulatorSettings", "EmulatorState"]


@dataclass(frozen=True)
class EmulatorSettings:
    api_key: str
    read_only_key: str | None = None
    admin_token: str | None = None
    db: str | Path = ":memory:"
    catalogue: Catalogue = BUILT_IN
    mcp_base_url: str | None = None
    """Where the MCP URLs the API hands out point; unset, at the emulator as the request
    reached it (so a client can connect). Composio's own host keeps their shape only."""
    require_mcp_api_key: bool = True
    """Composio's project setting of that name: the MCP endpoint refuses a request whose
    ``x-api-key`` is not the project's key."""
    retire_legacy_mcp: bool = False
    """Answer Composio's deprecated MCP-server routes (and those servers' MCP endpoints) with
    ``410 Gone``, as its deprecation policy says a removed route will: the day a project's
    servers stop working, rehearsed."""


@dataclass
class EmulatorState:
    """The running emulator: one database, the store every family keeps its records in."""

    settings: EmulatorSettings
    store: DocumentStore
    faults: FaultPlanner = field(default_factory=FaultPlanner)
    log: list[dict[str, Any]] = field(default_factory=list)
    log_lock: threading.Lock = field(default_factory=threading.Lock)
    held: int = 0
    """Requests waiting on the fault plan's ``hold`` now; only the event loop touches it."""

    @classmethod
    def open(cls, settings: EmulatorSettings) -> EmulatorState:
        return cls(settings, DocumentStore(Database(settings.db)))
