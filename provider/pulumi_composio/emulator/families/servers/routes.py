"""Composio's MCP server routes, in the shapes of the official SDK's ``mcp`` types.

``POST /mcp/servers/custom`` answers 201 with the short create form; ``GET`` of one
server and ``PATCH`` answer the full server; ``DELETE`` answers ``{id, deleted: true}``;
``POST /mcp/servers/generate`` answers per-user URLs. A deleted server still answers
``GET`` (with ``deleted: true``), as in Composio, and is left out of lists.
"""

from __future__ import annotations

import dataclasses
import urllib.parse
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ...api_errors import ApiError
from ...api_routes import ApiRoute, Handler, routes_by_method
from ...documents import Collection
from ...mcp_serving import handed_out_base_url
from ...state import EmulatorState
from ...wire import json_body, page_of
from ..auth_configs.records import why_unusable
from .mcp_endpoint import mcp_url
from .records import ServerRecord, servers, sorted_servers
from .retired import retired
from .validation import (
    ServerListQuery,
    generate_request,
    new_server,
    server_changes,
    server_list_query,
)

__all__ = ["admin_view", "server_json", "server_routes"]


def _commands(server: ServerRecord, url: str) -> dict[str, str]:
    return {
        client: f'npx @composio/mcp@latest setup "{url}" "{server.name}" --client {client}'
        for client in ("cursor", "claude", "windsurf")
    }


def server_json(server: ServerRecord, mcp_base_url: str) -> dict[str, Any]:
    """One server as ``GET /mcp/{id}`` shows it, every stored field and what derives from
    them (its MCP URL below ``mcp_base_url``); list items leave out ``deleted``."""
    url = mcp_url(mcp_base_url, server.id)
    return {
        **dataclasses.asdict(server),
        "mcp_url": url,
        "commands": _commands(server, url),
        "server_instance_count": 0,
        "toolkit_icons": {
            slug: f"https://logos.composio.dev/api/{slug}" for slug in server.toolkits
        },
    }


_CREATED_FIELDS = ("id", "name", "auth_config_ids", "allowed_tools", "mcp_url", "commands")


def _created_json(server: ServerRecord, mcp_base_url: str) -> dict[str, Any]:
    """The documented ``201`` body of a create, which is smaller than a server's."""
    full = server_json(server, mcp_base_url)
    return {key: full[key] for key in _CREATED_FIELDS}


def _not_found(server_id: str) -> ApiError:
    return ApiError(
        404,
        "MCP_ServerNotFound",
        f"No MCP server with id {server_id!r}.",
        "List your servers with GET /api/v3/mcp/servers to find the right id.",
    )


def _listed(store: Collection[ServerRecord], query: ServerListQuery) -> list[ServerRecord]:
    """The live servers the query selects, in the query's order."""
    return [
        server
        for server in sorted_servers(store.all(), query.order_by, descending=query.descending)
        if (query.name is None or query.name.lower() in server.name.lower())
        and (not query.toolkits or query.toolkits.intersection(server.toolkits))
        and (
            not query.auth_config_ids or query.auth_config_ids.intersection(server.auth_config_ids)
        )
    ]


def server_routes(state: EmulatorState) -> list[ApiRoute]:
    """The MCP server routes, to be mounted under each API prefix."""
    store = servers(state)
    catalogue = state.settings.catalogue

    def usable(config_id: str) -> str | None:
        return why_unusable(state, config_id)

    def mcp_base(request: Request) -> str:
        return handed_out_base_url(state.settings, request)

    async def create(request: Request) -> Response:
        server = store.insert(new_server(await json_body(request), catalogue, usable))
        return JSONResponse(_created_json(server, mcp_base(request)), 201)

    async def list_page(request: Request) -> Response:
        query = server_list_query(request.query_params)
        items, total_pages = page_of(_listed(store, query), query.page, query.limit)
        base = mcp_base(request)
        return JSONResponse(
            {
                "items": [
                    {k: v for k, v in server_json(s, base).items() if k != "deleted"} for s in items
                ],
                "current_page": query.page,
                "total_pages": total_pages,
            }
        )

    async def generate(request: Request) -> Response:
        asked = generate_request(await json_body(request))
        server = store.get(asked.server_id)
        if server is None or server.deleted:
            raise _not_found(asked.server_id)
        url = mcp_url(mcp_base(request), server.id)
        quote = urllib.parse.quote
        return JSONResponse(
            {
                "mcp_url": url,
                "user_ids_url": [f"{url}?user_id={quote(u, safe='')}" for u in asked.user_ids],
                "connected_account_urls": [
                    f"{url}?connected_account_id={quote(a, safe='')}"
                    for a in asked.connected_account_ids
                ],
            }
        )

    async def retrieve(request: Request) -> Response:
        server_id = request.path_params["id"]
        server = store.get(server_id)
        if server is None:
            raise _not_found(server_id)
        return JSONResponse(server_json(server, mcp_base(request)))

    async def update(request: Request) -> Response:
        server_id = request.path_params["id"]
        if store.get(server_id) is None:
            raise _not_found(server_id)
        changes = server_changes(await json_body(request), catalogue, usable)
        server = store.update(server_id, changes)
        if server is None:
            raise _not_found(server_id)
        return JSONResponse(server_json(server, mcp_base(request)))

    async def delete(request: Request) -> Response:
        server_id = request.path_params["id"]
        if not store.delete(server_id):
            raise _not_found(server_id)
        return JSONResponse({"id": server_id, "deleted": True})

    routes = [
        *routes_by_method("/mcp/servers/custom", POST=create),
        ApiRoute("POST", "/mcp/servers/generate", generate, writes="nothing"),
        *routes_by_method("/mcp/servers", GET=list_page),
        *routes_by_method("/mcp/{id}", GET=retrieve, PATCH=update, DELETE=delete),
    ]
    return [
        dataclasses.replace(route, handler=_until_retired(state, route.handler)) for route in routes
    ]


def _until_retired(state: EmulatorState, handler: Handler) -> Handler:
    """``handler``, or ``410 Gone`` once the settings retire the legacy routes (asked at each
    request, so a running emulator can be told: see ``PATCH /_emulator/settings``)."""

    async def answer(request: Request) -> Response:
        if state.settings.retire_legacy_mcp:
            raise retired()
        return await handler(request)

    return answer


def admin_view(
    state: EmulatorState, request: Request, include_deleted: bool
) -> list[dict[str, Any]]:
    """Every server as ``GET /mcp/{id}`` shows it, deleted ones too when asked."""
    base = handed_out_base_url(state.settings, request)
    listed = servers(state).all(include_deleted=include_deleted)
    return [server_json(s, base) for s in sorted_servers(listed, "created_at", descending=False)]
