"""What every MCP endpoint of the emulator shares: the official ``mcp`` server over Streamable
HTTP, the request log, the key rule, and Composio's way of answering a tool call.

A family serves MCP at a path of its own (a server's ``/v3/mcp/{server_id}``, a session's
``/tool_router/{session_id}/mcp``) by giving :class:`StreamableMcp` its path and an
*admission*: for each request, either the tools that URL offers (:class:`ToolOffer`) or the
:class:`~.api_errors.ApiError` Composio answers before the protocol starts. The protocol
itself (stateless, JSON answers) and the log entry of every request, a tool call with its
tool's name and arguments, are the same for every family, so they live here once.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import Any, Protocol

import jsonschema
import mcp_types as types
from mcp.server.context import ServerRequestContext
from mcp.server.lowlevel import Server
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from starlette.requests import Request
from starlette.routing import BaseRoute, Route
from starlette.types import Receive, Scope, Send

from .api_errors import ApiError
from .catalogue import Tool
from .gate import key_refusal, log_entry, recording
from .project_config import project_config
from .state import EmulatorSettings, EmulatorState
from .wire import error_response

__all__ = [
    "Admission",
    "StreamableMcp",
    "ToolOffer",
    "argument_problem",
    "handed_out_base_url",
    "mcp_key_refusal",
    "mcp_tool",
    "tool_answer",
]


class ToolOffer(Protocol):
    """What one MCP URL serves to the request at hand: its tools, and how a call answers."""

    def tools(self) -> Sequence[types.Tool]: ...

    def call(self, name: str, arguments: dict[str, Any]) -> types.CallToolResult: ...


Admission = Callable[[Request], "ToolOffer | ApiError"]
"""A family's rules for its MCP URL: what the request may use, or why it is refused."""

_offer: contextvars.ContextVar[tuple[ToolOffer, dict[str, Any]]] = contextvars.ContextVar(
    "mcp_offer"
)
"""The offer a request was admitted to and its request-log entry, for the protocol's handlers."""


def handed_out_base_url(settings: EmulatorSettings, request: Request) -> str:
    """Below which base the API's answers place MCP URLs: the configured one, else the
    emulator's own address as this request reached it."""
    return settings.mcp_base_url or f"{request.url.scheme}://{request.url.netloc}"


def mcp_key_refusal(request: Request, state: EmulatorState) -> ApiError | None:
    """Why the project's key rule refuses ``request`` (Composio's ``require_mcp_api_key``,
    the project setting as it is now: :mod:`.project_config`), or ``None``."""
    if not project_config(state).require_mcp_api_key:
        return None
    return key_refusal(request.headers.get("x-api-key"), state.settings)


def mcp_tool(tool: Tool) -> types.Tool:
    """A catalogue tool as ``tools/list`` shows it."""
    return types.Tool(
        name=tool.slug,
        title=tool.name,
        description=tool.description,
        input_schema=dict(tool.input_schema),
    )


def argument_problem(tool: Tool, arguments: Mapping[str, Any]) -> str | None:
    """Why ``arguments`` do not fit the tool's input schema (the first problem), or ``None``."""
    problem = next(
        iter(jsonschema.Draft202012Validator(tool.input_schema).iter_errors(arguments)), None
    )
    if problem is None:
        return None
    where = ".".join(str(part) for part in problem.absolute_path) or "arguments"
    return f"Invalid arguments for {tool.slug}: {where}: {problem.message}"


def tool_answer(*, data: Any = None, error: str | None = None) -> types.CallToolResult:
    """A tool call's answer as Composio gives it: its JSON result as the text content."""
    body = {"data": data, "error": error, "successful": error is None}
    return types.CallToolResult(
        content=[types.TextContent(text=json.dumps(body))], is_error=error is not None
    )


class StreamableMcp:
    """The ASGI app serving MCP at ``path``; :meth:`running` must be entered to serve."""

    def __init__(self, state: EmulatorState, path: str, admit: Admission) -> None:
        self._state = state
        self._path = path
        self._admit = admit
        server: Server[Any] = Server(
            "composio", on_list_tools=self._list_tools, on_call_tool=self._call_tool
        )
        self._sessions = StreamableHTTPSessionManager(server, json_response=True, stateless=True)

    @property
    def routes(self) -> Sequence[BaseRoute]:
        return [Route(self._path, self)]

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """The protocol's task group, for the app's lifespan."""
        async with self._sessions.run():
            yield

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        entry = log_entry(scope)
        answer = recording(send, entry)
        try:
            offer_or_refusal = self._admit(request)
            if isinstance(offer_or_refusal, ApiError):
                refusal = error_response(offer_or_refusal, entry["request_id"])
                await refusal(scope, receive, answer)
                return
            token = _offer.set((offer_or_refusal, entry))
            try:
                await self._sessions.handle_request(scope, receive, answer)
            finally:
                _offer.reset(token)
        finally:
            with self._state.log_lock:
                self._state.log.append(entry)

    async def _list_tools(
        self, ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        offer, entry = _offer.get()
        entry["mcp"] = {"method": "tools/list"}
        return types.ListToolsResult(tools=list(offer.tools()))

    async def _call_tool(
        self, ctx: ServerRequestContext[Any], params: types.CallToolRequestParams
    ) -> types.CallToolResult:
        offer, entry = _offer.get()
        arguments = params.arguments or {}
        entry["mcp"] = {"method": "tools/call", "tool": params.name, "arguments": arguments}
        return offer.call(params.name, arguments)
