"""Trigger types: the catalogue's events, served read-only at Composio's ``/triggers_types``
routes (:mod:`.routes`); it keeps no records, as the catalogue is the emulator's settings."""

from __future__ import annotations

from ...family import Family
from .routes import trigger_type_routes

__all__ = ["FAMILY"]

FAMILY = Family(name="trigger_types", api_routes=trigger_type_routes)
