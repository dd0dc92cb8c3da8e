"""The project's settings: Composio's ``/org/project/config`` (:mod:`.routes`), kept in
:mod:`...project_config`, which the families that obey them read."""

from __future__ import annotations

from ...family import Family
from ...project_config import NAME, seed_project_config
from .routes import admin_view, project_config_routes

__all__ = ["FAMILY"]

FAMILY = Family(
    name=NAME,
    api_routes=project_config_routes,
    admin_view=admin_view,
    seed=seed_project_config,
)
