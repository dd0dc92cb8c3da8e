"""Trigger instances: Composio's ``/trigger_instances`` routes (:mod:`.routes`), and the admin
route that fires one, delivering its event signed to the project's webhook subscription."""

from __future__ import annotations

from ...family import Family
from .records import NAME
from .routes import admin_routes, admin_view, trigger_instance_routes

__all__ = ["FAMILY"]

FAMILY = Family(
    name=NAME,
    api_routes=trigger_instance_routes,
    admin_view=admin_view,
    admin_routes=admin_routes,
)
