"""The emulator's HTTP surface: Composio's MCP and auth-config routes, auth, faults, admin.

``create_app`` builds a Starlette app that serves, under both ``/api/v3`` (this package's
client) and ``/api/v3.1`` (the official SDK), one database behind both:

* MCP servers (:mod:`.server_routes`): ``POST /mcp/servers/custom``, ``GET /mcp/servers``,
  ``POST /mcp/servers/generate``, and ``GET``, ``PATCH``, ``DELETE /mcp/{id}``;
* auth configs (:mod:`.auth_config_routes`): ``POST`` and ``GET /auth_configs``, ``GET``,
  ``PATCH``, ``DELETE /auth_configs/{id}``, and ``PATCH /auth_configs/{id}/{status}``;
* the catalogue, read-only (:mod:`.catalogue_routes`): ``GET /toolkits``,
  ``GET /toolkits/{slug}``, ``GET /tools`` and ``GET /tools/{slug}``.

At ``/v3/mcp/{server_id}`` (:mod:`.mcp_endpoint`), outside the API prefixes as in Composio,
each server answers MCP over Streamable HTTP.

Every API request passes through :class:`~.gate.ApiGate`, which logs it, applies the
fault plan, and checks the key, in that order. ``GET /health`` answers without a key. The
admin surface under ``/_emulator/`` (:mod:`.admin`) exists only when an admin token is
configured.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp

from .admin import admin_routes
from .api_errors import ApiError
from .auth_config_routes import auth_config_routes
from .catalogue_routes import catalogue_routes
from .gate import ApiGate, DroppedConnection
from .mcp_endpoint import MCP_PATH, McpEndpoint
from .server_routes import server_routes
from .state import EmulatorSettings, EmulatorState
from .wire import api_error_handler, http_error_handler

__all__ = ["API_PREFIXES", "DroppedConnection", "EmulatorSettings", "create_app"]

API_PREFIXES = ("/api/v3", "/api/v3.1")


async def _health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


def create_app(settings: EmulatorSettings) -> ASGIApp:
    """The emulator as an ASGI app; its SQLite database opens now and lives as long as the app.

    The MCP endpoint serves only while the app's lifespan runs (uvicorn's ``lifespan="on"``).
    """
    state = EmulatorState.open(settings)
    api = [*server_routes(state), *auth_config_routes(state), *catalogue_routes(state)]
    mcp = McpEndpoint(state)
    routes: list[BaseRoute] = [
        Route("/health", _health, methods=["GET"]),
        Route(MCP_PATH, mcp),
        *(Mount(prefix, routes=api) for prefix in API_PREFIXES),
    ]
    if settings.admin_token:
        routes.append(Mount("/_emulator", routes=admin_routes(state)))
    app = Starlette(
        routes=routes,
        lifespan=lambda _: mcp.running(),
        exception_handlers={ApiError: api_error_handler, HTTPException: http_error_handler},
    )
    return ApiGate(app, state)
