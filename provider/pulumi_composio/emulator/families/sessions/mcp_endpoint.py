"""A session's MCP URL, ``/tool_router/{session_id}/mcp``: what ``session.mcp.url`` names.

Served by the emulator's shared MCP machinery (:mod:`...mcp_serving`). The rules before the
protocol starts: a session that exists and is not deleted, else 404; the project's key in
``x-api-key`` (what ``session.mcp.headers`` carries), else 401, unless the emulator was
started without ``require_mcp_api_key``. The session names its user, so no ``user_id`` is
asked for. ``tools/list`` is the session's ``tool_router_tools``: exactly its enabled tools
under the direct-tools preset, else its meta-tools (and any preloaded tools), through which
the enabled tools are searched and executed; ``tools/call`` answers as ``execute`` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import mcp_types as types
from starlette.requests import Request

from ...api_errors import ApiError
from ...mcp_serving import StreamableMcp, ToolOffer, mcp_key_refusal, mcp_tool, tool_answer
from ...state import EmulatorState
from .calls import SessionView
from .records import sessions

__all__ = ["SESSION_MCP_PATH", "session_mcp_endpoint", "session_mcp_url"]

SESSION_MCP_PATH = "/tool_router/{session_id}/mcp"
"""Where Composio serves a session's MCP endpoint, below its API's base URL."""


def session_mcp_url(base_url: str, session_id: str) -> str:
    return base_url.rstrip("/") + SESSION_MCP_PATH.format(session_id=session_id)


@dataclass(frozen=True)
class _SessionTools:
    view: SessionView

    def tools(self) -> Sequence[types.Tool]:
        return [mcp_tool(tool) for tool in self.view.served()]

    def call(self, name: str, arguments: dict[str, Any]) -> types.CallToolResult:
        outcome = self.view.run(name, arguments)
        return tool_answer(data=outcome.data, error=outcome.error)


def session_mcp_endpoint(state: EmulatorState) -> StreamableMcp:
    """The endpoint behind :data:`SESSION_MCP_PATH`, admitting requests by Composio's rules."""

    def admit(request: Request) -> ToolOffer | ApiError:
        session_id = request.path_params["session_id"]
        record = sessions(state).get(session_id)
        if record is None or record.deleted:
            return ApiError(
                404,
                "ToolRouter_SessionNotFound",
                f"No tool router session with id {session_id!r}.",
                "The session was deleted or never existed; create a new one.",
            )
        view = SessionView(record, state.settings.catalogue)
        return mcp_key_refusal(request, state) or _SessionTools(view)

    return StreamableMcp(state, SESSION_MCP_PATH, admit)
