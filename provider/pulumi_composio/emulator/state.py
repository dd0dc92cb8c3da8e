"""What every part of the emulator shares: its settings, its tables, its fault plan, its log."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .auth_config_store import AuthConfigStore
from .catalogue import BUILT_IN, Catalogue
from .database import Database
from .faults import FaultPlanner
from .server_store import ServerStore

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


@dataclass
class EmulatorState:
    """The running emulator: one database holding servers and auth configs, and the
    catalogue's auth configs seeded into it as real, enabled, Composio-managed configs."""

    settings: EmulatorSettings
    database: Database
    servers: ServerStore
    auth_configs: AuthConfigStore
    faults: FaultPlanner = field(default_factory=FaultPlanner)
    log: list[dict[str, Any]] = field(default_factory=list)
    log_lock: threading.Lock = field(default_factory=threading.Lock)
    held: int = 0
    """Requests waiting on the fault plan's ``hold`` now; only the event loop touches it."""

    @classmethod
    def open(cls, settings: EmulatorSettings) -> EmulatorState:
        database = Database(settings.db)
        return cls(
            settings,
            database,
            ServerStore(database),
            AuthConfigStore(database, settings.catalogue.auth_configs),
        )

    def reset(self) -> None:
        """No servers, only the catalogue's auth configs as at start."""
        self.servers.reset()
        self.auth_configs.reset()

    def auth_config_problem(self, config_id: str) -> str | None:
        """Why a server may not use this auth config, or ``None`` when it may."""
        record = self.auth_configs.get(config_id)
        if record is None:
            return "unknown"
        if record.deleted:
            return "deleted"
        if record.status != "ENABLED":
            return "disabled"
        return None
