"""Composio's connected-account routes, in the shapes of ``composio-client`` 2.0.0rc19's
``connected_account_*`` types (the client ``composio`` 0.30 pins).

``POST /connected_accounts`` (``auth_config.id``, ``connection.user_id`` and
``connection.state``, ``{authScheme, val}``) answers 201 with ``{id, status,
connectionData}``; it connects the schemes that need no browser (``API_KEY``,
``BEARER_TOKEN``, ``BASIC``, ``NO_AUTH``, ...) at once, as ``ACTIVE``. A redirecting scheme
(``OAUTH1``, ``OAUTH2``, ``DCR_OAUTH``) would send the user to a consent page no one can
visit offline: it is a 400 that names the admin route seeding such an account,
``POST /_emulator/connected_accounts``. ``GET`` lists (filters, cursor paging) and
retrieves; ``PATCH /{id}/status`` enables or disables; ``DELETE`` answers
``{success: true}``, after which the account is a 404. Answers show the connection's
secrets masked when the project's ``mask_secret_keys_in_connected_account`` is on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ...api_errors import ApiError, bad_request
from ...api_routes import ApiRoute, routes_by_method
from ...project_config import project_config
from ...request_checks import comma_separated, cursor_page
from ...state import EmulatorState
from ...strict_bodies import strict_body
from ...wire import cursor_list, json_body
from ..auth_configs.records import AuthConfigRecord, auth_configs, why_unusable
from .records import ConnectedAccountRecord, connected_accounts, new_connected_account_id

__all__ = ["admin_routes", "admin_view", "connected_account_json", "connected_account_routes"]

SLUG = "ConnectedAccount_InvalidRequest"
_FIX = (
    "Send auth_config.id of an enabled auth config and connection.user_id, with "
    "connection.state {authScheme, val} carrying the credentials its scheme needs."
)
REDIRECTING_SCHEMES = frozenset({"OAUTH1", "OAUTH2", "DCR_OAUTH"})
"""Schemes whose connection sends the user to a consent page: not possible offline."""
_NEEDED: Mapping[str, tuple[str, ...]] = {
    "API_KEY": ("api_key", "generic_api_key", "bearer_token"),
    "BEARER_TOKEN": ("token",),
    "BASIC": ("username",),
}
"""For each scheme, the credential fields of which a connection must carry at least one."""
_SECRET_KEYS = frozenset(
    {
        "api_key",
        "generic_api_key",
        "bearer_token",
        "token",
        "password",
        "access_token",
        "refresh_token",
        "id_token",
        "oauth_token",
        "oauth_token_secret",
        "client_secret",
        "credentials_json",
    }
)
Status = Literal["INITIALIZING", "INITIATED", "ACTIVE", "FAILED", "EXPIRED", "INACTIVE", "REVOKED"]
_STATUSES: tuple[Status, ...] = get_args(Status)
_PAGE, _MAX_PAGE = 20, 1000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class _AuthConfigRef(_Strict):
    id: str = Field(min_length=1)


class _State(_Strict):
    auth_scheme: str = Field(alias="authScheme")
    val: dict[str, Any]


class _Connection(_Strict):
    user_id: str | None = None
    state: _State | None = None
    callback_url: str | None = None
    redirect_uri: str | None = None
    alias: str | None = None
    data: dict[str, Any] | None = None
    experimental: dict[str, Any] | None = None
    deprecated_is_v1_rerouted: bool | None = None


class _CreateBody(_Strict):
    auth_config: _AuthConfigRef
    connection: _Connection
    validate_credentials: bool | None = None


class _StatusBody(_Strict):
    enabled: bool


class _SeedBody(_Strict):
    user_id: str = Field(min_length=1)
    auth_config_id: str = Field(min_length=1)
    id: str | None = Field(default=None, pattern=r"^ca_[A-Za-z0-9_]+$")
    status: Status = "ACTIVE"
    values: dict[str, Any] | None = None


def _shown_values(values: Mapping[str, Any], masked: bool) -> dict[str, Any]:
    if not masked:
        return dict(values)
    return {
        key: (f"{str(value)[:4]}..." if key in _SECRET_KEYS and value else value)
        for key, value in values.items()
    }


def _state_json(record: ConnectedAccountRecord, masked: bool) -> dict[str, Any]:
    return {
        "authScheme": record.auth_scheme,
        "val": {**_shown_values(record.values, masked), "status": record.status},
    }


def connected_account_json(record: ConnectedAccountRecord, masked: bool) -> dict[str, Any]:
    """An account as ``GET /connected_accounts/{id}`` and list items show it."""
    state = _state_json(record, masked)
    return {
        "id": record.id,
        "user_id": record.user_id,
        "status": record.status,
        "status_reason": None,
        "is_disabled": record.is_disabled,
        "alias": record.alias,
        "toolkit": {"slug": record.toolkit},
        "auth_config": {
            "id": record.auth_config_id,
            "auth_scheme": record.auth_scheme,
            "is_composio_managed": record.is_composio_managed,
            "is_disabled": False,
        },
        "state": state,
        "data": state["val"],
        "params": state["val"],
        "deprecated": {"labels": [], "uuid": record.uuid},
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    }


def _not_found(account_id: str) -> ApiError:
    return ApiError(
        404,
        "ConnectedAccount_NotFound",
        f"No connected account with id {account_id!r}.",
        "List your connected accounts with GET /api/v3/connected_accounts to find the id.",
    )


def _usable_config(state: EmulatorState, config_id: str) -> AuthConfigRecord:
    why = why_unusable(state, config_id)
    record = auth_configs(state).get(config_id)
    if why is not None or record is None:
        raise bad_request(
            [f"auth_config.id: auth config {config_id!r} is {why or 'unknown'}"], _FIX, SLUG
        )
    return record


def _credential_problems(scheme: str, state: _State | None) -> list[str]:
    if scheme in REDIRECTING_SCHEMES:
        return [
            f"auth config uses {scheme}, whose connection sends the user to a consent page, "
            "which the emulator cannot show: seed a connected account with "
            "POST /_emulator/connected_accounts instead"
        ]
    if state is None:
        return [] if scheme == "NO_AUTH" else [f"connection.state is required for {scheme}"]
    problems = []
    if state.auth_scheme != scheme:
        problems.append(
            f"connection.state.authScheme: {state.auth_scheme!r} is not the auth config's "
            f"scheme, {scheme}"
        )
    status = state.val.get("status", "ACTIVE")
    if status != "ACTIVE":
        problems.append(f"connection.state.val.status: {status!r} must be ACTIVE")
    needed = _NEEDED.get(scheme, ())
    if needed and not any(state.val.get(key) for key in needed):
        problems.append(f"connection.state.val: {scheme} needs {' or '.join(needed)}")
    return problems


def _listed(
    accounts: list[ConnectedAccountRecord], params: Mapping[str, str]
) -> list[ConnectedAccountRecord]:
    filters: dict[str, Callable[[ConnectedAccountRecord], str]] = {
        "user_ids": lambda a: a.user_id,
        "auth_config_ids": lambda a: a.auth_config_id,
        "toolkit_slugs": lambda a: a.toolkit,
        "connected_account_ids": lambda a: a.id,
        "statuses": lambda a: a.status,
    }
    selected = accounts
    for name, value_of in filters.items():
        asked = comma_separated(params.get(name))
        if asked:
            selected = [a for a in selected if value_of(a) in asked]
    order_by = params.get("order_by", "created_at")
    descending = params.get("order_direction", "desc") == "desc"
    return sorted(
        selected,
        key=lambda a: a.updated_at if order_by == "updated_at" else a.created_at,
        reverse=descending,
    )


def _list_problems(params: Mapping[str, str]) -> list[str]:
    problems = [
        f"statuses: {status!r} is not one of {', '.join(_STATUSES)}"
        for status in comma_separated(params.get("statuses"))
        if status not in _STATUSES
    ]
    if params.get("order_by", "created_at") not in ("created_at", "updated_at"):
        problems.append("order_by must be created_at or updated_at")
    if params.get("order_direction", "desc") not in ("asc", "desc"):
        problems.append("order_direction must be asc or desc")
    return problems


def connected_account_routes(state: EmulatorState) -> list[ApiRoute]:
    """The connected-account routes, to be mounted under each API prefix."""
    store = connected_accounts(state)

    def masked() -> bool:
        return project_config(state).mask_secret_keys_in_connected_account

    def live(account_id: str) -> ConnectedAccountRecord:
        record = store.get(account_id)
        if record is None or record.deleted:
            raise _not_found(account_id)
        return record

    async def create(request: Request) -> Response:
        body = strict_body(_CreateBody, await json_body(request), SLUG, _FIX)
        config = _usable_config(state, body.auth_config.id)
        connection = body.connection
        problems = _credential_problems(config.auth_scheme, connection.state)
        user_id = connection.user_id or "default"
        if connection.alias is not None and any(
            a.alias == connection.alias and a.user_id == user_id and a.toolkit == config.toolkit
            for a in store.all()
        ):
            problems.append(f"connection.alias: {connection.alias!r} is taken for this user")
        if problems:
            raise bad_request(problems, _FIX, SLUG)
        values = dict(connection.state.val) if connection.state else {}
        values.pop("status", None)
        record = store.insert(
            ConnectedAccountRecord(
                id=new_connected_account_id(),
                user_id=user_id,
                auth_config_id=config.id,
                toolkit=config.toolkit,
                auth_scheme=config.auth_scheme,
                is_composio_managed=config.is_composio_managed,
                values=values,
                alias=connection.alias,
            )
        )
        created = {
            "id": record.id,
            "status": record.status,
            "connectionData": _state_json(record, masked()),
        }
        return JSONResponse(created, 201)

    async def list_page(request: Request) -> Response:
        params = request.query_params
        problems = _list_problems(params)
        page, limit = cursor_page(params, _PAGE, _MAX_PAGE, problems)
        if problems:
            raise bad_request(problems, "Fix the query parameters of the list call.", SLUG)
        hidden = masked()
        selected = _listed(store.all(), params)
        return JSONResponse(
            cursor_list(selected, page, limit, lambda a: connected_account_json(a, hidden))
        )

    async def retrieve(request: Request) -> Response:
        return JSONResponse(connected_account_json(live(request.path_params["id"]), masked()))

    async def update_status(request: Request) -> Response:
        account = live(request.path_params["id"])
        body = strict_body(_StatusBody, await json_body(request), SLUG, "Send {enabled: bool}.")
        changes = {"is_disabled": not body.enabled, "status": "ACTIVE"}
        if not body.enabled:
            changes["status"] = "INACTIVE"
        if store.update(account.id, changes) is None:
            raise _not_found(account.id)
        return JSONResponse({"success": True})

    async def delete(request: Request) -> Response:
        account_id = request.path_params["id"]
        if not store.delete(account_id):
            raise _not_found(account_id)
        return JSONResponse({"success": True})

    return [
        *routes_by_method("/connected_accounts", POST=create, GET=list_page),
        *routes_by_method("/connected_accounts/{id}", GET=retrieve, DELETE=delete),
        *routes_by_method("/connected_accounts/{id}/status", PATCH=update_status),
    ]


def admin_routes(state: EmulatorState) -> list[ApiRoute]:
    """``POST /_emulator/connected_accounts``: an account of any scheme, as if its user had
    just connected (``{user_id, auth_config_id}``, optionally ``id``, ``status`` and the
    connection's ``values``); answers 201 with the account as ``GET`` shows it."""
    store = connected_accounts(state)

    async def seed(request: Request) -> Response:
        fix = "Send {user_id, auth_config_id} of an enabled auth config."
        body = strict_body(_SeedBody, await json_body(request), SLUG, fix)
        config = _usable_config(state, body.auth_config_id)
        account_id = body.id or new_connected_account_id()
        if store.get(account_id) is not None:
            raise ApiError(409, "ConnectedAccount_Exists", f"{account_id} exists already.", fix)
        values = body.values
        if values is None:
            values = {"access_token": "emulated-access-token"}
        record = store.insert(
            ConnectedAccountRecord(
                id=account_id,
                user_id=body.user_id,
                auth_config_id=config.id,
                toolkit=config.toolkit,
                auth_scheme=config.auth_scheme,
                is_composio_managed=config.is_composio_managed,
                values=values,
                status=body.status,
            )
        )
        return JSONResponse(connected_account_json(record, masked=False), 201)

    return routes_by_method("/connected_accounts", POST=seed)


def admin_view(
    state: EmulatorState, request: Request, include_deleted: bool
) -> list[dict[str, Any]]:
    """Every account as the API shows it (secrets masked), with ``deleted``."""
    return [
        {**connected_account_json(record, masked=True), "deleted": record.deleted}
        for record in connected_accounts(state).all(include_deleted=include_deleted)
    ]
