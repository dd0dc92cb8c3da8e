"""Composio's MCP server routes: create, list, read, update, soft delete, per-user URLs."""

from __future__ import annotations

import urllib.parse
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from .state import EmulatorState
from .store import ServerRecord
from .validation import ApiError, generate_fields, list_query, server_fields
from .wire import json_body

__all__ = ["MCP_HOST", "server_json", "server_routes"]

MCP_HOST = "https://mcp.composio.dev"


def _mcp_url(server_id: str) -> str:
    return f"{MCP_HOST}/composio/server/{server_id}/mcp"


def _commands(server: ServerRecord) -> dict[str, str]:
    url = _mcp_url(server.id)
    return {
        client: f'npx @composio/mcp@latest setup "{url}" "{server.name}" --client {client}'
        for client in ("cursor", "claude", "windsurf")
    }


def server_json(server: ServerRecord) -> dict[str, Any]:
    return {
        "id": server.id,
        "name": server.name,
        "toolkits": server.toolkits,
        "allowed_tools": server.allowed_tools,
        "auth_config_ids": server.auth_config_ids,
        "managed_auth_via_composio": server.managed_auth_via_composio,
        "mcp_url": _mcp_url(server.id),
        "commands": _commands(server),
        "created_at": server.created_at,
        "updated_at": server.updated_at,
        "deleted": server.deleted,
        "server_instance_count": 0,
        "toolkit_icons": {
            slug: f"https://logos.composio.dev/api/{slug}" for slug in server.toolkits
        },
    }


_CREATED_FIELDS = ("id", "name", "auth_config_ids", "allowed_tools", "mcp_url", "commands")


def _created_json(server: ServerRecord) -> dict[str, Any]:
    """The documented ``201`` body of a create, which is smaller than a server's."""
    full = server_json(server)
    return {key: full[key] for key in _CREATED_FIELDS}


def _not_found(server_id: str) -> ApiError:
    return ApiError(
        404,
        "MCP_ServerNotFound",
        f"No MCP server with id {server_id!r}.",
        "List your servers with GET /api/v3/mcp/servers to find the right id.",
    )


def server_routes(state: EmulatorState) -> list[BaseRoute]:
    """The MCP server routes, to be mounted under each API prefix."""
    store = state.servers
    catalogue = state.settings.catalogue
    usable = state.auth_config_problem

    async def create(request: Request) -> Response:
        fields = server_fields(await json_body(request), catalogue, usable, create=True)
        return JSONResponse(_created_json(store.create(**fields)), 201)

    async def list_servers(request: Request) -> Response:
        query = list_query(request.query_params)
        servers = [
            server
            for server in store.all(order_by=query.order_by, descending=query.descending)  # type: ignore[arg-type]
            if (query.name is None or query.name.lower() in server.name.lower())
            and (not query.toolkits or query.toolkits.intersection(server.toolkits))
            and (
                not query.auth_config_ids
                or query.auth_config_ids.intersection(server.auth_config_ids)
            )
        ]
        start = (query.page_no - 1) * query.limit
        page = servers[start : start + query.limit]
        return JSONResponse(
            {
                "items": [
                    {k: v for k, v in server_json(s).items() if k != "deleted"} for s in page
                ],
                "current_page": query.page_no,
                "total_pages": -(-len(servers) // query.limit),
            }
        )

    async def generate(request: Request) -> Response:
        fields = generate_fields(await json_body(request))
        server = store.get(fields["mcp_server_id"])
        if server is None or server.deleted:
            raise _not_found(fields["mcp_server_id"])
        url = _mcp_url(server.id)
        quote = urllib.parse.quote
        return JSONResponse(
            {
                "mcp_url": url,
                "user_ids_url": [f"{url}?user_id={quote(u, safe='')}" for u in fields["user_ids"]],
                "connected_account_urls": [
                    f"{url}?connected_account_id={quote(a, safe='')}"
                    for a in fields["connected_account_ids"]
                ],
            }
        )

    async def retrieve(request: Request) -> Response:
        server = store.get(request.path_params["server_id"])
        if server is None:
            raise _not_found(request.path_params["server_id"])
        return JSONResponse(server_json(server))

    async def update(request: Request) -> Response:
        server_id = request.path_params["server_id"]
        if store.get(server_id) is None:
            raise _not_found(server_id)
        changes = server_fields(await json_body(request), catalogue, usable, create=False)
        server = store.update(server_id, changes)
        if server is None:
            raise _not_found(server_id)
        return JSONResponse(server_json(server))

    async def delete(request: Request) -> Response:
        server_id = request.path_params["server_id"]
        if not store.delete(server_id):
            raise _not_found(server_id)
        return JSONResponse({"id": server_id, "deleted": True})

    return [
        Route("/mcp/servers/custom", create, methods=["POST"]),
        Route("/mcp/servers/generate", generate, methods=["POST"]),
        Route("/mcp/servers", list_servers, methods=["GET"]),
        Route("/mcp/{server_id}", retrieve, methods=["GET"]),
        Route("/mcp/{server_id}", update, methods=["PATCH"]),
        Route("/mcp/{server_id}", delete, methods=["DELETE"]),
    ]
