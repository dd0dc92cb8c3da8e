"""The ``/_emulator/`` surface for tests: request log, fault plan, each family's view, reset.

It exists only when an admin token is configured, and answers only to that token. A
family's view is ``GET /_emulator/<name>`` (``?include_deleted=true`` for deleted records
too), answering ``{"<name>": [...]}``; a family's own admin routes (seeding a connected
account, firing a trigger) are served beside it, behind the same token; a reset empties the
document store and re-seeds every family.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from .api_routes import Handler
from .family import AdminView, Family
from .faults import FaultPlan
from .state import EmulatorState
from .wire import same_secret

__all__ = ["admin_routes"]


def admin_routes(state: EmulatorState, families: Sequence[Family]) -> list[BaseRoute]:
    token = state.settings.admin_token or ""

    def guard(request: Request) -> Response | None:
        given = request.headers.get("authorization", "")
        if given.startswith("Bearer ") and same_secret(given[len("Bearer ") :], token):
            return None
        return JSONResponse({"error": "admin token required"}, 401)

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

    def family_view(name: str, view: AdminView) -> Handler:
        async def records(request: Request) -> Response:
            refused = guard(request)
            if refused:
                return refused
            include_deleted = request.query_params.get("include_deleted", "false") == "true"
            return JSONResponse({name: view(state, request, include_deleted)})

        return records

    async def reset(request: Request) -> Response:
        refused = guard(request)
        if refused:
            return refused
        state.store.clear()
        for family in families:
            family.reseed(state)
        state.faults.replace(FaultPlan())
        with state.log_lock:
            state.log.clear()
        return JSONResponse({"reset": True})

    def guarded(handler: Handler) -> Handler:
        async def answer(request: Request) -> Response:
            return guard(request) or await handler(request)

        return answer

    return [
        *(
            Route(route.path, guarded(route.handler), methods=[route.method])
            for family in families
            if family.admin_routes is not None
            for route in family.admin_routes(state)
        ),
        Route("/requests", requests, methods=["GET", "DELETE"]),
        Route("/faults", faults, methods=["GET", "PUT"]),
        Route("/reset", reset, methods=["POST"]),
        *(
            Route(f"/{family.name}", family_view(family.name, family.admin_view), methods=["GET"])
            for family in families
            if family.admin_view is not None
        ),
    ]
