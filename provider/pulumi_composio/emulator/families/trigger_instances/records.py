"""A trigger instance as the emulator keeps it, in the ``trigger_instances`` collection: a
trigger type set up (``trigger_config``) on one connected account, enabled or not. A deleted
one is gone to the API; the admin view still shows it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ...database import now
from ...documents import Collection, nanoid
from ...state import EmulatorState

__all__ = ["NAME", "TriggerInstanceRecord", "new_trigger_id", "trigger_instances"]

NAME = "trigger_instances"
"""The family's name: its collection, and its admin view ``/_emulator/trigger_instances``."""


def new_trigger_id() -> str:
    """``ti_`` and twelve random letters and digits, the look of Composio's nanoids."""
    return nanoid("ti_")


@dataclass(frozen=True)
class TriggerInstanceRecord:
    """One trigger instance as stored."""

    UPDATED_FIELD: ClassVar[str] = "updated_at"

    id: str
    slug: str
    toolkit: str
    user_id: str
    connected_account_id: str
    connected_account_uuid: str
    auth_config_id: str
    trigger_config: dict[str, Any]
    version: str
    enabled: bool = True
    disabled_at: str | None = None
    uuid: str = field(default_factory=lambda: str(uuid.uuid4()))
    created_at: str = field(default_factory=now)
    updated_at: str = ""
    deleted: bool = False

    def __post_init__(self) -> None:
        if not self.updated_at:
            object.__setattr__(self, "updated_at", self.created_at)


def trigger_instances(state: EmulatorState) -> Collection[TriggerInstanceRecord]:
    return state.store.collection(NAME, TriggerInstanceRecord)
