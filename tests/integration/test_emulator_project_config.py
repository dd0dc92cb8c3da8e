"""The project's settings, ``GET``/``PATCH /org/project/config``, over plain HTTP: what they
answer, what they refuse, and ``require_mcp_api_key`` turning the MCP endpoints' key rule
off and on again while the emulator runs."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from pulumi_composio.emulator import EmulatorAdmin, RunningEmulator
from tests.support.emulator_keys import API_KEY, READ_ONLY_KEY
from tests.support.mcp_clients import list_tools

DEFAULTS = {
    "require_mcp_api_key": True,
    "mask_secret_keys_in_connected_account": False,
    "log_visibility_setting": "show_all",
    "is_2FA_enabled": False,
    "display_name": "",
    "logo_url": "",
    "is_composio_link_enabled_for_managed_auth": False,
    "signed_url_file_expiry_in_seconds": 3600,
}


def refused_without_key(url: str) -> bool:
    """Whether the MCP endpoint at ``url`` answers 401 to a request sending no key."""
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    accept = {"accept": "application/json, text/event-stream"}
    return httpx.post(url, json=body, headers=accept, timeout=10).status_code == 401


def session_url(raw: httpx.Client) -> str:
    made = raw.post(
        "/api/v3.1/tool_router/session",
        json={"user_id": "support-bot", "toolkits": {"enable": ["github"]}},
    )
    assert made.status_code == 201, made.text
    return str(made.json()["mcp"]["url"])


def server_url(raw: httpx.Client) -> str:
    made = raw.post(
        "/api/v3/mcp/servers/custom",
        json={
            "name": "agent tools",
            "toolkits": ["slack"],
            "allowed_tools": ["SLACK_SEND_MESSAGE"],
        },
    )
    assert made.status_code == 201, made.text
    urls = raw.post(
        "/api/v3/mcp/servers/generate",
        json={"mcp_server_id": made.json()["id"], "user_ids": ["agent-1"]},
    )
    return str(urls.json()["user_ids_url"][0])


def test_the_settings_start_as_composios_defaults(raw: httpx.Client, api_prefix: str) -> None:
    answer = raw.get(f"{api_prefix}/org/project/config")
    assert answer.status_code == 200
    assert answer.json() == DEFAULTS


def test_a_patch_changes_only_the_fields_it_gives(
    raw: httpx.Client, admin: EmulatorAdmin, api_prefix: str
) -> None:
    changes = {"display_name": "Support", "log_visibility_setting": "dont_store_data"}
    answer = raw.patch(f"{api_prefix}/org/project/config", json=changes)
    assert answer.status_code == 200
    assert answer.json() == {**DEFAULTS, **changes}
    assert raw.get("/api/v3/org/project/config").json() == {**DEFAULTS, **changes}
    assert admin.records("project_config") == [{**DEFAULTS, **changes}]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"require_mcp_api_key": "no"}, "require_mcp_api_key: Input should be a valid boolean"),
        ({"log_visibility_setting": "some"}, "log_visibility_setting: Input should be"),
        ({"is_2fa_enabled": True}, "is_2fa_enabled: Extra inputs are not permitted"),
        ({"display_name": None}, "display_name: must not be null"),
    ],
)
def test_a_wrong_field_is_a_400_naming_it_and_changes_nothing(
    raw: httpx.Client, body: dict[str, Any], problem: str
) -> None:
    answer = raw.patch("/api/v3/org/project/config", json=body)
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["slug"] == "ProjectConfig_InvalidRequest"
    assert any(line.startswith(problem) for line in error["errors"]), error["errors"]
    assert raw.get("/api/v3/org/project/config").json() == DEFAULTS


def test_the_read_only_key_reads_the_settings_but_may_not_change_them(
    emulator: RunningEmulator,
) -> None:
    with httpx.Client(base_url=emulator.url, headers={"x-api-key": READ_ONLY_KEY}) as reader:
        assert reader.get("/api/v3/org/project/config").status_code == 200
        refused = reader.patch("/api/v3/org/project/config", json={"display_name": "x"})
    assert refused.status_code == 403


def test_require_mcp_api_key_off_lets_mcp_clients_in_without_the_key_and_on_refuses_them(
    raw: httpx.Client,
) -> None:
    urls = [session_url(raw), server_url(raw)]
    assert [refused_without_key(url) for url in urls] == [True, True]

    off = raw.patch("/api/v3/org/project/config", json={"require_mcp_api_key": False})
    assert off.json()["require_mcp_api_key"] is False
    assert "COMPOSIO_SEARCH_TOOLS" in list_tools(urls[0], None)
    assert list(list_tools(urls[1], None)) == ["SLACK_SEND_MESSAGE"]

    raw.patch("/api/v3/org/project/config", json={"require_mcp_api_key": True})
    assert [refused_without_key(url) for url in urls] == [True, True]
    assert all(list_tools(url, API_KEY) for url in urls), "the key still lets a client in"
