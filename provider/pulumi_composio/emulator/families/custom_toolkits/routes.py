"""Composio's custom-toolkit routes (experimental Custom MCP), in the shapes of
``composio-client`` 2.0.0rc19's ``custom_*`` types.

``POST /custom/toolkits/upsert`` (``slug``, ``toolkit_config`` with ``name``, ``app_url``
(https), ``auth_schemes`` (``NO_AUTH``, ``API_KEY`` with ``headers``, or ``DCR_OAUTH`` with
``discovery_url``) and an optional ``logo_file``) answers ``{slug}``, the ``CUSTOM_*`` slug
to use with Composio: 201 when it made the toolkit, 200 when the project had it already and
only its display metadata (``name``, the API key field's copy) changed. As Composio's
reference says, ``app_url`` and ``auth_schemes`` cannot change on an existing toolkit: a
different one is a 409 (delete and register it again). ``POST /custom/toolkits/sync``
answers ``{slug, version, synced_count}``: the emulator never reaches the MCP server, so it
finds no tools. ``DELETE /custom/toolkits/{slug}`` deletes the toolkit with its auth configs
and connected accounts and answers how many, after which the slug is a 404.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ...api_errors import ApiError, bad_request
from ...api_routes import ApiRoute, routes_by_method
from ...state import EmulatorState
from ...strict_bodies import strict_body
from ...wire import json_body
from ..auth_configs.records import auth_configs
from ..connected_accounts.records import connected_accounts
from .records import (
    CustomToolkitRecord,
    custom_slug,
    custom_toolkits,
    live_toolkit,
    new_record_id,
)

__all__ = ["admin_view", "custom_toolkit_json", "custom_toolkit_routes"]

SLUG = "CustomToolkit_InvalidRequest"
_FIX = (
    "Send slug (letters, digits, underscores, spaces; at most 30) and toolkit_config with "
    "name, an https app_url and auth_schemes (NO_AUTH, API_KEY with headers, or DCR_OAUTH "
    "with discovery_url)."
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _LogoFile(_Strict):
    content: str = Field(min_length=1, max_length=4_000_000, pattern=r"^[A-Za-z0-9+/]+={0,2}$")
    mime_type: Literal["image/png", "image/jpeg"]


class _NoAuth(_Strict):
    mode: Literal["NO_AUTH"]


class _ApiKeyField(_Strict):
    display_name: str | None = Field(default=None, min_length=1, max_length=100)
    description: str | None = Field(default=None, min_length=1, max_length=500)


class _ApiKey(_Strict):
    mode: Literal["API_KEY"]
    headers: dict[str, str]
    api_key_field: _ApiKeyField | None = None


class _DcrOauth(_Strict):
    mode: Literal["DCR_OAUTH"]
    discovery_url: str


class _ToolkitConfig(_Strict):
    name: str = Field(min_length=1, max_length=200)
    app_url: str
    logo_file: _LogoFile | None = None
    auth_schemes: list[_NoAuth | _ApiKey | _DcrOauth] = Field(min_length=1)


class _UpsertBody(_Strict):
    slug: str = Field(min_length=1, max_length=30, pattern=r"^[a-zA-Z0-9_\s]+$")
    toolkit_config: _ToolkitConfig


class _SyncBody(_Strict):
    slug: str = Field(min_length=1, max_length=37, pattern=r"^[a-zA-Z0-9_]+$")
    connected_account_id: str | None = None


def _config_problems(config: _ToolkitConfig) -> list[str]:
    problems = []
    url = urlsplit(config.app_url)
    if url.scheme != "https" or not url.hostname:
        problems.append(f"toolkit_config.app_url: {config.app_url!r} must be an https URL")
    modes = [scheme.mode for scheme in config.auth_schemes]
    if len(set(modes)) != len(modes):
        problems.append("toolkit_config.auth_schemes: each mode may appear once")
    for scheme in config.auth_schemes:
        if isinstance(scheme, _ApiKey) and not any(
            "{{generic_api_key}}" in value for value in scheme.headers.values()
        ):
            problems.append(
                "toolkit_config.auth_schemes: API_KEY headers must place {{generic_api_key}}"
            )
        if isinstance(scheme, _DcrOauth) and urlsplit(scheme.discovery_url).scheme != "https":
            problems.append("toolkit_config.auth_schemes: discovery_url must be an https URL")
    return problems


def _without_copy(schemes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The auth schemes as far as they may not change: without the API key field's copy."""
    return [{k: v for k, v in scheme.items() if k != "api_key_field"} for scheme in schemes]


def custom_toolkit_json(record: CustomToolkitRecord) -> dict[str, Any]:
    """A custom toolkit as the admin view shows it."""
    return {
        "slug": record.slug,
        "name": record.name,
        "app_url": record.app_url,
        "auth_schemes": record.auth_schemes,
        "has_logo": record.has_logo,
        "synced_count": 0,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    }


def _not_found(slug: str) -> ApiError:
    return ApiError(
        404,
        "CustomToolkit_NotFound",
        f"The project has no custom toolkit {slug!r}.",
        "Register it with POST /custom/toolkits/upsert; its answer is the slug to use.",
    )


def custom_toolkit_routes(state: EmulatorState) -> list[ApiRoute]:
    """The custom-toolkit routes, to be mounted under each API prefix."""
    store = custom_toolkits(state)

    async def upsert(request: Request) -> Response:
        body = strict_body(_UpsertBody, await json_body(request), SLUG, _FIX)
        config = body.toolkit_config
        problems = _config_problems(config)
        if problems:
            raise bad_request(problems, _FIX, SLUG)
        slug = custom_slug(body.slug)
        schemes = [scheme.model_dump(exclude_none=True) for scheme in config.auth_schemes]
        existing = live_toolkit(state, slug)
        if existing is None:
            store.insert(
                CustomToolkitRecord(
                    id=new_record_id(),
                    slug=slug,
                    name=config.name,
                    app_url=config.app_url,
                    auth_schemes=schemes,
                    has_logo=config.logo_file is not None,
                )
            )
            return JSONResponse({"slug": slug}, 201)
        if existing.app_url != config.app_url or _without_copy(
            existing.auth_schemes
        ) != _without_copy(schemes):
            raise ApiError(
                409,
                "CustomToolkit_Conflict",
                f"Custom toolkit {slug} exists with another app_url or auth_schemes, "
                "which cannot change.",
                f"Delete it (DELETE /custom/toolkits/{slug}), which revokes its connections, "
                "then register it again.",
            )
        changes: dict[str, Any] = {"name": config.name, "auth_schemes": schemes}
        if config.logo_file is not None:
            changes["has_logo"] = True
        store.update(existing.id, changes)
        return JSONResponse({"slug": slug})

    async def sync(request: Request) -> Response:
        body = strict_body(_SyncBody, await json_body(request), SLUG, "Send the toolkit's slug.")
        record = live_toolkit(state, body.slug)
        if record is None:
            raise _not_found(body.slug)
        account_id = body.connected_account_id
        if account_id is not None:
            account = connected_accounts(state).get(account_id)
            if account is None or account.deleted or account.toolkit != record.slug:
                raise bad_request(
                    [f"connected_account_id: {account_id!r} is no account of {record.slug}"],
                    "Name a connected account of this toolkit, or none.",
                    SLUG,
                )
        updated = store.update(record.id, {"syncs": record.syncs + 1}) or record
        version = f"{datetime.now(UTC):%Y%m%d}_{updated.syncs:02d}"
        return JSONResponse({"slug": record.slug, "version": version, "synced_count": 0})

    async def delete(request: Request) -> Response:
        record = live_toolkit(state, request.path_params["slug"])
        if record is None:
            raise _not_found(request.path_params["slug"])
        revoke = request.query_params.get("revoke_on_delete", "true").lower() != "false"
        configs = auth_configs(state)
        config_ids = [c.id for c in configs.all() if c.toolkit == record.slug]
        accounts = connected_accounts(state)
        account_ids = [a.id for a in accounts.all() if a.toolkit == record.slug]
        for config_id in config_ids:
            configs.delete(config_id)
        for account_id in account_ids:
            accounts.delete(account_id)
        store.delete(record.id)
        return JSONResponse(
            {
                "slug": record.slug,
                "deleted": True,
                "revoke_job_ids": [f"rj_{c.removeprefix('ac_')}" for c in config_ids]
                if revoke
                else [],
                "auth_configs_deleted": len(config_ids),
                "connected_accounts_deleted": len(account_ids),
            }
        )

    return [
        *routes_by_method("/custom/toolkits/upsert", POST=upsert),
        *routes_by_method("/custom/toolkits/sync", POST=sync),
        *routes_by_method("/custom/toolkits/{slug}", DELETE=delete),
    ]


def admin_view(
    state: EmulatorState, request: Request, include_deleted: bool
) -> list[dict[str, Any]]:
    """Every custom toolkit, with ``deleted``."""
    return [
        {**custom_toolkit_json(record), "deleted": record.deleted}
        for record in custom_toolkits(state).all(include_deleted=include_deleted)
    ]
