"""Composio's own Python SDK, ``composio`` 0.30, runs its trigger and webhook flows against the
emulator: trigger types, a trigger's life, the project's webhook subscription, and events
delivered to a local receiver that ``triggers.verify_webhook`` accepts with the
subscription's secret and refuses with a rotated-out one.

The SDK runs unchanged in a virtualenv of its own (:mod:`tests.support.composio_sdk`); its
client validates every answer against ``composio-client`` 2.0.0rc19's types.
"""

from __future__ import annotations

from pulumi_composio.emulator import EmulatorAdmin, RunningEmulator
from tests.support.composio_sdk import TRIGGER_FLOWS, run_flow
from tests.support.emulator_keys import ADMIN_TOKEN, API_KEY

ISSUE = "GITHUB_ISSUE_ADDED_EVENT"


def test_composio_creates_upserts_disables_enables_and_deletes_a_trigger(
    emulator: RunningEmulator, admin: EmulatorAdmin
) -> None:
    seen = run_flow("triggers", emulator.url, API_KEY, "support-bot", script=TRIGGER_FLOWS)
    assert seen["types"] == [ISSUE, "GITHUB_COMMIT_EVENT"]
    assert (seen["toolkit"], seen["config_required"]) == ("github", ["owner", "repo"])
    trigger_id, account_id = seen["trigger_id"], seen["account_id"]
    assert seen["first"] == [
        {
            "id": trigger_id,
            "config": {"owner": "octocat", "repo": "hello-world"},
            "name": ISSUE,
            "user": "support-bot",
            "account": account_id,
        }
    ]
    assert seen["again_id"] == trigger_id, "an upsert on the same account changes it in place"
    assert seen["hidden"] == 0, "a disabled trigger is not active"
    assert seen["disabled"] == [[trigger_id, True]]
    assert seen["disabled_config"] == [{"owner": "octocat", "repo": "spoon-knife"}]
    assert seen["enabled"] == [[trigger_id, None]]
    assert seen["bad_config"]["status"] == 400
    assert "'repo' is a required property" in seen["bad_config"]["message"]
    assert "(and 1 more)" in seen["bad_config"]["message"], "branch is no field of its config"
    assert seen["nobody"]["status"] == 400
    assert "no active connected account for github" in seen["nobody"]["message"]
    assert seen["unknown"]["type"] == "TriggerTypeNotFound"
    assert seen["deleted"] == trigger_id
    assert seen["after"] == 0

    (record,) = admin.records("trigger_instances", include_deleted=True)
    assert (record["id"], record["deleted"]) == (trigger_id, True)
    upserts = [r for r in admin.requests() if r["path"].endswith(f"/{ISSUE}/upsert")]
    assert [r["status"] for r in upserts] == [200, 200, 400, 400]


def test_composio_sets_gets_updates_rotates_and_deletes_the_webhook_subscription(
    emulator: RunningEmulator, admin: EmulatorAdmin
) -> None:
    seen = run_flow(
        "subscriptions", emulator.url, API_KEY, "https://hooks.example/in", script=TRIGGER_FLOWS
    )
    assert seen["event_types"]["composio.trigger.message"] == ["V1", "V2", "V3"]
    made = seen["made"]
    assert made["webhook_url"] == "https://hooks.example/in"
    assert (made["version"], made["enabled_events"]) == ("V3", ["composio.trigger.message"])
    assert seen["second"]["status"] == 409, "one subscription per project"
    assert made["id"] in seen["second"]["message"]
    assert seen["got"] == {"id": made["id"], "secret": made["secret"], "url": made["webhook_url"]}
    assert seen["moved"]["id"] == made["id"], "set() updates the project's one subscription"
    assert (seen["moved"]["webhook_url"], seen["moved"]["version"]) == (
        "https://hooks.example/in/moved",
        "V2",
    )
    assert seen["updated"] == {"version": "V3", "events": ["composio.trigger.message"]}
    rotated = seen["rotated"]
    assert rotated["id"] == made["id"]
    assert rotated["secret"] != made["secret"]
    assert seen["secret_after_rotation"] == rotated["secret"]
    assert seen["bad_url"]["status"] == 400
    assert seen["deleted"] is True
    assert seen["gone"]["status"] == 404
    assert seen["left"] == 0
    assert admin.records("webhook_subscriptions") == []


def test_a_fired_trigger_reaches_a_local_receiver_signed_and_verifies_until_rotated_out(
    emulator: RunningEmulator,
) -> None:
    seen = run_flow("deliveries", emulator.url, API_KEY, ADMIN_TOKEN, script=TRIGGER_FLOWS)
    fired = seen["fired"]
    assert fired["delivered"] is True
    assert fired["status"] == 204
    assert fired["headers"]["webhook-id"].startswith("msg_")
    assert fired["headers"]["webhook-signature"].startswith("v1,")
    assert fired["body"]["type"] == "composio.trigger.message"
    assert seen["refired_status"] == 200
    assert seen["received"] == 2, "the bad payload was refused before any delivery"

    event = {"action": "opened", "number": 7, "title": "It broke", "issue_id": 1}
    assert seen["first"] == {
        "verified": True,
        "version": "V3",
        "trigger_slug": ISSUE,
        "trigger_id": seen["trigger_id"],
        "user_id": "support-bot",
        "payload": event,
    }
    assert seen["first_tampered"]["verified"] is False
    assert seen["second_old_secret"] == {
        "verified": False,
        "error": "The signature provided is invalid.",
    }
    assert seen["second_new_secret"]["verified"] is True
    assert seen["bad_payload"]["status"] == 400
    assert "payload: 'action' is a required property" in seen["bad_payload"]["error"]["errors"]
