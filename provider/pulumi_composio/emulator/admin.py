"""The ``/_emulator/`` surface for tests: request log, fault plan, the API keys it accepts,
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

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from .api_routes import Handler
from .family import AdminView, Family
from .faults import FaultPlan
from .state import EmulatorState
from .wire import same_secret

__all__ = ["admin_routes"]


class AcceptedKeys(BaseModel):
    """The keys the API accepts from now on, as Composio's would mid-rotation: a new write
    key, with the old one still good for reads until it is revoked (``null``)."""

    api_key: str
    read_only_key: str | None = None


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

    async def keys(request: Request) -> Response:
        refused = guard(request)
        if refused:
            return refused
        try:
            accepted = AcceptedKeys.model_validate_json(await request.body())
        except ValidationError as error:
            return JSONResponse({"error": str(error)}, 400)
        state.settings = dataclasses.replace(
            state.settings, api_key=accepted.api_key, read_only_key=accepted.read_only_key
        )
        return JSONResponse({"keys": "replaced"})

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
        Route("/keys", keys, methods=["PUT"]),
        Route("/reset", reset, methods=["POST"]),
        *(
            Route(f"/{family.name}", family_view(family.name, family.admin_view), methods=["GET"])
            for family in families
            if family.admin_view is not None
        ),
    ]
