"""A user's connected account in the emulator, which a trigger needs: seeded through its
admin surface (``POST /_emulator/connected_accounts``), as if the user had connected."""

from __future__ import annotations

from typing import Any

import httpx

from pulumi_composio.emulator import RunningEmulator
from tests.support.emulator_keys import ADMIN_TOKEN


def seed_connected_account(
    emulator: RunningEmulator, user_id: str, auth_config_id: str = "ac_github_default"
) -> dict[str, Any]:
    """A new active account of ``user_id`` on ``auth_config_id`` (GitHub's managed one)."""
    with httpx.Client(
        base_url=emulator.url + "/_emulator",
        headers={"authorization": f"Bearer {ADMIN_TOKEN}"},
        timeout=10,
    ) as admin:
        seeded = admin.post(
            "/connected_accounts", json={"user_id": user_id, "auth_config_id": auth_config_id}
        )
    seeded.raise_for_status()
    account: dict[str, Any] = seeded.json()
    return account
