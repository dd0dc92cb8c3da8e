"""Delivering an event to the subscription's URL, signed as Composio signs it.

The signature is the standard-webhooks scheme ``composio`` 0.30's
``triggers.verify_webhook`` checks: headers ``webhook-id`` (``msg_...``),
``webhook-timestamp`` (Unix seconds) and ``webhook-signature``, ``v1,`` and the base64 of
HMAC-SHA256 over ``{id}.{timestamp}.{body}`` keyed with the secret's UTF-8 bytes. The body
is the subscription's payload version of the event: V3, Composio's envelope (``type``
``composio.trigger.message``, ``metadata`` naming the trigger, its user and connection,
``data`` the event's payload), or the older V2 and V1 shapes the SDK still reads.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from ...database import now
from .records import TRIGGER_MESSAGE, Version, WebhookSubscriptionRecord

__all__ = ["Delivery", "TriggerEvent", "deliver", "event_body", "signature"]

DELIVERY_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True)
class TriggerEvent:
    """What fired: the trigger instance, who it acts for, and the event's payload."""

    trigger_id: str
    trigger_uuid: str
    trigger_slug: str
    user_id: str
    connected_account_id: str
    connected_account_uuid: str
    auth_config_id: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class Delivery:
    """What the emulator sent and what the receiver answered."""

    webhook_id: str
    url: str
    headers: dict[str, str]
    body: str
    status: int

    def json(self) -> dict[str, Any]:
        return {
            "delivered": 200 <= self.status < 300,
            "webhook_id": self.webhook_id,
            "url": self.url,
            "status": self.status,
            "headers": self.headers,
            "body": json.loads(self.body),
        }


def signature(secret: str, webhook_id: str, timestamp: str, body: str) -> str:
    """The ``webhook-signature`` header for ``body``."""
    digest = hmac.new(
        secret.encode(), f"{webhook_id}.{timestamp}.{body}".encode(), hashlib.sha256
    ).digest()
    return "v1," + base64.b64encode(digest).decode()


def event_body(event: TriggerEvent, version: Version, log_id: str) -> dict[str, Any]:
    """The event as a subscription of ``version`` receives it."""
    if version == "V1":
        return {
            "trigger_name": event.trigger_slug,
            "trigger_id": event.trigger_id,
            "connection_id": event.connected_account_id,
            "payload": event.payload,
            "log_id": log_id,
        }
    if version == "V2":
        return {
            "type": event.trigger_slug.lower(),
            "timestamp": now(),
            "log_id": log_id,
            "data": {
                **event.payload,
                "connection_id": event.connected_account_uuid,
                "connection_nano_id": event.connected_account_id,
                "trigger_nano_id": event.trigger_id,
                "trigger_id": event.trigger_uuid,
                "user_id": event.user_id,
            },
        }
    return {
        "id": f"evt_{uuid.uuid4()}",
        "timestamp": now(),
        "type": TRIGGER_MESSAGE,
        "metadata": {
            "log_id": log_id,
            "trigger_slug": event.trigger_slug,
            "trigger_id": event.trigger_id,
            "connected_account_id": event.connected_account_id,
            "auth_config_id": event.auth_config_id,
            "user_id": event.user_id,
        },
        "data": event.payload,
    }


async def deliver(subscription: WebhookSubscriptionRecord, event: TriggerEvent) -> Delivery:
    """POST ``event`` to the subscription's URL, signed with its secret now; raises
    :class:`httpx.HTTPError` when the receiver cannot be reached."""
    webhook_id = f"msg_{uuid.uuid4().hex}"
    log_id = f"log_{uuid.uuid4().hex[:16]}"
    body = json.dumps(event_body(event, subscription.version, log_id), separators=(",", ":"))
    timestamp = str(int(time.time()))
    headers = {
        "content-type": "application/json",
        "webhook-id": webhook_id,
        "webhook-timestamp": timestamp,
        "webhook-signature": signature(subscription.secret, webhook_id, timestamp, body),
    }
    async with httpx.AsyncClient(timeout=DELIVERY_TIMEOUT_SECONDS, trust_env=False) as http:
        answer = await http.post(subscription.webhook_url, content=body, headers=headers)
    return Delivery(webhook_id, subscription.webhook_url, headers, body, answer.status_code)
