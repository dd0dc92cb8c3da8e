"""Auth configs: Composio's ``/auth_configs`` routes (:mod:`.routes`), with the catalogue's
configs seeded as real ones."""

from __future__ import annotations

from ...documents import OlderTable
from ...family import Family
from .records import NAME, AuthConfigRecord, from_0_1_row, seed_catalogued
from .routes import admin_view, auth_config_routes

__all__ = ["FAMILY"]

FAMILY = Family(
    name=NAME,
    api_routes=auth_config_routes,
    admin_view=admin_view,
    seed=seed_catalogued,
    older_table=OlderTable("auth_configs", AuthConfigRecord, from_0_1_row),
)
