"""The webhook subscription as the emulator keeps it, in the ``webhook_subscriptions``
collection: where events go, which of them, in which payload version, signed with which
secret. Composio allows one per project; a deleted one is gone to the API."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from ...database import now
from ...documents import Collection
from ...state import EmulatorState

__all__ = [
    "EVENT_TYPES",
    "NAME",
    "TRIGGER_MESSAGE",
    "Version",
    "WebhookSubscriptionRecord",
    "current_subscription",
    "new_secret",
    "new_subscription_id",
    "webhook_subscriptions",
]

NAME = "webhook_subscriptions"
"""The family's name: its collection, and its admin view ``/_emulator/webhook_subscriptions``."""

Version = Literal["V1", "V2", "V3"]
TRIGGER_MESSAGE = "composio.trigger.message"
EVENT_TYPES: dict[str, tuple[str, tuple[Version, ...]]] = {
    TRIGGER_MESSAGE: ("A trigger instance received an event.", ("V1", "V2", "V3")),
    "composio.connected_account.expired": (
        "A connected account's credentials expired and need the user to reconnect.",
        ("V3",),
    ),
}
"""The event types a subscription may enable: what each means, and the payload versions
that carry it."""


def new_subscription_id() -> str:
    return "whs_" + secrets.token_hex(10)


def new_secret() -> str:
    """A signing secret; ``composio`` 0.30 signs and verifies with its UTF-8 bytes as the
    HMAC key, as given (no ``whsec_`` prefix to strip, no base64 to decode)."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class WebhookSubscriptionRecord:
    """The subscription as stored, its secret included."""

    UPDATED_FIELD: ClassVar[str] = "updated_at"

    id: str
    webhook_url: str
    enabled_events: list[str]
    secret: str
    version: Version = "V3"
    created_at: str = field(default_factory=now)
    updated_at: str = ""
    deleted: bool = False

    def __post_init__(self) -> None:
        if not self.updated_at:
            object.__setattr__(self, "updated_at", self.created_at)


def webhook_subscriptions(state: EmulatorState) -> Collection[WebhookSubscriptionRecord]:
    return state.store.collection(NAME, WebhookSubscriptionRecord)


def current_subscription(state: EmulatorState) -> WebhookSubscriptionRecord | None:
    """The project's live subscription, if it has one."""
    return next(iter(webhook_subscriptions(state).all()), None)
