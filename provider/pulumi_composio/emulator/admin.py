"""The ``/_emulator/`` surface for tests: request log, fault plan, a change of settings,
each family's view, reset.

It exists only when an admin token is configured, and answers only to that token. A
family's view is ``GET /_emulator/<name>`` (``?include_deleted=true`` for deleted records
too), answering ``{"<name>": [...]}``; a family's own admin routes (seeding a connected
account, firing a trigger) are served beside it, behind the same token; a reset empties the
document store and re-seeds every family.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from .api_routes import Handler
from .family import AdminView, Family
from .faults import FaultPlan
from .state import EmulatorState
from .wire import same_secret

__all__ = ["admin_routes"]


class SettingsChange(BaseModel):
    """What changes in the running emulator from now on, as it would at Composio between two
    steps of a test, without a restart (which would give up the port a stack's config names):
    the keys mid-rotation (a new write key, the old one still good for reads until revoked
    with ``null``), or the day the deprecated MCP-server routes are retired. A field left out
    stays as it is."""

    model_config = ConfigDict(extra="forbid")

    api_key: str | None = None
    read_only_key: str | None = None
    retire_legacy_mcp: bool | None = None


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

    async def settings(request: Request) -> Response:
        refused = guard(request)
        if refused:
            return refused
        try:
            change = SettingsChange.model_validate_json(await request.body())
        except ValidationError as error:
            return JSONResponse({"error": str(error)}, 400)
        if "api_key" in change.model_fields_set and not change.api_key:
            return JSONResponse({"error": "api_key: the emulator always has a write key"}, 400)
        changed = {name: getattr(change, name) for name in change.model_fields_set}
        state.settings = dataclasses.replace(state.settings, **changed)
        return JSONResponse({"changed": sorted(changed)})

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
        Route("/settings", settings, methods=["PATCH"]),
        Route("/reset", reset, methods=["POST"]),
        *(
            Route(f"/{family.name}", family_view(family.name, family.admin_view), methods=["GET"])
            for family in families
            if family.admin_view is not None
        ),
    ]
