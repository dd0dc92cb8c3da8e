"""Trigger and webhook flows of Composio's Python SDK (``composio`` 0.30), written as its docs
teach them.

Run by :mod:`tests.support.composio_sdk` with the SDK's own virtualenv (this file
imports nothing of the project's): ``python composio_sdk_trigger_flows.py FLOW BASE_URL
API_KEY [ARGS...]`` prints what the SDK saw as one JSON object. The SDK is unchanged: only
its documented constructor arguments point it at the emulator, and tracking is off.

The ``deliveries`` flow also plays the team's receiver: a local HTTP server the project's
webhook subscription points at, which keeps each delivery's headers and raw body, and it
fires events through the emulator's admin route (its token is the flow's argument). The
admin route answers once the receiver has answered, so every delivery is in hand when the
flow checks it: nothing waits on a clock.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
from composio import Composio
from composio.core.models.connected_accounts import auth_scheme
from composio.exceptions import WebhookSignatureVerificationError

ISSUE = "GITHUB_ISSUE_ADDED_EVENT"


def _composio(base_url: str, api_key: str) -> Any:
    return Composio(api_key=api_key, base_url=base_url, allow_tracking=False, max_retries=0)


def _error(call: Callable[[], Any]) -> dict[str, Any] | None:
    """What the SDK raised for ``call`` (status and message), or ``None`` if it worked."""
    try:
        call()
    except Exception as error:  # noqa: BLE001 - the test reads which error it was
        return {
            "type": type(error).__name__,
            "status": getattr(error, "status_code", None),
            "message": str(error),
        }
    return None


def _github_account(composio: Any, user_id: str) -> str:
    """A GitHub connection of ``user_id`` through a bearer-token auth config of the team's
    own, made as the SDK's docs teach (no browser involved)."""
    config = composio.auth_configs.create(
        "github",
        {"type": "use_custom_auth", "auth_scheme": "BEARER_TOKEN", "credentials": {}},
    )
    request = composio.connected_accounts.initiate(
        user_id, config.id, config=auth_scheme.bearer_token({"token": "ghp_emulated"})
    )
    return str(request.id)


def triggers(composio: Any, user_id: str) -> dict[str, Any]:
    """Trigger types, then a trigger's create, upsert in place, disable, enable, delete."""
    listed = composio.triggers.list(toolkit_slugs=["github"])
    kind = composio.triggers.get_type(ISSUE)
    account_id = _github_account(composio, user_id)
    made = composio.triggers.create(
        ISSUE, user_id=user_id, trigger_config={"owner": "octocat", "repo": "hello-world"}
    )
    first = composio.triggers.list_active(trigger_ids=[made.trigger_id]).items
    again = composio.triggers.create(
        ISSUE,
        connected_account_id=account_id,
        trigger_config={"owner": "octocat", "repo": "spoon-knife"},
    )
    composio.triggers.disable(made.trigger_id)
    hidden = composio.triggers.list_active(trigger_ids=[made.trigger_id]).items
    disabled = composio.triggers.list_active(trigger_ids=[made.trigger_id], show_disabled=True)
    composio.triggers.enable(made.trigger_id)
    enabled = composio.triggers.list_active(trigger_names=[ISSUE.lower()]).items
    bad_config = _error(
        lambda: composio.triggers.create(
            ISSUE, user_id=user_id, trigger_config={"owner": "octocat", "branch": "main"}
        )
    )
    nobody = _error(
        lambda: composio.triggers.create(
            ISSUE, user_id="nobody", trigger_config={"owner": "o", "repo": "r"}
        )
    )
    unknown = _error(lambda: composio.triggers.create("GITHUB_NO_SUCH_EVENT", user_id=user_id))
    deleted = composio.triggers.delete(made.trigger_id)
    after = composio.triggers.list_active(show_disabled=True).items
    return {
        "types": [item.slug for item in listed.items],
        "config_required": kind.config["required"],
        "toolkit": kind.toolkit.slug,
        "account_id": account_id,
        "trigger_id": made.trigger_id,
        "first": [
            {
                "id": item.id,
                "config": item.trigger_config,
                "name": item.trigger_name,
                "user": item.user_id,
                "account": item.connected_account_id,
            }
            for item in first
        ],
        "again_id": again.trigger_id,
        "hidden": len(hidden),
        "disabled": [(item.id, item.disabled_at is not None) for item in disabled.items],
        "disabled_config": [item.trigger_config for item in disabled.items],
        "enabled": [(item.id, item.disabled_at) for item in enabled],
        "bad_config": bad_config,
        "nobody": nobody,
        "unknown": unknown,
        "deleted": deleted.trigger_id,
        "after": len(after),
    }


def subscriptions(composio: Any, url: str) -> dict[str, Any]:
    """The project's webhook subscription: set (create), the second create refused, get,
    update, rotate the secret, the event types, delete."""
    events = composio.webhooks.subscriptions.list_event_types()
    made = composio.webhooks.subscriptions.set(webhook_url=url)
    second = _error(
        lambda: composio.client.webhook_subscriptions.create(
            webhook_url=url, enabled_events=["composio.trigger.message"]
        )
    )
    got = composio.webhooks.subscriptions.get(made["id"])
    moved = composio.webhooks.subscriptions.set(webhook_url=url + "/moved", version="V2")
    updated = composio.webhooks.subscriptions.update(
        made["id"], enabled_events=["composio.trigger.message"], version="V3"
    )
    rotated = composio.webhooks.subscriptions.rotate_secret(made["id"])
    after_rotation = composio.webhooks.subscriptions.get(made["id"])
    bad_url = _error(
        lambda: composio.webhooks.subscriptions.update(made["id"], webhook_url="http://x.test/")
    )
    deleted = composio.webhooks.subscriptions.delete(made["id"])
    gone = _error(lambda: composio.webhooks.subscriptions.get(made["id"]))
    listed = composio.webhooks.subscriptions.list()
    return {
        "event_types": {item.event_type: item.supported_versions for item in events.items},
        "made": made,
        "second": second,
        "got": {"id": got.id, "secret": got.secret, "url": got.webhook_url},
        "moved": moved,
        "updated": {"version": updated.version, "events": updated.enabled_events},
        "rotated": {"id": rotated.id, "secret": rotated.secret},
        "secret_after_rotation": after_rotation.secret,
        "bad_url": bad_url,
        "deleted": deleted.success,
        "gone": gone,
        "left": len(listed.items),
    }


class _Receiver(BaseHTTPRequestHandler):
    received: list[dict[str, Any]]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"])).decode()
        self.received.append({"headers": dict(self.headers.items()), "body": body})
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return


@contextmanager
def _receiver() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []
    handler = type("Receiver", (_Receiver,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/webhooks/composio", received
    finally:
        server.shutdown()
        server.server_close()


def _verified(composio: Any, delivery: dict[str, Any], secret: str) -> dict[str, Any]:
    """What ``triggers.verify_webhook`` makes of a delivery with ``secret``."""
    headers = delivery["headers"]
    try:
        result = composio.triggers.verify_webhook(
            id=headers.get("webhook-id", ""),
            payload=delivery["body"],
            signature=headers.get("webhook-signature", ""),
            timestamp=headers.get("webhook-timestamp", ""),
            secret=secret,
        )
    except WebhookSignatureVerificationError as error:
        return {"verified": False, "error": str(error)}
    return {
        "verified": True,
        "version": str(result["version"].value),
        "trigger_slug": result["payload"]["trigger_slug"],
        "trigger_id": result["payload"]["id"],
        "user_id": result["payload"]["user_id"],
        "payload": result["payload"]["payload"],
    }


def deliveries(composio: Any, admin_token: str) -> dict[str, Any]:
    """A trigger's events delivered to a local receiver, verified with the subscription's
    secret; after a rotation, the old secret refused and the new one accepted."""
    base_url = str(composio.client.base_url).rstrip("/")
    admin = httpx.Client(
        base_url=base_url + "/_emulator", headers={"authorization": f"Bearer {admin_token}"}
    )
    user_id = "support-bot"
    _github_account(composio, user_id)
    trigger = composio.triggers.create(
        ISSUE, user_id=user_id, trigger_config={"owner": "octocat", "repo": "hello-world"}
    )
    event = {"action": "opened", "number": 7, "title": "It broke", "issue_id": 1}
    with _receiver() as (url, received):
        subscription = composio.webhooks.subscriptions.set(webhook_url=url)
        old = subscription["secret"]
        fired = admin.post(f"/triggers/{trigger.trigger_id}/fire", json=event)
        first = received[-1]
        new = composio.webhooks.subscriptions.rotate_secret(subscription["id"]).secret
        refired = admin.post(f"/triggers/{trigger.trigger_id}/fire", json=event)
        second = received[-1]
        bad_payload = admin.post(f"/triggers/{trigger.trigger_id}/fire", json={"number": "7"})
    return {
        "trigger_id": trigger.trigger_id,
        "fired": fired.json(),
        "refired_status": refired.status_code,
        "received": len(received),
        "first": _verified(composio, first, old),
        "first_tampered": _verified(composio, {**first, "body": first["body"] + " "}, old),
        "second_old_secret": _verified(composio, second, old),
        "second_new_secret": _verified(composio, second, new),
        "bad_payload": {"status": bad_payload.status_code, **bad_payload.json()},
    }


FLOWS: dict[str, Callable[..., dict[str, Any]]] = {
    "triggers": triggers,
    "subscriptions": subscriptions,
    "deliveries": deliveries,
}

if __name__ == "__main__":
    name, base_url, api_key, *rest = sys.argv[1:]
    print(json.dumps(FLOWS[name](_composio(base_url, api_key), *rest), default=str))
