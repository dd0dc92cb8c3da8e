"""Composio's MCP endpoint, ``/v3/mcp/{server_id}``: the URL an agent connects to.

It speaks MCP over Streamable HTTP through the official ``mcp`` package's server (stateless,
JSON answers), so any MCP client can list and call a server's tools offline. Before the
protocol starts, the request must pass Composio's rules for this endpoint, in its order:

* a server that exists and is not deleted, else 404;
* a ``user_id`` or ``connected_account_id`` query parameter, else 400 with Composio's message;
* the project's key in ``x-api-key`` (unless the emulator was started with
  ``require_mcp_api_key`` off, as the project setting allows), else 401.

``tools/list`` answers the server's ``allowed_tools``, or every tool of its toolkits where it
allows none, described from the catalogue; ``tools/call`` checks the arguments against the
tool's input schema and answers as Composio does, ``{"data", "error", "successful"}`` as JSON
text, with the catalogue's sample result or, where the tool has none, the arguments echoed.
No real tool runs. Every request goes into the request log, a tool call with its tool's name
and arguments, so a team's test can assert what its agent did.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
from collections.abc import AsyncIterator, Sequence
from typing import Any

import jsonschema
import mcp_types as types
from mcp.server.context import ServerRequestContext
from mcp.server.lowlevel import Server
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from starlette.requests import Request
from starlette.routing import BaseRoute, Route
from starlette.types import Receive, Scope, Send

from ...api_errors import ApiError
from ...catalogue import Tool
from ...gate import key_refusal, log_entry, recording
from ...state import EmulatorSettings, EmulatorState
from ...wire import error_response
from .records import ServerRecord, servers

__all__ = ["MCP_PATH", "McpEndpoint", "handed_out_base_url", "mcp_url"]

MCP_PATH = "/v3/mcp/{server_id}"
"""Where Composio serves a server's MCP endpoint, below its API's base URL."""

_USER_QUERY = ("user_id", "connected_account_id")


def mcp_url(base_url: str, server_id: str) -> str:
    """A server's bare MCP URL: a client must add ``?user_id=`` (or a connected account)."""
    return base_url.rstrip("/") + MCP_PATH.format(server_id=server_id)


def handed_out_base_url(settings: EmulatorSettings, request: Request) -> str:
    """Below which base the API's answers place MCP URLs: the configured one, else the
    emulator's own address as this request reached it."""
    return settings.mcp_base_url or f"{request.url.scheme}://{request.url.netloc}"


_call: contextvars.ContextVar[tuple[ServerRecord, dict[str, Any]]] = contextvars.ContextVar(
    "mcp_call"
)
"""The server a request is for and its request-log entry, for the protocol's handlers."""


class McpEndpoint:
    """The ASGI app behind :data:`MCP_PATH`; :meth:`running` must be entered to serve."""

    def __init__(self, state: EmulatorState) -> None:
        self._state = state
        server: Server[Any] = Server(
            "composio", on_list_tools=self._list_tools, on_call_tool=self._call_tool
        )
        self._sessions = StreamableHTTPSessionManager(server, json_response=True, stateless=True)

    @property
    def routes(self) -> Sequence[BaseRoute]:
        return [Route(MCP_PATH, self)]

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
            server_or_refusal = self._admit(request)
            if isinstance(server_or_refusal, ApiError):
                refusal = error_response(server_or_refusal, entry["request_id"])
                await refusal(scope, receive, answer)
                return
            token = _call.set((server_or_refusal, entry))
            try:
                await self._sessions.handle_request(scope, receive, answer)
            finally:
                _call.reset(token)
        finally:
            with self._state.log_lock:
                self._state.log.append(entry)

    def _admit(self, request: Request) -> ServerRecord | ApiError:
        server_id = request.path_params["server_id"]
        server = servers(self._state).get(server_id)
        if server is None or server.deleted:
            return ApiError(
                404,
                "MCP_ServerNotFound",
                f"No MCP server with id {server_id!r}.",
                "The server was deleted or never existed; generate a URL for a live server.",
            )
        if not any(request.query_params.get(name) for name in _USER_QUERY):
            return ApiError(
                400,
                "MCP_UserRequired",
                "user_id or connected_account_id query parameter is required",
                "Connect with a URL from POST /api/v3/mcp/servers/generate: it names the user.",
            )
        if self._state.settings.require_mcp_api_key:
            return key_refusal(request.headers.get("x-api-key"), self._state.settings) or server
        return server

    def _tools_of(self, server: ServerRecord) -> list[Tool]:
        catalogue = self._state.settings.catalogue
        if server.allowed_tools:
            slugs = sorted(server.allowed_tools)
        else:
            slugs = sorted(
                slug for kit in server.toolkits for slug in catalogue.tool_slugs_of(kit) or ()
            )
        return [tool for slug in slugs if (tool := catalogue.tool(slug)) is not None]

    async def _list_tools(
        self, ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
    ) -> types.ListToolsResult:
        server, entry = _call.get()
        entry["mcp"] = {"method": "tools/list"}
        return types.ListToolsResult(
            tools=[
                types.Tool(
                    name=tool.slug,
                    title=tool.name,
                    description=tool.description,
                    input_schema=dict(tool.input_schema),
                )
                for tool in self._tools_of(server)
            ]
        )

    async def _call_tool(
        self, ctx: ServerRequestContext[Any], params: types.CallToolRequestParams
    ) -> types.CallToolResult:
        server, entry = _call.get()
        arguments = params.arguments or {}
        entry["mcp"] = {"method": "tools/call", "tool": params.name, "arguments": arguments}
        tool = next((t for t in self._tools_of(server) if t.slug == params.name), None)
        if tool is None:
            return _answer(error=f"Tool {params.name} is not enabled on this MCP server.")
        problem = next(
            iter(jsonschema.Draft202012Validator(tool.input_schema).iter_errors(arguments)), None
        )
        if problem is not None:
            where = ".".join(str(part) for part in problem.absolute_path) or "arguments"
            return _answer(error=f"Invalid arguments for {tool.slug}: {where}: {problem.message}")
        return _answer(data=arguments if tool.result is None else tool.result)


def _answer(*, data: Any = None, error: str | None = None) -> types.CallToolResult:
    """A tool call's answer as Composio gives it: its JSON result as the text content."""
    body = {"data": data, "error": error, "successful": error is None}
    return types.CallToolResult(
        content=[types.TextContent(text=json.dumps(body))], is_error=error is not None
    )
