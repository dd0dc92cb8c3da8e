"""The gate in front of every ``/api/`` request: request log, faults, then the key.

A real gateway fails before it authenticates, so a drawn fault answers even a request
without a key; a write with the read-only key is 403. What a request writes is what its
route declares (:mod:`.api_routes`): every method but ``GET`` writes unless the route
says it only reads.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .api_errors import ApiError
from .api_routes import RouteTable
from .faults import Fault, FaultDraw, Hold
from .state import EmulatorSettings, EmulatorState
from .wire import error_response, same_secret

__all__ = ["ApiGate", "DroppedConnection", "key_refusal", "log_entry", "recording"]


_HOLD_POLL_SECONDS = 0.01
"""How often a held request looks whether the plan still holds it."""


class DroppedConnection(Exception):
    """Raised after a response has started, so that uvicorn closes the socket mid-answer."""


_FAULT_ERRORS = {
    408: ("Request_Timeout", "The request timed out."),
    409: ("Request_Conflict", "A conflicting request is in progress."),
    429: ("RateLimit_Exceeded", "Too many requests."),
    500: ("Internal_ServerError", "Internal server error."),
    502: ("Gateway_BadGateway", "Bad gateway."),
    503: ("Service_Unavailable", "Service temporarily unavailable."),
    504: ("Gateway_Timeout", "Gateway timeout."),
}


def log_entry(scope: Scope) -> dict[str, Any]:
    """A request's entry in the request log, its ``status`` set once it is answered (see
    :func:`recording`)."""
    return {
        "method": scope["method"],
        "path": scope.get("path", ""),
        "query": scope.get("query_string", b"").decode("latin-1"),
        "status": 0,
        "fault": Fault.NONE.value,
        "time": time.time(),
        "request_id": f"req_{uuid.uuid4().hex[:20]}",
    }


class ApiGate:
    """ASGI middleware in front of every ``/api/`` request; ``routes`` says what each
    writes."""

    def __init__(self, app: ASGIApp, state: EmulatorState, routes: RouteTable) -> None:
        self._app = app
        self._state = state
        self.route_table = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/api/"):
            await self._app(scope, receive, send)
            return
        entry = log_entry(scope)
        scope.setdefault("state", {})["request_id"] = entry["request_id"]
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
        await self._wait_while_held("requests", entry["method"])
        write = self.route_table.write_of(scope)
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
        headers = request.headers
        given = headers.get("x-api-key") or headers.get("x-user-api-key")
        refusal = key_refusal(given, self._state.settings, write=write is not None)
        if refusal is not None:
            await self._answer(
                error_response(refusal, entry["request_id"]), scope, receive, send, entry
            )
            return
        if draw.fault is Fault.COMMIT_THEN_FAIL:
            await self._commit_then_fail(scope, receive, send, entry, draw)
            return
        answer = self._answer_later(recording(send, entry), entry["method"])
        await self._app(scope, receive, answer)

    async def _wait_while_held(self, hold: Hold, method: str) -> None:
        """Until the fault plan no longer holds this kind of wait for this method."""
        planner = self._state.faults
        if not planner.holds(hold, method):
            return
        self._state.held += 1
        try:
            while planner.holds(hold, method):
                await asyncio.sleep(_HOLD_POLL_SECONDS)
        finally:
            self._state.held -= 1

    def _answer_later(self, send: Send, method: str) -> Send:
        """``send`` whose answer, once the request was processed, waits out the plan's
        ``answer_delay_ms`` and then its ``hold`` of answers."""
        seconds = self._state.faults.answer_delay()

        async def answer_later(message: Message) -> None:
            if message["type"] == "http.response.start":
                if seconds:
                    await asyncio.sleep(seconds)
                await self._wait_while_held("answers", method)
            await send(message)

        return answer_later

    @staticmethod
    async def _answer(
        response: Response, scope: Scope, receive: Receive, send: Send, entry: dict[str, Any]
    ) -> None:
        await response(scope, receive, recording(send, entry))

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
        recorder = recording(send, entry)
        for message in held:
            await recorder(message)


def key_refusal(
    given: str | None, settings: EmulatorSettings, *, write: bool = False
) -> ApiError | None:
    """Why a request with key ``given`` is refused, or ``None`` when it may proceed.

    The read-only key may do anything but ``write``.
    """
    if not given:
        return ApiError(
            401,
            "Auth_MissingApiKey",
            "No API key was sent.",
            "Send your Composio API key in the x-api-key header.",
        )
    if same_secret(given, settings.api_key):
        return None
    if settings.read_only_key and same_secret(given, settings.read_only_key):
        if not write:
            return None
        return ApiError(
            403,
            "Auth_Forbidden",
            "This API key may only read.",
            "Use a key with write access to this project.",
        )
    return ApiError(
        401,
        "Auth_InvalidApiKey",
        "The API key is not valid.",
        "Check the key in your Composio dashboard under Settings > API keys.",
    )


def _fault_response(draw: FaultDraw, request_id: str) -> Response:
    slug, message = _FAULT_ERRORS[draw.status]
    return error_response(ApiError(draw.status, slug, message), request_id, draw.retry_after)


def recording(send: Send, entry: dict[str, Any]) -> Send:
    """``send`` that notes the answer's status in ``entry``."""

    async def recording_send(message: Message) -> None:
        if message["type"] == "http.response.start":
            entry["status"] = message["status"]
        await send(message)

    return recording_send
