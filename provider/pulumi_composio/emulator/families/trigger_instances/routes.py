"""Composio's trigger-instance routes, in the shapes of ``composio-client`` 2.0.0rc19's
``trigger_instance_*`` types (the client ``composio`` 0.30 pins), and the admin route firing
one.

``POST /trigger_instances/{slug}/upsert`` sets a trigger type up on a connected account:
the account named by ``connected_account_id``, or the first active one of ``user_id`` for
the type's toolkit, as Composio resolves it. ``trigger_config`` is checked against the
type's config schema (required fields, types, and no field the schema lacks);
``toolkit_versions`` must name ``latest`` or a version the toolkit has. Composio keeps one
instance per type and connected account: upserting again changes that instance's config in
place and answers the same ``trigger_id``. ``PATCH /trigger_instances/manage/{id}``
(``status`` ``enable`` or ``disable``) answers ``{status: "success"}``; ``DELETE`` the same
path answers ``{trigger_id}``, after which it is a 404. ``GET /trigger_instances/active``
lists enabled instances (``show_disabled`` for all), filtered by ``user_ids``,
``connected_account_ids``, ``auth_config_ids``, ``trigger_ids``, ``trigger_names``
(comma-separated; the camelCase names the client still sends too), paged by cursor.

With the project's ``is_2FA_enabled`` on, a ``user_id`` sent beside a
``connected_account_id`` (or to ``manage``) must be that account's owner (400 otherwise).

``POST /_emulator/triggers/{trigger_id}/fire`` (the admin surface) takes an event's payload
as its body, checks it against the type's payload schema, and delivers it to the project's
webhook subscription, signed (:mod:`..webhook_subscriptions.delivery`); it answers what was
sent and the receiver's status once the receiver has answered.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import httpx
import jsonschema
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ...api_errors import ApiError, bad_request
from ...api_routes import ApiRoute, routes_by_method
from ...catalogue import TriggerType
from ...database import now
from ...project_config import project_config
from ...request_checks import comma_separated, cursor_page
from ...state import EmulatorState
from ...strict_bodies import strict_body
from ...wire import cursor_list, json_body
from ..catalogue.routes import VERSION
from ..connected_accounts.records import (
    ConnectedAccountRecord,
    active_account_of,
    connected_accounts,
)
from ..trigger_types.routes import trigger_type_of, version_problems
from ..webhook_subscriptions.delivery import TriggerEvent, deliver
from ..webhook_subscriptions.records import TRIGGER_MESSAGE, current_subscription
from .records import TriggerInstanceRecord, new_trigger_id, trigger_instances

__all__ = ["admin_routes", "admin_view", "trigger_instance_json", "trigger_instance_routes"]

SLUG = "TriggerInstance_InvalidRequest"
_FIX = (
    "Send user_id (or connected_account_id) of an active connected account of the trigger's "
    "toolkit, and a trigger_config that fits the trigger type's config schema "
    "(GET /triggers_types/{slug})."
)
_PAGE, _MAX_PAGE = 20, 1000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class _UpsertBody(_Strict):
    connected_account_id: str | None = None
    connected_auth_id: str | None = Field(default=None, alias="connectedAuthId")
    user_id: str | None = None
    trigger_config: dict[str, Any] | None = None
    deprecated_trigger_config: dict[str, Any] | None = Field(default=None, alias="triggerConfig")
    toolkit_versions: str | dict[str, str] | None = None
    version: str | None = None
    egress_url: str | None = None


class _ManageBody(_Strict):
    status: Any = None
    user_id: str | None = None
    egress_url: str | None = None


def config_problems(kind: TriggerType, config: Mapping[str, Any]) -> list[str]:
    """Why ``config`` does not fit ``kind``'s config schema, one line per problem."""
    validator = jsonschema.Draft202012Validator(kind.config)
    problems = []
    for error in validator.iter_errors(config):
        where = ".".join(str(part) for part in error.absolute_path)
        problems.append(f"trigger_config{'.' + where if where else ''}: {error.message}")
    fields = sorted(kind.config.get("properties", {}))
    problems += [
        f"trigger_config.{key}: not a field of {kind.slug}'s config "
        f"(its fields: {', '.join(fields) or 'none'})"
        for key in config
        if key not in fields
    ]
    return problems


def trigger_instance_json(record: TriggerInstanceRecord) -> dict[str, Any]:
    """An instance as the items of ``GET /trigger_instances/active`` show it, in the snake
    case names and the deprecated camelCase ones the client still reads."""
    return {
        "id": record.id,
        "uuid": record.uuid,
        "trigger_name": record.slug,
        "triggerName": record.slug,
        "user_id": record.user_id,
        "connected_account_id": record.connected_account_id,
        "connectedAccountId": record.connected_account_id,
        "connected_account_uuid": record.connected_account_uuid,
        "auth_config_id": record.auth_config_id,
        "trigger_config": record.trigger_config,
        "triggerConfig": record.trigger_config,
        "state": {},
        "trigger_data": None,
        "version": record.version,
        "egress_url": None,
        "disabled_at": record.disabled_at,
        "disabledAt": record.disabled_at,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "updatedAt": record.updated_at,
        "deprecated": {"createdAt": record.created_at},
    }


def _not_found(trigger_id: str) -> ApiError:
    return ApiError(
        404,
        "TriggerInstance_NotFound",
        f"No trigger instance with id {trigger_id!r}.",
        "List the project's triggers with GET /trigger_instances/active?show_disabled=true.",
    )


def _owner_problems(state: EmulatorState, user_id: str | None, account: Any) -> list[str]:
    if user_id is None or not project_config(state).is_2FA_enabled:
        return []
    if account.user_id == user_id:
        return []
    return [f"user_id: {user_id!r} does not own connected account {account.id} (2FA is on)"]


def _account_for(
    state: EmulatorState, body: _UpsertBody, kind: TriggerType
) -> tuple[ConnectedAccountRecord | None, list[str]]:
    """The connected account the trigger acts through, or the problems that leave none."""
    account_id = body.connected_account_id or body.connected_auth_id
    if account_id:
        account = connected_accounts(state).get(account_id)
        if account is None or account.deleted:
            return None, [f"connected_account_id: no connected account {account_id!r}"]
        problems = _owner_problems(state, body.user_id, account)
        if account.toolkit != kind.toolkit:
            problems.append(
                f"connected_account_id: {account_id} connects {account.toolkit}, "
                f"not {kind.toolkit}, the toolkit of {kind.slug}"
            )
        if not account.usable:
            problems.append(f"connected_account_id: {account_id} is not active")
        return account, problems
    if not body.user_id:
        return None, ["user_id or connected_account_id is required"]
    account = active_account_of(state, body.user_id, kind.toolkit)
    if account is None:
        return None, [
            f"user_id: {body.user_id!r} has no active connected account for {kind.toolkit}; "
            "connect one first (POST /connected_accounts)"
        ]
    return account, []


def _listed(
    records: list[TriggerInstanceRecord], params: Mapping[str, str], problems: list[str]
) -> list[TriggerInstanceRecord]:
    def asked(*names: str) -> frozenset[str]:
        return frozenset().union(*(comma_separated(params.get(name)) for name in names))

    filters: list[tuple[frozenset[str], Callable[[TriggerInstanceRecord], str]]] = [
        (asked("user_ids"), lambda r: r.user_id),
        (asked("connected_account_ids", "connectedAccountIds"), lambda r: r.connected_account_id),
        (asked("auth_config_ids", "authConfigIds"), lambda r: r.auth_config_id),
        (asked("trigger_ids", "triggerIds"), lambda r: r.id),
        (frozenset(n.upper() for n in asked("trigger_names", "triggerNames")), lambda r: r.slug),
    ]
    shown = params.get("show_disabled", params.get("showDisabled", "false")).lower()
    if shown not in ("true", "false"):
        problems.append(f"show_disabled must be true or false, not {shown!r}")
    return [
        record
        for record in records
        if (record.enabled or shown == "true")
        and all(not wanted or value_of(record) in wanted for wanted, value_of in filters)
    ]


def trigger_instance_routes(state: EmulatorState) -> list[ApiRoute]:
    """The trigger-instance routes, to be mounted under each API prefix."""
    store = trigger_instances(state)
    catalogue = state.settings.catalogue

    def live(trigger_id: str) -> TriggerInstanceRecord:
        record = store.get(trigger_id)
        if record is None or record.deleted:
            raise _not_found(trigger_id)
        return record

    async def upsert(request: Request) -> Response:
        slug = request.path_params["slug"]
        kind = trigger_type_of(catalogue, slug)
        if kind is None:
            raise ApiError(
                404,
                "TriggerType_NotFound",
                f"No trigger type with slug {slug!r}.",
                "List the trigger types with GET /triggers_types?toolkit_slugs=<toolkit>.",
            )
        body = strict_body(_UpsertBody, await json_body(request), SLUG, _FIX)
        config = body.trigger_config or body.deprecated_trigger_config or {}
        account, problems = _account_for(state, body, kind)
        problems += config_problems(kind, config)
        problems += version_problems(body.toolkit_versions, {kind.toolkit})
        if problems or account is None:
            raise bad_request(problems, _FIX, SLUG)
        same = next(
            (
                record
                for record in store.all()
                if record.slug == kind.slug and record.connected_account_id == account.id
            ),
            None,
        )
        if same is not None:
            record = store.update(same.id, {"trigger_config": config, "version": VERSION})
            if record is None:
                raise _not_found(same.id)
        else:
            record = store.insert(
                TriggerInstanceRecord(
                    id=new_trigger_id(),
                    slug=kind.slug,
                    toolkit=kind.toolkit,
                    user_id=account.user_id,
                    connected_account_id=account.id,
                    connected_account_uuid=account.uuid,
                    auth_config_id=account.auth_config_id,
                    trigger_config=config,
                    version=VERSION,
                )
            )
        return JSONResponse({"trigger_id": record.id, "deprecated": {"uuid": record.uuid}})

    async def manage(request: Request) -> Response:
        record = live(request.path_params["id"])
        body = strict_body(_ManageBody, await json_body(request), SLUG, "Send status.")
        problems = []
        if body.status not in ("enable", "disable"):
            problems.append(f"status must be enable or disable, not {body.status!r}")
        account = connected_accounts(state).get(record.connected_account_id)
        if account is not None:
            problems += _owner_problems(state, body.user_id, account)
        if body.status == "enable" and (account is None or not account.usable):
            problems.append(f"connected account {record.connected_account_id} is not active")
        if problems:
            raise bad_request(problems, "Send status enable or disable.", SLUG)
        enabled = body.status == "enable"
        changes = {"enabled": enabled, "disabled_at": None if enabled else now()}
        if record.enabled == enabled:
            changes.pop("disabled_at")
        if store.update(record.id, changes) is None:
            raise _not_found(record.id)
        return JSONResponse({"status": "success"})

    async def delete(request: Request) -> Response:
        record = live(request.path_params["id"])
        if not store.delete(record.id):
            raise _not_found(record.id)
        return JSONResponse({"trigger_id": record.id})

    async def list_active(request: Request) -> Response:
        params = request.query_params
        problems: list[str] = []
        page, limit = cursor_page(params, _PAGE, _MAX_PAGE, problems)
        selected = _listed(store.all(), params, problems)
        if problems:
            raise bad_request(problems, "Fix the query parameters of the list call.", SLUG)
        return JSONResponse(cursor_list(selected, page, limit, trigger_instance_json))

    return [
        *routes_by_method("/trigger_instances/active", GET=list_active),
        *routes_by_method("/trigger_instances/{slug}/upsert", POST=upsert),
        *routes_by_method("/trigger_instances/manage/{id}", PATCH=manage, DELETE=delete),
    ]


def _unfired(reason: str, fix: str) -> ApiError:
    return ApiError(409, "Trigger_NotDelivered", reason, fix)


def admin_routes(state: EmulatorState) -> list[ApiRoute]:
    """``POST /_emulator/triggers/{trigger_id}/fire``: deliver an event of the trigger."""
    store = trigger_instances(state)
    catalogue = state.settings.catalogue

    async def fire(request: Request) -> Response:
        trigger_id = request.path_params["trigger_id"]
        record = store.get(trigger_id)
        if record is None or record.deleted:
            raise _not_found(trigger_id)
        payload = await json_body(request)
        kind = trigger_type_of(catalogue, record.slug)
        if not isinstance(payload, dict) or kind is None:
            raise bad_request(["the body must be the event's payload, a JSON object"], "", SLUG)
        validator = jsonschema.Draft202012Validator(kind.payload)
        problems = [
            f"payload{'.' + '.'.join(map(str, e.absolute_path)) if e.absolute_path else ''}: "
            f"{e.message}"
            for e in validator.iter_errors(payload)
        ]
        if problems:
            raise bad_request(problems, f"Send a payload that fits {kind.slug}'s schema.", SLUG)
        if not record.enabled:
            raise _unfired(f"Trigger {trigger_id} is disabled.", "Enable it first.")
        subscription = current_subscription(state)
        if subscription is None:
            raise _unfired(
                "The project has no webhook subscription to deliver to.",
                "Create one with POST /api/v3/webhook_subscriptions.",
            )
        if TRIGGER_MESSAGE not in subscription.enabled_events:
            raise _unfired(
                f"The webhook subscription does not enable {TRIGGER_MESSAGE}.",
                f"Add {TRIGGER_MESSAGE} to its enabled_events.",
            )
        event = TriggerEvent(
            trigger_id=record.id,
            trigger_uuid=record.uuid,
            trigger_slug=record.slug,
            user_id=record.user_id,
            connected_account_id=record.connected_account_id,
            connected_account_uuid=record.connected_account_uuid,
            auth_config_id=record.auth_config_id,
            payload=payload,
        )
        try:
            delivery = await deliver(subscription, event)
        except httpx.HTTPError as error:
            raise ApiError(
                502,
                "WebhookDelivery_Failed",
                f"Could not deliver to {subscription.webhook_url}: {error!r}",
                "Start the receiver before firing, or fix the subscription's webhook_url.",
            ) from None
        return JSONResponse(delivery.json())

    return routes_by_method("/triggers/{trigger_id}/fire", POST=fire)


def admin_view(
    state: EmulatorState, request: Request, include_deleted: bool
) -> list[dict[str, Any]]:
    """Every instance as the list shows it, with ``enabled`` and ``deleted``."""
    return [
        {**trigger_instance_json(record), "enabled": record.enabled, "deleted": record.deleted}
        for record in trigger_instances(state).all(include_deleted=include_deleted)
    ]
