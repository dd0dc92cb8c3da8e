"""An auth config as the emulator keeps it, in the ``auth_configs`` collection of the store.

The public API treats a deleted config as gone (404, left out of lists); the admin view
still shows it. Credentials are stored as given: the emulator stands in for Composio,
which keeps them to authenticate users. They leave the store only through
:mod:`.redaction`.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ...database import now
from ...documents import Collection, nanoid
from ...state import EmulatorState

__all__ = [
    "MANAGED_AUTH_SCHEME",
    "NAME",
    "AuthConfigRecord",
    "auth_configs",
    "from_0_1_row",
    "new_auth_config_id",
    "seed_catalogued",
    "why_unusable",
]

NAME = "auth_configs"
"""The family's name: its collection, and its admin view ``/_emulator/auth_configs``."""

MANAGED_AUTH_SCHEME = "OAUTH2"
"""The scheme of a Composio-managed config: Composio's own OAuth app for the toolkit."""


def new_auth_config_id() -> str:
    """``ac_`` and twelve random letters and digits, the look of Composio's nanoids."""
    return nanoid("ac_")


@dataclass(frozen=True)
class AuthConfigRecord:
    """One auth config as stored; ``restrict_to_following_tools`` is also what the API
    calls ``tool_access_config.tools_available_for_execution`` (one list, two names)."""

    UPDATED_FIELD: ClassVar[str] = "last_updated_at"

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


def auth_configs(state: EmulatorState) -> Collection[AuthConfigRecord]:
    return state.store.collection(NAME, AuthConfigRecord)


def seed_catalogued(state: EmulatorState) -> None:
    """Make the catalogue's configs real, Composio-managed and enabled: the configs a real
    Composio project already has, there from the start and again after a reset.

    Ones already stored are left as they are, so a file-backed emulator keeps what was
    done to them (renamed, disabled, deleted) across restarts.
    """
    auth_configs(state).insert_missing(
        AuthConfigRecord(
            id=config_id,
            name=f"{toolkit} Auth Config {config_id}",
            toolkit=toolkit,
            is_composio_managed=True,
            auth_scheme=MANAGED_AUTH_SCHEME,
        )
        for config_id, toolkit in state.settings.catalogue.auth_configs.items()
    )


def why_unusable(state: EmulatorState, config_id: str) -> str | None:
    """Why a server may not use this auth config (``"unknown"``, ``"deleted"``,
    ``"disabled"``), or ``None`` when it may."""
    record = auth_configs(state).get(config_id)
    if record is None:
        return "unknown"
    if record.deleted:
        return "deleted"
    if record.status != "ENABLED":
        return "disabled"
    return None


def from_0_1_row(row: Mapping[str, Any]) -> AuthConfigRecord:
    """A config from the ``auth_configs`` table of emulators up to 0.1, which held the
    record as a JSON ``document`` already."""
    return AuthConfigRecord(**json.loads(row["document"]))
