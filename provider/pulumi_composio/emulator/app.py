"""The emulator's HTTP surface: every family's routes, auth, faults, admin.

``create_app`` builds a Starlette app that serves each registered family (:mod:`.families`)
under both ``/api/v3`` (this package's client) and ``/api/v3.1`` (the official SDK), one
document store behind them all, and what a family serves outside those prefixes, such as the
MCP endpoints of servers and sessions, as in Composio. It names no family itself.

Every API request passes through :class:`~.gate.ApiGate`, which logs it, applies the
fault plan, and checks the key, in that order. ``GET /health`` answers without a key. The
admin surface under ``/_emulator/`` (:mod:`.admin`) exists only when an admin token is
configured.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from .admin import admin_routes
from .api_errors import ApiError
from .api_routes import RouteTable
from .families import FAMILIES
from .family import Endpoint
from .gate import ApiGate, DroppedConnection
from .state import EmulatorSettings, EmulatorState
from .wire import api_error_handler, http_error_handler

__all__ = ["API_PREFIXES", "DroppedConnection", "EmulatorSettings", "create_app"]

API_PREFIXES = ("/api/v3", "/api/v3.1")


async def _health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


@contextlib.asynccontextmanager
async def _running(endpoints: Sequence[Endpoint]) -> AsyncIterator[None]:
    async with contextlib.AsyncExitStack() as stack:
        for endpoint in endpoints:
            await stack.enter_async_context(endpoint.running())
        yield


def create_app(settings: EmulatorSettings) -> ApiGate:
    """The emulator as an ASGI app; its SQLite database opens now and lives as long as the app.

    The families' own endpoints (the MCP endpoint) serve only while the app's lifespan runs
    (uvicorn's ``lifespan="on"``).
    """
    state = EmulatorState.open(settings)
    for family in FAMILIES:
        family.open(state)
    api = RouteTable((r for family in FAMILIES for r in family.api_routes(state)), API_PREFIXES)
    endpoints = [family.endpoint(state) for family in FAMILIES if family.endpoint is not None]
    routes: list[BaseRoute] = [
        Route("/health", _health, methods=["GET"]),
        *(route for endpoint in endpoints for route in endpoint.routes),
        *api.routes,
    ]
    if settings.admin_token:
        routes.append(Mount("/_emulator", routes=admin_routes(state, FAMILIES)))
    app = Starlette(
        routes=routes,
        lifespan=lambda _: _running(endpoints),
        exception_handlers={ApiError: api_error_handler, HTTPException: http_error_handler},
    )
    return ApiGate(app, state, api)
