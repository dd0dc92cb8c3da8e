"""Custom toolkits (Composio's experimental Custom MCP) over plain HTTP: registered under a
``CUSTOM_*`` slug, in the catalogue while they live, display metadata changed in place,
``app_url`` and ``auth_schemes`` refused a change (409), synced, deleted with their auth
configs."""

from __future__ import annotations

from typing import Any

import httpx

from pulumi_composio.emulator import EmulatorAdmin

UPSERT = "/api/v3.1/custom/toolkits/upsert"


def config(**changes: Any) -> dict[str, Any]:
    return {
        "name": "Acme Tools",
        "app_url": "https://mcp.acme.example/mcp",
        "auth_schemes": [
            {"mode": "API_KEY", "headers": {"authorization": "Bearer {{generic_api_key}}"}}
        ],
        **changes,
    }


def test_a_custom_toolkit_joins_the_catalogue_under_its_custom_slug(
    raw: httpx.Client, api_prefix: str
) -> None:
    made = raw.post(
        f"{api_prefix}/custom/toolkits/upsert",
        json={"slug": "acme tools", "toolkit_config": config()},
    )
    assert made.status_code == 201, made.text
    assert made.json() == {"slug": "CUSTOM_ACME_TOOLS"}
    kit = raw.get(f"{api_prefix}/toolkits/CUSTOM_ACME_TOOLS")
    assert kit.status_code == 200
    assert kit.json()["name"] == "Acme Tools"
    listed = [
        k["slug"] for k in raw.get(f"{api_prefix}/toolkits", params={"limit": 100}).json()["items"]
    ]
    assert "CUSTOM_ACME_TOOLS" in listed
    auth = raw.post(
        "/api/v3/auth_configs",
        json={
            "toolkit": {"slug": "CUSTOM_ACME_TOOLS"},
            "auth_config": {"type": "use_custom_auth", "authScheme": "API_KEY", "credentials": {}},
        },
    )
    assert auth.status_code == 201, auth.text


def test_an_upsert_of_the_same_slug_changes_its_name_but_not_its_url(
    raw: httpx.Client, admin: EmulatorAdmin
) -> None:
    raw.post(UPSERT, json={"slug": "acme", "toolkit_config": config()})
    renamed = raw.post(UPSERT, json={"slug": "acme", "toolkit_config": config(name="Acme 2")})
    assert (renamed.status_code, renamed.json()) == (200, {"slug": "CUSTOM_ACME"})
    moved = raw.post(
        UPSERT, json={"slug": "acme", "toolkit_config": config(app_url="https://other.example/mcp")}
    )
    assert moved.status_code == 409
    assert moved.json()["error"]["slug"] == "CustomToolkit_Conflict"
    (record,) = admin.records("custom_toolkits")
    assert (record["name"], record["app_url"]) == ("Acme 2", "https://mcp.acme.example/mcp")


def test_a_wrong_config_is_a_400_naming_every_problem(raw: httpx.Client) -> None:
    bad = config(
        app_url="http://mcp.acme.example/mcp",
        auth_schemes=[{"mode": "API_KEY", "headers": {"x": "y"}}],
    )
    answer = raw.post(UPSERT, json={"slug": "acme-tools!", "toolkit_config": bad})
    assert answer.status_code == 400
    assert any(line.startswith("slug:") for line in answer.json()["error"]["errors"])
    answer = raw.post(UPSERT, json={"slug": "acme", "toolkit_config": bad})
    assert answer.json()["error"]["errors"] == [
        "toolkit_config.app_url: 'http://mcp.acme.example/mcp' must be an https URL",
        "toolkit_config.auth_schemes: API_KEY headers must place {{generic_api_key}}",
    ]


def test_sync_finds_no_tools_offline_and_delete_takes_its_auth_configs_along(
    raw: httpx.Client, admin: EmulatorAdmin
) -> None:
    raw.post(UPSERT, json={"slug": "acme", "toolkit_config": config()})
    synced = raw.post("/api/v3.1/custom/toolkits/sync", json={"slug": "CUSTOM_ACME"})
    assert synced.status_code == 200
    assert synced.json()["slug"] == "CUSTOM_ACME"
    assert synced.json()["synced_count"] == 0
    raw.post(
        "/api/v3/auth_configs",
        json={
            "toolkit": {"slug": "CUSTOM_ACME"},
            "auth_config": {"type": "use_custom_auth", "authScheme": "API_KEY", "credentials": {}},
        },
    )
    deleted = raw.delete("/api/v3.1/custom/toolkits/CUSTOM_ACME")
    assert deleted.status_code == 200
    body = deleted.json()
    assert (body["deleted"], body["auth_configs_deleted"], body["connected_accounts_deleted"]) == (
        True,
        1,
        0,
    )
    assert len(body["revoke_job_ids"]) == 1
    assert raw.get("/api/v3/toolkits/CUSTOM_ACME").status_code == 404
    assert raw.delete("/api/v3.1/custom/toolkits/CUSTOM_ACME").status_code == 404
    assert (
        raw.post("/api/v3.1/custom/toolkits/sync", json={"slug": "CUSTOM_ACME"}).status_code == 404
    )
    assert admin.records("custom_toolkits") == []
