"""Trigger types, connected accounts, trigger instances and the webhook subscription over plain
HTTP: what the official SDK flows do not reach (the admin seeding of an OAuth account, the
refusals, the v3 masking of the secret, firing with nothing to deliver to)."""

from __future__ import annotations

from typing import Any

import httpx

from pulumi_composio.emulator import EmulatorAdmin, RunningEmulator
from tests.support.emulator_keys import ADMIN_TOKEN

ISSUE = "GITHUB_ISSUE_ADDED_EVENT"


def admin_http(emulator: RunningEmulator) -> httpx.Client:
    return httpx.Client(
        base_url=emulator.url + "/_emulator",
        headers={"authorization": f"Bearer {ADMIN_TOKEN}"},
        timeout=10,
    )


def seeded_account(emulator: RunningEmulator, user_id: str = "support-bot") -> dict[str, Any]:
    with admin_http(emulator) as admin:
        seeded = admin.post(
            "/connected_accounts", json={"user_id": user_id, "auth_config_id": "ac_github_default"}
        )
    assert seeded.status_code == 201, seeded.text
    account: dict[str, Any] = seeded.json()
    return account


def test_trigger_types_list_retrieve_and_refuse_an_unknown_one(
    raw: httpx.Client, api_prefix: str
) -> None:
    listed = raw.get(f"{api_prefix}/triggers_types", params={"toolkit_slugs": "slack"})
    assert [t["slug"] for t in listed.json()["items"]] == ["SLACK_RECEIVE_MESSAGE"]
    kind = raw.get(f"{api_prefix}/triggers_types/{ISSUE.lower()}").json()
    assert kind["slug"] == ISSUE
    assert sorted(kind["config"]["properties"]) == ["owner", "repo"]
    assert raw.get(f"{api_prefix}/triggers_types/list/enum").json() == [
        ISSUE,
        "GITHUB_COMMIT_EVENT",
        "SLACK_RECEIVE_MESSAGE",
    ]
    missing = raw.get(f"{api_prefix}/triggers_types/GITHUB_NOPE")
    assert (missing.status_code, missing.json()["error"]["slug"]) == (404, "TriggerType_NotFound")
    old = raw.get(f"{api_prefix}/triggers_types/{ISSUE}", params={"toolkit_versions": "2019"})
    assert old.status_code == 400


def test_an_oauth_connection_is_refused_offline_and_seeded_by_the_admin_route(
    emulator: RunningEmulator, raw: httpx.Client
) -> None:
    refused = raw.post(
        "/api/v3.1/connected_accounts",
        json={"auth_config": {"id": "ac_github_default"}, "connection": {"user_id": "u"}},
    )
    assert refused.status_code == 400
    assert "POST /_emulator/connected_accounts" in refused.json()["error"]["message"]
    account = seeded_account(emulator)
    assert (account["status"], account["toolkit"]["slug"]) == ("ACTIVE", "github")
    listed = raw.get("/api/v3/connected_accounts", params={"user_ids": "support-bot"}).json()
    assert [a["id"] for a in listed["items"]] == [account["id"]]


def test_connected_account_secrets_show_masked_once_the_project_says_so(
    emulator: RunningEmulator, raw: httpx.Client
) -> None:
    account = seeded_account(emulator)
    path = f"/api/v3/connected_accounts/{account['id']}"
    assert raw.get(path).json()["state"]["val"]["access_token"] == "emulated-access-token"
    raw.patch("/api/v3/org/project/config", json={"mask_secret_keys_in_connected_account": True})
    assert raw.get(path).json()["state"]["val"]["access_token"] == "emul..."


def test_with_2fa_on_a_trigger_pinned_to_someone_elses_account_is_refused(
    emulator: RunningEmulator, raw: httpx.Client
) -> None:
    account = seeded_account(emulator, "alice")
    body = {
        "user_id": "mallory",
        "connected_account_id": account["id"],
        "trigger_config": {"owner": "o", "repo": "r"},
    }
    upsert = f"/api/v3.1/trigger_instances/{ISSUE}/upsert"
    assert raw.post(upsert, json=body).status_code == 200, "2FA is off"
    raw.patch("/api/v3/org/project/config", json={"is_2FA_enabled": True})
    refused = raw.post(upsert, json=body)
    assert refused.status_code == 400
    assert "does not own" in refused.json()["error"]["errors"][0]


def test_firing_needs_an_enabled_trigger_and_a_subscription_to_deliver_to(
    emulator: RunningEmulator, raw: httpx.Client, admin: EmulatorAdmin
) -> None:
    seeded_account(emulator)
    made = raw.post(
        f"/api/v3.1/trigger_instances/{ISSUE}/upsert",
        json={"user_id": "support-bot", "trigger_config": {"owner": "o", "repo": "r"}},
    )
    trigger_id = made.json()["trigger_id"]
    event = {"action": "opened", "number": 1, "title": "t"}
    with admin_http(emulator) as http:
        nowhere = http.post(f"/triggers/{trigger_id}/fire", json=event)
        assert nowhere.status_code == 409
        assert "no webhook subscription" in nowhere.json()["error"]["message"]
        raw.patch(f"/api/v3/trigger_instances/manage/{trigger_id}", json={"status": "disable"})
        disabled = http.post(f"/triggers/{trigger_id}/fire", json=event)
        assert "is disabled" in disabled.json()["error"]["message"]
        assert http.post("/triggers/ti_nope/fire", json=event).status_code == 404
        assert httpx.post(f"{emulator.url}/_emulator/triggers/{trigger_id}/fire").status_code == 401


def test_the_v3_routes_mask_the_secret_outside_create_and_rotation(raw: httpx.Client) -> None:
    made = raw.post(
        "/api/v3/webhook_subscriptions",
        json={
            "webhook_url": "https://hooks.example/in",
            "enabled_events": ["composio.trigger.message"],
        },
    ).json()
    secret = made["secret"]
    shown = raw.get(f"/api/v3/webhook_subscriptions/{made['id']}").json()["secret"]
    assert shown == "********" + secret[-4:]
    assert raw.get(f"/api/v3.1/webhook_subscriptions/{made['id']}").json()["secret"] == secret
    rotated = raw.post(f"/api/v3/webhook_subscriptions/{made['id']}/rotate_secret").json()
    assert rotated["secret"] != secret
    unknown = raw.patch(
        f"/api/v3/webhook_subscriptions/{made['id']}", json={"enabled_events": ["composio.nope"]}
    )
    assert unknown.status_code == 400
