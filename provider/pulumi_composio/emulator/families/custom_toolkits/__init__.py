"""Custom toolkits (Composio's experimental Custom MCP): the ``/custom/toolkits`` routes
(:mod:`.routes`); a toolkit made here joins the catalogue while it lives."""

from __future__ import annotations

from ...family import Family
from .records import NAME, join_catalogue
from .routes import admin_view, custom_toolkit_routes

__all__ = ["FAMILY"]

FAMILY = Family(
    name=NAME,
    api_routes=custom_toolkit_routes,
    admin_view=admin_view,
    seed=join_catalogue,
)
