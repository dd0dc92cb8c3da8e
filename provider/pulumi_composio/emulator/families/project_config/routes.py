"""Composio's project settings, ``GET`` and ``PATCH /org/project/config``.

They are only in Composio's OpenAPI file and API reference (no official client of this
project's pins has them): ``GET`` answers every setting, ``PATCH`` changes the fields it
gives and answers every setting. A field the API does not know, or of the wrong type, is a
400 listing every problem. ``require_mcp_api_key`` is obeyed at once by every MCP endpoint
(servers' and sessions'); ``mask_secret_keys_in_connected_account`` by the connected-account
answers; ``is_2FA_enabled`` by trigger instances pinned to a connected account.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ...api_errors import ApiError
from ...api_routes import ApiRoute, routes_by_method
from ...project_config import (
    PROJECT,
    LogVisibility,
    ProjectConfigRecord,
    project_config,
    project_configs,
)
from ...state import EmulatorState
from ...strict_bodies import strict_body
from ...wire import json_body

__all__ = ["admin_view", "project_config_json", "project_config_routes"]

SLUG = "ProjectConfig_InvalidRequest"
_FIX = (
    "Send only require_mcp_api_key, mask_secret_keys_in_connected_account, is_2FA_enabled, "
    "is_composio_link_enabled_for_managed_auth (true or false), log_visibility_setting "
    "(show_all or dont_store_data), display_name, logo_url (text) or "
    "signed_url_file_expiry_in_seconds (a number)."
)


class _PatchBody(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    require_mcp_api_key: bool | None = None
    mask_secret_keys_in_connected_account: bool | None = None
    log_visibility_setting: LogVisibility | None = None
    is_2FA_enabled: bool | None = None
    is_composio_link_enabled_for_managed_auth: bool | None = None
    display_name: str | None = Field(default=None, max_length=255)
    logo_url: str | None = Field(default=None, max_length=2048)
    signed_url_file_expiry_in_seconds: float | None = Field(default=None, gt=0)


def project_config_json(record: ProjectConfigRecord) -> dict[str, Any]:
    """The settings as ``GET`` and ``PATCH`` answer them."""
    shown = asdict(record)
    for internal in ("id", "updated_at", "deleted"):
        shown.pop(internal)
    return shown


def project_config_routes(state: EmulatorState) -> list[ApiRoute]:
    """The project-settings routes, to be mounted under each API prefix."""
    store = project_configs(state)

    async def retrieve(request: Request) -> Response:
        return JSONResponse(project_config_json(project_config(state)))

    async def patch(request: Request) -> Response:
        body = strict_body(_PatchBody, await json_body(request), SLUG, _FIX)
        changes = body.model_dump(exclude_none=True)
        nulls = sorted(set(body.model_fields_set) - set(changes))
        if nulls:
            problems = [f"{name}: must not be null" for name in nulls]
            raise ApiError(400, SLUG, f"Invalid request: {problems[0]}", _FIX, problems)
        updated = store.update(PROJECT, changes)
        if updated is None:
            raise ApiError(404, "Project_NotFound", "The project's settings are gone.")
        return JSONResponse(project_config_json(updated))

    return routes_by_method("/org/project/config", GET=retrieve, PATCH=patch)


def admin_view(
    state: EmulatorState, request: Request, include_deleted: bool
) -> list[dict[str, Any]]:
    """The one project's settings, as ``GET`` answers them."""
    return [project_config_json(project_config(state))]
