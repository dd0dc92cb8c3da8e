"""A tool router session as the emulator keeps it, in the ``sessions`` collection.

The record holds the session's settings as the requests gave them (the API's answers show
them as ``config``, in their own words: :mod:`.config`), its ``config_version`` (1 at
creation, one more per PATCH) and the settings each PATCH superseded, for
``config_history``. Deletes are soft in the store, so the admin view can show what a test
left behind, but a deleted session is gone to the API.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ...database import now
from ...documents import Collection
from ...state import EmulatorState

__all__ = ["NAME", "SessionRecord", "new_session_id", "sessions"]

NAME = "sessions"
"""The family's name: its collection, and its admin view ``/_emulator/sessions``."""


def new_session_id() -> str:
    """``trs_`` and random letters and digits, the look of Composio's session ids."""
    return "trs_" + secrets.token_hex(10)


@dataclass(frozen=True)
class SessionRecord:
    """One session as stored."""

    UPDATED_FIELD: ClassVar[str] = "updated_at"

    id: str
    user_id: str
    settings: dict[str, Any]
    """The policy blocks given so far, in the request bodies' shape (unset ones left out)."""
    config_version: int = 1
    history: list[dict[str, Any]] = field(default_factory=list)
    """Superseded settings, oldest first: ``{"version", "settings", "created_at"}``, where
    ``created_at`` is when the PATCH that replaced them archived them."""
    created_at: str = field(default_factory=now)
    updated_at: str = ""
    deleted: bool = False

    def __post_init__(self) -> None:
        if not self.updated_at:
            object.__setattr__(self, "updated_at", self.created_at)


def sessions(state: EmulatorState) -> Collection[SessionRecord]:
    return state.store.collection(NAME, SessionRecord)
