"""The ``/_emulator/`` surface for tests: request log, fault plan, tables, reset.

It exists only when an admin token is configured, and answers only to that token.
The auth-config view adds ``deleted`` and ``credentials_set`` to what the API shows,
and, like the API, never a credential value.
"""

from __future__ import annotations

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from .auth_config_routes import auth_config_json
from .faults import FaultPlan
from .mcp_endpoint import handed_out_base_url
from .server_routes import server_json
from .state import EmulatorState
from .wire import same_secret

__all__ = ["admin_routes"]


def admin_routes(state: EmulatorState) -> list[BaseRoute]:
    token = state.settings.admin_token or ""

    def guard(request: Request) -> Response | None:
        given = request.headers.get("authorization", "")
        if given.startswith("Bearer ") and same_secret(given[len("Bearer ") :], token):
            return None
        return JSONResponse({"error": "admin token required"}, 401)

    def include_deleted(request: Request) -> bool:
        return request.query_params.get("include_deleted", "false") == "true"

    async def requests(request: Request) -> Response:
        refused = guard(request)
        if refused:
            return refused
        with state.log_lock:
            if request.method == "DELETE":
                state.log.clear()
            return JSONResponse({"requests": list(state.log), "held": state.held})

    async def faults(request: Request) -> Response:
        refused = guard(request)
        if refused:
            return refused
        if request.method == "PUT":
            try:
                state.faults.replace(FaultPlan.model_validate_json(await request.body()))
            except ValidationError as error:
                return JSONResponse({"error": str(error)}, 400)
        return JSONResponse(state.faults.plan.model_dump(mode="json"))

    async def servers(request: Request) -> Response:
        refused = guard(request)
        if refused:
            return refused
        listed = state.servers.all(include_deleted=include_deleted(request))
        base = handed_out_base_url(state.settings, request)
        return JSONResponse({"servers": [server_json(s, base) for s in listed]})

    async def auth_configs(request: Request) -> Response:
        refused = guard(request)
        if refused:
            return refused
        listed = state.auth_configs.all(include_deleted=include_deleted(request))
        return JSONResponse(
            {
                "auth_configs": [
                    {
                        **auth_config_json(record),
                        "deleted": record.deleted,
                        "credentials_set": bool(record.credentials),
                    }
                    for record in listed
                ]
            }
        )

    async def reset(request: Request) -> Response:
        refused = guard(request)
        if refused:
            return refused
        state.reset()
        state.faults.replace(FaultPlan())
        with state.log_lock:
            state.log.clear()
        return JSONResponse({"reset": True})

    return [
        Route("/requests", requests, methods=["GET", "DELETE"]),
        Route("/faults", faults, methods=["GET", "PUT"]),
        Route("/servers", servers, methods=["GET"]),
        Route("/auth_configs", auth_configs, methods=["GET"]),
        Route("/reset", reset, methods=["POST"]),
    ]
