"""Composio's auth-config routes, in the shapes of the official SDK's ``auth_config_*`` types.

``POST /auth_configs`` answers 201 with the short create form; ``GET`` of one config, and
both ``PATCH`` routes, answer the full config; ``DELETE`` answers ``{id, deleted: true}``.
A deleted config is gone for this API: 404 on every route, left out of lists. Every
answer shows credentials only as :func:`.redaction.redacted` makes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ...api_errors import ApiError
from ...api_routes import ApiRoute, routes_by_method
from ...documents import Collection
from ...state import EmulatorState
from ...wire import cursor_list, json_body
from .records import AuthConfigRecord, auth_configs
from .redaction import redacted
from .validation import (
    AuthConfigListQuery,
    auth_config_changes,
    auth_config_list_query,
    auth_config_status,
    new_auth_config,
)

__all__ = ["admin_view", "auth_config_json", "auth_config_routes"]

Configs = Collection[AuthConfigRecord]

LOGO_HOST = "https://logos.composio.dev/api"


def auth_config_json(record: AuthConfigRecord) -> dict[str, Any]:
    """One config as ``GET /auth_configs/{id}`` and list items show it, credentials redacted."""
    return {
        "id": record.id,
        "uuid": record.uuid,
        "name": record.name,
        "type": record.type,
        "status": record.status,
        "toolkit": {"slug": record.toolkit, "logo": f"{LOGO_HOST}/{record.toolkit}"},
        "auth_scheme": record.auth_scheme,
        "is_composio_managed": record.is_composio_managed,
        "credentials": redacted(record.credentials),
        "shared_credentials": redacted(record.shared_credentials),
        "proxy_config": redacted(record.proxy_config) if record.proxy_config else None,
        "restrict_to_following_tools": record.restrict_to_following_tools,
        "tool_access_config": {
            "tools_available_for_execution": record.restrict_to_following_tools,
            "tools_for_connected_account_creation": record.tools_for_connected_account_creation,
        },
        "is_enabled_for_tool_router": record.is_enabled_for_tool_router,
        "no_of_connections": 0,
        "expected_input_fields": [],
        "created_at": record.created_at,
        "last_updated_at": record.last_updated_at,
    }


def _created_json(record: AuthConfigRecord) -> dict[str, Any]:
    """The ``201`` body of a create, the SDK's ``AuthConfigCreateResponse``."""
    return {
        "toolkit": {"slug": record.toolkit},
        "auth_config": {
            "id": record.id,
            "auth_scheme": record.auth_scheme,
            "is_composio_managed": record.is_composio_managed,
            "restrict_to_following_tools": record.restrict_to_following_tools,
        },
    }


def _not_found(config_id: str) -> ApiError:
    return ApiError(
        404,
        "AuthConfig_NotFound",
        f"No auth config with id {config_id!r}.",
        "List your auth configs with GET /api/v3/auth_configs to find the right id.",
    )


def _live(store: Configs, config_id: str) -> AuthConfigRecord:
    record = store.get(config_id)
    if record is None or record.deleted:
        raise _not_found(config_id)
    return record


def _updated(store: Configs, config_id: str, changes: Mapping[str, Any]) -> Response:
    """``changes`` applied to a live config, answered as the full config."""
    record = store.update(config_id, changes)
    if record is None:
        raise _not_found(config_id)
    return JSONResponse(auth_config_json(record))


def _listed(store: Configs, query: AuthConfigListQuery) -> list[AuthConfigRecord]:
    """The live configs the query selects, newest first."""
    search = query.search.lower() if query.search else None
    return [
        record
        for record in reversed(store.all())
        if (not query.toolkit_slugs or record.toolkit in query.toolkit_slugs)
        and (
            query.is_composio_managed is None
            or record.is_composio_managed is query.is_composio_managed
        )
        and (query.show_disabled or record.status == "ENABLED")
        and (search is None or search in record.name.lower() or search in record.id.lower())
    ]


def auth_config_routes(state: EmulatorState) -> list[ApiRoute]:
    """The auth-config routes, to be mounted under each API prefix."""
    store = auth_configs(state)
    catalogue = state.settings.catalogue

    async def create(request: Request) -> Response:
        record = store.insert(new_auth_config(await json_body(request), catalogue))
        return JSONResponse(_created_json(record), 201)

    async def list_page(request: Request) -> Response:
        query = auth_config_list_query(request.query_params)
        selected = _listed(store, query)
        return JSONResponse(cursor_list(selected, query.page, query.limit, auth_config_json))

    async def retrieve(request: Request) -> Response:
        return JSONResponse(auth_config_json(_live(store, request.path_params["id"])))

    async def update(request: Request) -> Response:
        config_id = request.path_params["id"]
        record = _live(store, config_id)
        changes = auth_config_changes(await json_body(request), record, catalogue)
        return _updated(store, config_id, changes)

    async def update_status(request: Request) -> Response:
        config_id = request.path_params["id"]
        _live(store, config_id)
        status = auth_config_status(request.path_params["status"])
        return _updated(store, config_id, {"status": status})

    async def delete(request: Request) -> Response:
        config_id = request.path_params["id"]
        if not store.delete(config_id):
            raise _not_found(config_id)
        answer: dict[str, Any] = {"id": config_id, "deleted": True}
        if request.query_params.get("revoke_on_delete", "").lower() == "true":
            answer["revoke_job_id"] = f"rj_{config_id.removeprefix('ac_')}"
        return JSONResponse(answer)

    return [
        *routes_by_method("/auth_configs", POST=create, GET=list_page),
        *routes_by_method("/auth_configs/{id}", GET=retrieve, PATCH=update, DELETE=delete),
        *routes_by_method("/auth_configs/{id}/{status}", PATCH=update_status),
    ]


def admin_view(
    state: EmulatorState, request: Request, include_deleted: bool
) -> list[dict[str, Any]]:
    """Every config as the API shows it, with ``deleted`` and whether credentials are set
    (never their values)."""
    return [
        {
            **auth_config_json(record),
            "deleted": record.deleted,
            "credentials_set": bool(record.credentials),
        }
        for record in auth_configs(state).all(include_deleted=include_deleted)
    ]
