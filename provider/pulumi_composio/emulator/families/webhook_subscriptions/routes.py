"""Composio's webhook-subscription routes, in the shapes of ``composio-client`` 2.0.0rc19's
``webhook_subscription_*`` types (the client ``composio`` 0.30 pins).

``POST /webhook_subscriptions`` (``webhook_url``, ``enabled_events``, ``version``, V3 by
default) answers 201 with the subscription and its signing ``secret``; the project has
one, so a second create is a 409 naming the one to update. ``GET`` lists and retrieves,
``PATCH`` changes the fields it gives, ``DELETE`` answers ``{success: true}``;
``POST /{id}/rotate_secret`` answers ``{id, secret}`` and signs every later delivery with
the new secret; ``GET /event_types`` lists what ``enabled_events`` may name.

Where the secret shows: on create and rotation always. Composio's v3 reference says the
other answers carry it masked (full secret only on create/rotate), while its v3.1 reference
and the v3.1 client (which requires a ``secret`` in every answer) show it whole: the
emulator answers as each version says, masked under ``/api/v3``, whole under ``/api/v3.1``.

A ``webhook_url`` must be https, or http to a loopback host (a local receiver in tests).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ...api_errors import ApiError, bad_request
from ...api_routes import ApiRoute, routes_by_method
from ...request_checks import cursor_page
from ...state import EmulatorState
from ...strict_bodies import strict_body
from ...wire import cursor_list, json_body
from .records import (
    EVENT_TYPES,
    Version,
    WebhookSubscriptionRecord,
    current_subscription,
    new_secret,
    new_subscription_id,
    webhook_subscriptions,
)

__all__ = ["admin_view", "subscription_json", "webhook_subscription_routes"]

SLUG = "WebhookSubscription_InvalidRequest"
_FIX = (
    "Send webhook_url (https, or http to localhost), enabled_events from "
    "GET /webhook_subscriptions/event_types, and version V1, V2 or V3."
)
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
_PAGE, _MAX_PAGE = 20, 50


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _CreateBody(_Strict):
    webhook_url: str = Field(max_length=2048)
    enabled_events: list[str] = Field(min_length=1)
    version: Version = "V3"


class _UpdateBody(_Strict):
    webhook_url: str | None = Field(default=None, max_length=2048)
    enabled_events: list[str] | None = Field(default=None, min_length=1)
    version: Version | None = None


def _masked(secret: str) -> str:
    return f"{'*' * 8}{secret[-4:]}"


def subscription_json(record: WebhookSubscriptionRecord, *, whole_secret: bool) -> dict[str, Any]:
    """The subscription as the API answers it, its secret whole or masked."""
    return {
        "id": record.id,
        "webhook_url": record.webhook_url,
        "version": record.version,
        "enabled_events": record.enabled_events,
        "secret": record.secret if whole_secret else _masked(record.secret),
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    }


def _url_problems(url: str | None) -> list[str]:
    if url is None:
        return []
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return []
    if parts.scheme == "http" and parts.hostname in _LOOPBACK:
        return []
    return [f"webhook_url: {url!r} must be an https URL (http only to localhost)"]


def _event_problems(events: list[str] | None, version: Version) -> list[str]:
    problems = []
    for event in events or []:
        known = EVENT_TYPES.get(event)
        if known is None:
            problems.append(
                f"enabled_events: unknown event type {event!r} (known: {', '.join(EVENT_TYPES)})"
            )
        elif version not in known[1]:
            problems.append(f"enabled_events: {event} is not delivered in version {version}")
    return problems


def _not_found(subscription_id: str) -> ApiError:
    return ApiError(
        404,
        "WebhookSubscription_NotFound",
        f"No webhook subscription with id {subscription_id!r}.",
        "List the project's subscription with GET /webhook_subscriptions.",
    )


def webhook_subscription_routes(state: EmulatorState) -> list[ApiRoute]:
    """The webhook-subscription routes, to be mounted under each API prefix."""
    store = webhook_subscriptions(state)

    def whole(request: Request) -> bool:
        return request.url.path.startswith("/api/v3.1/")

    def live(request: Request) -> WebhookSubscriptionRecord:
        subscription_id = request.path_params["id"]
        record = store.get(subscription_id)
        if record is None or record.deleted:
            raise _not_found(subscription_id)
        return record

    async def create(request: Request) -> Response:
        body = strict_body(_CreateBody, await json_body(request), SLUG, _FIX)
        problems = _url_problems(body.webhook_url) + _event_problems(
            body.enabled_events, body.version
        )
        if problems:
            raise bad_request(problems, _FIX, SLUG)
        existing = current_subscription(state)
        if existing is not None:
            raise ApiError(
                409,
                "WebhookSubscription_AlreadyExists",
                f"The project already has a webhook subscription, {existing.id}; "
                "only one is allowed per project.",
                f"Update it with PATCH /webhook_subscriptions/{existing.id}, or delete it first.",
            )
        record = store.insert(
            WebhookSubscriptionRecord(
                id=new_subscription_id(),
                webhook_url=body.webhook_url,
                enabled_events=list(dict.fromkeys(body.enabled_events)),
                secret=new_secret(),
                version=body.version,
            )
        )
        return JSONResponse(subscription_json(record, whole_secret=True), 201)

    async def list_page(request: Request) -> Response:
        problems: list[str] = []
        page, limit = cursor_page(request.query_params, _PAGE, _MAX_PAGE, problems)
        if problems:
            raise bad_request(problems, "Fix the query parameters of the list call.", SLUG)
        shown = whole(request)
        return JSONResponse(
            cursor_list(
                store.all(), page, limit, lambda r: subscription_json(r, whole_secret=shown)
            )
        )

    async def retrieve(request: Request) -> Response:
        return JSONResponse(subscription_json(live(request), whole_secret=whole(request)))

    async def update(request: Request) -> Response:
        record = live(request)
        body = strict_body(_UpdateBody, await json_body(request), SLUG, _FIX)
        changes = body.model_dump(exclude_none=True)
        version = changes.get("version", record.version)
        events = changes.get("enabled_events", record.enabled_events)
        problems = _url_problems(body.webhook_url) + _event_problems(events, version)
        if problems:
            raise bad_request(problems, _FIX, SLUG)
        if "enabled_events" in changes:
            changes["enabled_events"] = list(dict.fromkeys(changes["enabled_events"]))
        updated = store.update(record.id, changes)
        if updated is None:
            raise _not_found(record.id)
        return JSONResponse(subscription_json(updated, whole_secret=whole(request)))

    async def delete(request: Request) -> Response:
        record = live(request)
        if not store.delete(record.id):
            raise _not_found(record.id)
        return JSONResponse({"success": True})

    async def rotate_secret(request: Request) -> Response:
        record = live(request)
        updated = store.update(record.id, {"secret": new_secret()})
        if updated is None:
            raise _not_found(record.id)
        return JSONResponse({"id": updated.id, "secret": updated.secret})

    async def event_types(request: Request) -> Response:
        items = [
            {"event_type": name, "description": text, "supported_versions": list(versions)}
            for name, (text, versions) in EVENT_TYPES.items()
        ]
        return JSONResponse({"items": items})

    base = "/webhook_subscriptions"
    return [
        *routes_by_method(base, POST=create, GET=list_page),
        *routes_by_method(f"{base}/event_types", GET=event_types),
        *routes_by_method(f"{base}/{{id}}", GET=retrieve, PATCH=update, DELETE=delete),
        *routes_by_method(f"{base}/{{id}}/rotate_secret", POST=rotate_secret),
    ]


def admin_view(
    state: EmulatorState, request: Request, include_deleted: bool
) -> list[dict[str, Any]]:
    """Every subscription with its whole secret (a test's receiver verifies with it) and
    ``deleted``."""
    return [
        {**subscription_json(record, whole_secret=True), "deleted": record.deleted}
        for record in webhook_subscriptions(state).all(include_deleted=include_deleted)
    ]
