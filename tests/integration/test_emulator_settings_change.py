"""``PATCH /_emulator/settings`` changes a running emulator as Composio would change between two
steps of a test (a key rotation, the legacy routes retired), keeping its port and its records;
a field it does not know, or a write key taken away, is refused and changes nothing."""

from __future__ import annotations

import httpx
import pytest

from pulumi_composio.emulator import start_emulator

OLD, NEW = "ck_settings_old", "ck_settings_new"


def status(url: str, key: str, path: str = "/api/v3/mcp/servers") -> int:
    return httpx.get(url + path, headers={"x-api-key": key}).status_code


def test_keys_and_retired_routes_change_in_place_and_bad_changes_are_refused() -> None:
    with start_emulator(api_key=OLD, admin_token="admin") as composio:
        composio.admin.change_settings(api_key=NEW, read_only_key=OLD)
        assert (status(composio.url, NEW), status(composio.url, OLD)) == (200, 200)
        written = httpx.post(
            f"{composio.url}/api/v3/mcp/servers/custom",
            headers={"x-api-key": OLD},
            json={"name": "Support", "toolkits": ["github"]},
        )
        assert written.status_code == 403, "the old key only reads mid-rotation"

        composio.admin.change_settings(read_only_key=None)
        assert (status(composio.url, NEW), status(composio.url, OLD)) == (200, 401)

        composio.admin.change_settings(retire_legacy_mcp=True)
        assert status(composio.url, NEW) == 410

        for refused in ({"api_key": None}, {"rate_limit": 3}):
            with pytest.raises(httpx.HTTPStatusError) as error:
                composio.admin.change_settings(**refused)
            assert error.value.response.status_code == 400
        assert status(composio.url, NEW) == 410, "a refused change changes nothing"
