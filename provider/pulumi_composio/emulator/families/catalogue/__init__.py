"""The catalogue of toolkits and tools, served read-only (:mod:`.routes`); it keeps no
records, as the catalogue is the emulator's settings."""

from __future__ import annotations

from ...family import Family
from .routes import catalogue_routes

__all__ = ["FAMILY"]

FAMILY = Family(name="catalogue", api_routes=catalogue_routes)
