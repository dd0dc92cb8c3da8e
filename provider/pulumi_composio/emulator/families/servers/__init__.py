"""MCP servers: Composio's ``/mcp/...`` routes (:mod:`.routes`) and each server's MCP
endpoint, ``/v3/mcp/{id}`` (:mod:`.mcp_endpoint`)."""

from __future__ import annotations

from ...family import Family
from ...state import EmulatorState
from .mcp_endpoint import McpEndpoint
from .records import NAME, from_0_1_row, servers
from .routes import admin_view, server_routes

__all__ = ["FAMILY"]


def _adopt_0_1_table(state: EmulatorState) -> None:
    servers(state).adopt_table("servers", from_0_1_row)


FAMILY = Family(
    name=NAME,
    api_routes=server_routes,
    admin_view=admin_view,
    upgrade=_adopt_0_1_table,
    endpoint=McpEndpoint,
)
