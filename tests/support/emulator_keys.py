"""The keys the integration suite's emulator is started with, and the API prefixes it serves.

Tests compare what they send and what they read back with these, so they are the one place
both the fixtures that start the emulator and the tests that call it take them from.
"""

from __future__ import annotations

__all__ = ["ADMIN_TOKEN", "API_KEY", "PREFIXES", "READ_ONLY_KEY"]

API_KEY = "ck_integration_live_7f3a9c2e51"
"""The emulator's write key; tests check it never shows up in an error message."""
READ_ONLY_KEY = "ck_integration_read_5b8d0e4f"
ADMIN_TOKEN = "emulator-admin-token-1d2c"
PREFIXES = ("/api/v3", "/api/v3.1")
