"""A connected account as the emulator keeps it, in the ``connected_accounts`` collection.

It is a user's connection through one auth config: the auth config's toolkit and scheme,
its status, and the connection's state as given (credentials included: the emulator stands
in for Composio, which keeps them to act for the user). A deleted account is gone to the
API; the admin view still shows it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ...database import now
from ...documents import Collection, nanoid
from ...state import EmulatorState

__all__ = [
    "NAME",
    "ConnectedAccountRecord",
    "active_account_of",
    "connected_accounts",
    "new_connected_account_id",
]

NAME = "connected_accounts"
"""The family's name: its collection, and its admin view ``/_emulator/connected_accounts``."""


def new_connected_account_id() -> str:
    """``ca_`` and twelve random letters and digits, the look of Composio's nanoids."""
    return nanoid("ca_")


@dataclass(frozen=True)
class ConnectedAccountRecord:
    """One connected account as stored."""

    UPDATED_FIELD: ClassVar[str] = "updated_at"

    id: str
    user_id: str
    auth_config_id: str
    toolkit: str
    auth_scheme: str
    is_composio_managed: bool
    values: dict[str, Any] = field(default_factory=dict)
    """The connection state's ``val`` as given, without its ``status``."""
    status: str = "ACTIVE"
    is_disabled: bool = False
    alias: str | None = None
    uuid: str = field(default_factory=lambda: str(uuid.uuid4()))
    created_at: str = field(default_factory=now)
    updated_at: str = ""
    deleted: bool = False

    def __post_init__(self) -> None:
        if not self.updated_at:
            object.__setattr__(self, "updated_at", self.created_at)

    @property
    def usable(self) -> bool:
        """Whether triggers and tools may act through it: live, active and enabled."""
        return not self.deleted and self.status == "ACTIVE" and not self.is_disabled


def connected_accounts(state: EmulatorState) -> Collection[ConnectedAccountRecord]:
    return state.store.collection(NAME, ConnectedAccountRecord)


def active_account_of(
    state: EmulatorState, user_id: str, toolkit: str
) -> ConnectedAccountRecord | None:
    """The first usable account of ``user_id`` for ``toolkit``, as Composio resolves a user's
    connection when no account is named."""
    return next(
        (
            account
            for account in connected_accounts(state).all()
            if account.user_id == user_id and account.toolkit == toolkit and account.usable
        ),
        None,
    )
