"""The emulator's HTTP surface: Composio's MCP routes, its auth rules, faults and the admin API.

``create_app`` builds a Starlette app that serves the routes of DESIGN.md's table under
``/api/v3`` and ``/api/v3.1``. Every API request passes through :class:`_ApiGate`, which
logs it, applies the fault plan, and checks the key, in that order, because a real
gateway fails before it authenticates. The admin surface under ``/_emulator/`` exists
only when an admin token is configured, and answers only to that token.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import math
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .catalogue import BUILT_IN, Catalogue
from .faults import Fault, FaultDraw, FaultPlan, FaultPlanner, WriteKind
from .store import ServerRecord, ServerStore
from .validation import ApiError, generate_fields, list_query, server_fields

__all__ = ["API_PREFIXES", "DroppedConnection", "EmulatorSettings", "create_app"]

API_PREFIXES = ("/api/v3", "/api/v3.1")
MCP_HOST = "https://mcp.composio.dev"


class DroppedConnection(Exception):
    """Raised after a response has started, so that uvicorn closes the socket mid-answer."""


@dataclass(frozen=True)
class EmulatorSettings:
    api_key: str
    read_only_key: str | None = None
    admin_token: str | None = None
    db: str | Path = ":memory:"
    catalogue: Catalogue = BUILT_IN


@dataclass
class _State:
    settings: EmulatorSettings
    store: ServerStore
    faults: FaultPlanner = field(default_factory=FaultPlanner)
    log: list[dict[str, Any]] = field(default_factory=list)
    log_lock: threading.Lock = field(default_factory=threading.Lock)


def create_app(settings: EmulatorSettings) -> ASGIApp:
    """The emulator as an ASGI app; its SQLite store opens now and lives as long as the app."""
    state = _State(settings, ServerStore(settings.db))
    api = _api_routes(state)
    routes: list[BaseRoute] = [
        Route("/health", _health, methods=["GET"]),
        *(Mount(prefix, routes=api) for prefix in API_PREFIXES),
    ]
    if settings.admin_token:
        routes.append(Mount("/_emulator", routes=_admin_routes(state)))
    app = Starlette(
        routes=routes,
        exception_handlers={ApiError: _api_error_handler, HTTPException: _http_error_handler},
    )
    return _ApiGate(app, state)


# --- rendering -------------------------------------------------------------------------


def _mcp_url(server_id: str) -> str:
    return f"{MCP_HOST}/composio/server/{server_id}/mcp"


def _commands(server: ServerRecord) -> dict[str, str]:
    url = _mcp_url(server.id)
    return {
        client: f'npx @composio/mcp@latest setup "{url}" "{server.name}" --client {client}'
        for client in ("cursor", "claude", "windsurf")
    }


def _server_json(server: ServerRecord) -> dict[str, Any]:
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
    full = _server_json(server)
    return {key: full[key] for key in _CREATED_FIELDS}


def _envelope(error: ApiError, request_id: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "message": error.message,
        "code": error.status,
        "slug": error.slug,
        "status": error.status,
        "request_id": request_id,
    }
    if error.suggested_fix:
        body["suggested_fix"] = error.suggested_fix
    if error.errors:
        body["errors"] = error.errors
    return {"error": body}


def _error_response(error: ApiError, request_id: str, retry_after: float = 0.0) -> Response:
    headers = {"x-request-id": request_id}
    if retry_after:
        headers["retry-after"] = str(max(1, math.ceil(retry_after)))
        headers["retry-after-ms"] = str(round(retry_after * 1000))
    return JSONResponse(_envelope(error, request_id), error.status, headers=headers)


def _request_id(request: Request) -> str:
    return str(getattr(request.state, "request_id", "req_unknown"))


async def _api_error_handler(request: Request, error: Exception) -> Response:
    assert isinstance(error, ApiError)
    return _error_response(error, _request_id(request))


async def _http_error_handler(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    slug = {404: "Route_NotFound", 405: "Route_MethodNotAllowed"}.get(error.status_code, "Http")
    return _error_response(
        ApiError(error.status_code, slug, f"{request.method} {request.url.path}: {error.detail}"),
        _request_id(request),
    )


# --- the gate: request log, faults, auth -----------------------------------------------


_FAULT_ERRORS = {
    408: ("Request_Timeout", "The request timed out."),
    409: ("Request_Conflict", "A conflicting request is in progress."),
    429: ("RateLimit_Exceeded", "Too many requests."),
    500: ("Internal_ServerError", "Internal server error."),
    502: ("Gateway_BadGateway", "Bad gateway."),
    503: ("Service_Unavailable", "Service temporarily unavailable."),
    504: ("Gateway_Timeout", "Gateway timeout."),
}


def _write_kind(method: str, path: str) -> WriteKind | None:
    if method == "POST" and path.endswith("/mcp/servers/custom"):
        return "create"
    return {"PATCH": "update", "DELETE": "delete"}.get(method)  # type: ignore[return-value]


class _ApiGate:
    """ASGI middleware in front of every ``/api/`` request."""

    def __init__(self, app: ASGIApp, state: _State) -> None:
        self._app = app
        self._state = state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/api/"):
            await self._app(scope, receive, send)
            return
        request_id = f"req_{uuid.uuid4().hex[:20]}"
        scope.setdefault("state", {})["request_id"] = request_id
        method = scope["method"]
        entry: dict[str, Any] = {
            "method": method,
            "path": path,
            "query": scope.get("query_string", b"").decode("latin-1"),
            "status": 0,
            "fault": Fault.NONE.value,
            "time": time.time(),
            "request_id": request_id,
        }
        try:
            await self._handle(scope, receive, send, entry)
        finally:
            with self._state.log_lock:
                self._state.log.append(entry)

    async def _handle(
        self, scope: Scope, receive: Receive, send: Send, entry: dict[str, Any]
    ) -> None:
        planner = self._state.faults
        delay = planner.latency()
        if delay:
            await asyncio.sleep(delay)
        write = _write_kind(entry["method"], entry["path"])
        draw = planner.draw(entry["method"], write)
        entry["fault"] = draw.fault.value
        request = Request(scope)
        if draw.fault is Fault.DROP:
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-length", b"64")],
                }
            )
            raise DroppedConnection(entry["request_id"])
        if draw.fault in (Fault.STATUS, Fault.RATE_LIMITED):
            await self._answer(
                _fault_response(draw, entry["request_id"]), scope, receive, send, entry
            )
            return
        refusal = self._auth_refusal(request, write is not None)
        if refusal is not None:
            await self._answer(
                _error_response(refusal, entry["request_id"]), scope, receive, send, entry
            )
            return
        if draw.fault is Fault.COMMIT_THEN_FAIL:
            await self._commit_then_fail(scope, receive, send, entry, draw)
            return
        await self._app(scope, receive, _recording(send, entry))

    @staticmethod
    async def _answer(
        response: Response, scope: Scope, receive: Receive, send: Send, entry: dict[str, Any]
    ) -> None:
        await response(scope, receive, _recording(send, entry))

    async def _commit_then_fail(
        self, scope: Scope, receive: Receive, send: Send, entry: dict[str, Any], draw: FaultDraw
    ) -> None:
        """Run the request for real; if it succeeded, answer 500 instead of its answer."""
        held: list[Message] = []

        async def hold(message: Message) -> None:
            held.append(message)

        await self._app(scope, receive, hold)
        status = next(m["status"] for m in held if m["type"] == "http.response.start")
        if 200 <= status < 300:
            await self._answer(
                _fault_response(draw, entry["request_id"]), scope, receive, send, entry
            )
            return
        entry["fault"] = Fault.NONE.value
        recorder = _recording(send, entry)
        for message in held:
            await recorder(message)

    def _auth_refusal(self, request: Request, write: bool) -> ApiError | None:
        settings = self._state.settings
        given = request.headers.get("x-api-key") or request.headers.get("x-user-api-key")
        if not given:
            return ApiError(
                401,
                "Auth_MissingApiKey",
                "No API key was sent.",
                "Send your Composio API key in the x-api-key header.",
            )
        if _same(given, settings.api_key):
            return None
        if settings.read_only_key and _same(given, settings.read_only_key):
            if not write:
                return None
            return ApiError(
                403,
                "Auth_Forbidden",
                "This API key may only read MCP servers.",
                "Use a key with write access to this project.",
            )
        return ApiError(
            401,
            "Auth_InvalidApiKey",
            "The API key is not valid.",
            "Check the key in your Composio dashboard under Settings > API keys.",
        )


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def _fault_response(draw: FaultDraw, request_id: str) -> Response:
    slug, message = _FAULT_ERRORS[draw.status]
    return _error_response(ApiError(draw.status, slug, message), request_id, draw.retry_after)


def _recording(send: Send, entry: dict[str, Any]) -> Send:
    async def recording_send(message: Message) -> None:
        if message["type"] == "http.response.start":
            entry["status"] = message["status"]
        await send(message)

    return recording_send


# --- the API ---------------------------------------------------------------------------


async def _health(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def _json_body(request: Request) -> Any:
    raw = await request.body()
    try:
        return json.loads(raw)
    except ValueError:
        raise ApiError(
            400,
            "Request_MalformedJson",
            "The request body is not valid JSON.",
            "Send a JSON object with Content-Type: application/json.",
        ) from None


def _not_found(server_id: str) -> ApiError:
    return ApiError(
        404,
        "MCP_ServerNotFound",
        f"No MCP server with id {server_id!r}.",
        "List your servers with GET /api/v3/mcp/servers to find the right id.",
    )


def _api_routes(state: _State) -> list[BaseRoute]:
    store = state.store
    catalogue = state.settings.catalogue

    async def create(request: Request) -> Response:
        fields = server_fields(await _json_body(request), catalogue, create=True)
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
                    {k: v for k, v in _server_json(s).items() if k != "deleted"} for s in page
                ],
                "current_page": query.page_no,
                "total_pages": -(-len(servers) // query.limit),
            }
        )

    async def generate(request: Request) -> Response:
        fields = generate_fields(await _json_body(request))
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
        return JSONResponse(_server_json(server))

    async def update(request: Request) -> Response:
        server_id = request.path_params["server_id"]
        if store.get(server_id) is None:
            raise _not_found(server_id)
        changes = server_fields(await _json_body(request), catalogue, create=False)
        server = store.update(server_id, changes)
        if server is None:
            raise _not_found(server_id)
        return JSONResponse(_server_json(server))

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


# --- the admin surface -----------------------------------------------------------------


def _admin_routes(state: _State) -> list[BaseRoute]:
    token = state.settings.admin_token or ""

    def guard(request: Request) -> Response | None:
        given = request.headers.get("authorization", "")
        if given.startswith("Bearer ") and _same(given[len("Bearer ") :], token):
            return None
        return JSONResponse({"error": "admin token required"}, 401)

    async def requests(request: Request) -> Response:
        refused = guard(request)
        if refused:
            return refused
        with state.log_lock:
            if request.method == "DELETE":
                state.log.clear()
            return JSONResponse({"requests": list(state.log)})

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
        include_deleted = request.query_params.get("include_deleted", "false") == "true"
        return JSONResponse(
            {"servers": [_server_json(s) for s in state.store.all(include_deleted=include_deleted)]}
        )

    async def reset(request: Request) -> Response:
        refused = guard(request)
        if refused:
            return refused
        state.store.reset()
        state.faults.replace(FaultPlan())
        with state.log_lock:
            state.log.clear()
        return JSONResponse({"reset": True})

    return [
        Route("/requests", requests, methods=["GET", "DELETE"]),
        Route("/faults", faults, methods=["GET", "PUT"]),
        Route("/servers", servers, methods=["GET"]),
        Route("/reset", reset, methods=["POST"]),
    ]
