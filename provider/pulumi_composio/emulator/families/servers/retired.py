"""Composio's answer once it has removed its MCP-server routes (``--retire-legacy-mcp``).

Composio marks those routes deprecated and its deprecation policy ends a deprecated route
with ``410 Gone`` after 90 days' notice. The emulator can answer so now, on every route of
the family and at each server's MCP endpoint, so a stack can rehearse that day.
"""

from __future__ import annotations

from ...api_errors import ApiError

__all__ = ["retired"]


def retired() -> ApiError:
    return ApiError(
        410,
        "MCP_EndpointRetired",
        "MCP servers have been retired: this endpoint is no longer available.",
        "Use tool router sessions (POST /api/v3.1/tool_router/session) instead.",
    )
