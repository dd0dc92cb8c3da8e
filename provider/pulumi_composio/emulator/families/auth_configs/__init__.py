"""Auth configs: Composio's ``/auth_configs`` routes (:mod:`.routes`), with the catalogue's
configs seeded as real ones."""

from __future__ import annotations

from ...family import Family
from ...state import EmulatorState
from .records import NAME, auth_configs, from_0_1_row, seed_catalogued
from .routes import admin_view, auth_config_routes

__all__ = ["FAMILY"]


def _adopt_0_1_table(state: EmulatorState) -> None:
    auth_configs(state).adopt_table("auth_configs", from_0_1_row)


FAMILY = Family(
    name=NAME,
    api_routes=auth_config_routes,
    admin_view=admin_view,
    seed=seed_catalogued,
    upgrade=_adopt_0_1_table,
)
