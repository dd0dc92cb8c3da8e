"""Tool router sessions: Composio's ``/tool_router/session`` routes (:mod:`.routes`) and each
session's MCP endpoint, ``/tool_router/{id}/mcp`` (:mod:`.mcp_endpoint`)."""

from __future__ import annotations

from ...family import Family
from .mcp_endpoint import session_mcp_endpoint
from .records import NAME
from .routes import admin_view, session_routes

__all__ = ["FAMILY"]

FAMILY = Family(
    name=NAME,
    api_routes=session_routes,
    admin_view=admin_view,
    endpoint=session_mcp_endpoint,
)
