"""MCP servers: Composio's ``/mcp/...`` routes (:mod:`.routes`) and each server's MCP
endpoint, ``/v3/mcp/{id}`` (:mod:`.mcp_endpoint`)."""

from __future__ import annotations

from ...documents import OlderTable
from ...family import Family
from .mcp_endpoint import mcp_endpoint
from .records import NAME, ServerRecord, from_0_1_row
from .routes import admin_view, server_routes

__all__ = ["FAMILY"]

FAMILY = Family(
    name=NAME,
    api_routes=server_routes,
    admin_view=admin_view,
    older_table=OlderTable("servers", ServerRecord, from_0_1_row),
    endpoint=mcp_endpoint,
)
