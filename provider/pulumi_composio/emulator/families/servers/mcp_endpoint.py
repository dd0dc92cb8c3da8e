"""Composio's MCP endpoint of a server, ``/v3/mcp/{server_id}``: the URL an agent connects to.

It speaks MCP through the emulator's shared machinery (:mod:`...mcp_serving`), so any MCP
client can list and call a server's tools offline. Before the protocol starts, the request
must pass Composio's rules for this endpoint, in its order:

* a server that exists and is not deleted, else 404;
* a ``user_id`` or ``connected_account_id`` query parameter, else 400 with Composio's message;
* the project's key in ``x-api-key`` (unless the emulator was started with
  ``require_mcp_api_key`` off, as the project setting allows), else 401.

``tools/list`` answers the server's ``allowed_tools``, or every tool of its toolkits where it
allows none, described from the catalogue; ``tools/call`` checks the arguments against the
tool's input schema and answers as Composio does, ``{"data", "error", "successful"}`` as JSON
text, with the catalogue's sample result or, where the tool has none, the arguments echoed.
No real tool runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import mcp_types as types
from starlette.requests import Request

from ...api_errors import ApiError
from ...catalogue import Catalogue, Tool
from ...mcp_serving import (
    StreamableMcp,
    ToolOffer,
    argument_problem,
    mcp_key_refusal,
    mcp_tool,
    tool_answer,
)
from ...state import EmulatorState
from .records import ServerRecord, servers
from .retired import retired

__all__ = ["MCP_PATH", "mcp_endpoint", "mcp_url"]

MCP_PATH = "/v3/mcp/{server_id}"
"""Where Composio serves a server's MCP endpoint, below its API's base URL."""

_USER_QUERY = ("user_id", "connected_account_id")


def mcp_url(base_url: str, server_id: str) -> str:
    """A server's bare MCP URL: a client must add ``?user_id=`` (or a connected account)."""
    return base_url.rstrip("/") + MCP_PATH.format(server_id=server_id)


@dataclass(frozen=True)
class _ServerTools:
    """What one server's URL offers: its tools from the catalogue, called as Composio does."""

    server: ServerRecord
    catalogue: Catalogue

    def _tools(self) -> list[Tool]:
        if self.server.allowed_tools:
            slugs = sorted(self.server.allowed_tools)
        else:
            slugs = sorted(
                slug
                for kit in self.server.toolkits
                for slug in self.catalogue.tool_slugs_of(kit) or ()
            )
        return [tool for slug in slugs if (tool := self.catalogue.tool(slug)) is not None]

    def tools(self) -> Sequence[types.Tool]:
        return [mcp_tool(tool) for tool in self._tools()]

    def call(self, name: str, arguments: dict[str, Any]) -> types.CallToolResult:
        tool = next((t for t in self._tools() if t.slug == name), None)
        if tool is None:
            return tool_answer(error=f"Tool {name} is not enabled on this MCP server.")
        problem = argument_problem(tool, arguments)
        if problem is not None:
            return tool_answer(error=problem)
        return tool_answer(data=arguments if tool.result is None else tool.result)


def mcp_endpoint(state: EmulatorState) -> StreamableMcp:
    """The endpoint behind :data:`MCP_PATH`, admitting requests by Composio's rules."""

    def admit(request: Request) -> ToolOffer | ApiError:
        if state.settings.retire_legacy_mcp:
            return retired()
        server_id = request.path_params["server_id"]
        server = servers(state).get(server_id)
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
        return mcp_key_refusal(request, state) or _ServerTools(server, state.settings.catalogue)

    return StreamableMcp(state, MCP_PATH, admit)
