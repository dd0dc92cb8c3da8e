"""The rest of a Composio project under the real CLI, once in Python (dynamic resources) and
once in YAML (the native plugin): a ``Trigger``, the ``WebhookSubscription``, the
``ProjectSettings`` and a ``CustomToolkit`` in one program, wired from one another so that a
plain ``pulumi up`` previews them with unknown inputs; their outputs against the emulator, a
no-change preview, a change made behind Pulumi's back to each shown by ``refresh``, an update
of each in place (the trigger disabled and reconfigured, the secret rotated by ``keepers``, a
setting changed, the toolkit renamed), the secret never in clear in the state, and a destroy
that leaves the emulator as each page says (the settings as last set). In YAML, then,
``pulumi import`` of a trigger, a subscription and the settings made elsewhere, whose printed
code previews no change.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx

from pulumi_composio.api.models import (
    PatchProjectConfigRequest,
    UpsertCustomToolkitRequest,
    UpsertTriggerRequest,
    WebhookSubscriptionRequest,
)
from tests.e2e.test_yaml_lifecycle import assert_printed_code_changes_nothing_then_destroy
from tests.support.api_log import api_calls, writes
from tests.support.deployment import Deployment
from tests.support.pulumi_stack import CommandResult, PulumiStack

USER = "support-bot"
HOOK = "http://localhost:8999/hook"
MOVED_HOOK = "http://127.0.0.1:8999/moved"
APP_URL = "https://mcp.acme.example/mcp"
KIT = "CUSTOM_ACME_DOCS"
UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
"""The engine's sentinel for a value unknown at preview, as ``pulumi preview --json`` shows it."""


@dataclass(frozen=True)
class Declared:
    """What the program declares, first and after the in-place updates."""

    owner: str = "acme"
    trigger_enabled: bool = True
    rotation: str = "1"
    log_visibility: str = "dont_store_data"
    kit_name: str = "Acme Docs"
    app_url: str = APP_URL


FIRST = Declared()
SECOND = Declared(
    owner="acme-labs", trigger_enabled=False, rotation="2", log_visibility="show_all",
    kit_name="Acme Handbook",
)  # fmt: skip
THIRD = replace(SECOND, app_url="https://mcp2.acme.example/mcp")


def python_program(declared: Declared) -> str:
    return f"""
        import pulumi
        from pulumi_composio import CustomToolkit, ProjectSettings, Trigger, WebhookSubscription

        kit = CustomToolkit(
            "docs", slug="acme_docs", name={declared.kit_name!r}, app_url={declared.app_url!r}
        )
        issues = Trigger(
            "issues",
            slug="GITHUB_ISSUE_ADDED_EVENT",
            user_id={USER!r},
            trigger_config={{"owner": {declared.owner!r}, "repo": kit.toolkit_slug}},
            enabled={declared.trigger_enabled!r},
        )
        hook = WebhookSubscription(
            "events",
            webhook_url={HOOK!r},
            enabled_events=["composio.trigger.message"],
            keepers={{"toolkit": kit.toolkit_slug, "rotation": {declared.rotation!r}}},
        )
        settings = ProjectSettings(
            "project",
            require_mcp_api_key=True,
            log_visibility_setting={declared.log_visibility!r},
            display_name=kit.name,
        )
        pulumi.export("trigger_id", issues.id)
        pulumi.export("connected_account_id", issues.connected_account_id)
        pulumi.export("hook_id", hook.id)
        pulumi.export("hook_secret", hook.secret)
        pulumi.export("settings_id", settings.id)
        pulumi.export("kit_slug", kit.toolkit_slug)
        """


def yaml_program(declared: Declared) -> str:
    return f"""
        resources:
          docs:
            type: composio:index:CustomToolkit
            properties:
              slug: acme_docs
              name: {declared.kit_name}
              appUrl: {declared.app_url}
          issues:
            type: composio:index:Trigger
            properties:
              slug: GITHUB_ISSUE_ADDED_EVENT
              userId: {USER}
              triggerConfig:
                owner: {declared.owner}
                repo: ${{docs.toolkitSlug}}
              enabled: {json.dumps(declared.trigger_enabled)}
          events:
            type: composio:index:WebhookSubscription
            properties:
              webhookUrl: {HOOK}
              enabledEvents: [composio.trigger.message]
              keepers:
                toolkit: ${{docs.toolkitSlug}}
                rotation: "{declared.rotation}"
          project:
            type: composio:index:ProjectSettings
            properties:
              requireMcpApiKey: true
              logVisibilitySetting: {declared.log_visibility}
              displayName: ${{docs.name}}
        outputs:
          trigger_id: ${{issues.id}}
          connected_account_id: ${{issues.connectedAccountId}}
          hook_id: ${{events.id}}
          hook_secret: ${{events.secret}}
          settings_id: ${{project.id}}
          kit_slug: ${{docs.toolkitSlug}}
        """


def seed_connected_account(deployment: Deployment) -> str:
    """The user's GitHub account, as if they had connected: a trigger needs one."""
    with httpx.Client(
        base_url=deployment.emulator.url + "/_emulator",
        headers={"authorization": "Bearer e2e-admin"},  # tests/support/cli_fixtures.py
        timeout=10,
    ) as admin:
        seeded = admin.post(
            "/connected_accounts", json={"user_id": USER, "auth_config_id": "ac_github_default"}
        )
    seeded.raise_for_status()
    account_id: str = seeded.json()["id"]
    return account_id


def records(deployment: Deployment, family: str) -> list[dict[str, Any]]:
    return deployment.emulator.admin.records(family)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def preview_steps(preview: CommandResult) -> list[dict[str, Any]]:
    """``pulumi preview --json``'s steps of resources (not the stack), inputs camelCase."""
    return [
        {"op": step["op"], "inputs": {_camel(k): v for k, v in step["newState"]["inputs"].items()}}
        for step in json.loads(preview.stdout)["steps"]
        if not step["urn"].split("::")[-2].startswith("pulumi:")
    ]


def assert_first_preview_shows_wired_inputs_unknown(deployment: Deployment) -> None:
    stack = deployment.stack
    preview = stack.preview("--json").check()
    steps = preview_steps(preview)
    assert [step["op"] for step in steps] == ["create"] * 4, steps
    by_inputs = {_kind(step["inputs"]): step["inputs"] for step in steps}
    assert by_inputs["Trigger"]["triggerConfig"] == {"owner": "acme", "repo": UNKNOWN}
    assert by_inputs["WebhookSubscription"]["keepers"] == {"toolkit": UNKNOWN, "rotation": "1"}
    # An input passed through (the toolkit's name) is known at preview already.
    assert by_inputs["ProjectSettings"]["displayName"] == "Acme Docs"
    assert writes(deployment.emulator.admin.requests()) == []


def _kind(inputs: dict[str, Any]) -> str:
    """Which of the four a step's inputs declare (a dynamic resource's type says only
    ``Resource``)."""
    for kind, marker in (
        ("Trigger", "triggerConfig"),
        ("WebhookSubscription", "webhookUrl"),
        ("ProjectSettings", "logVisibilitySetting"),
        ("CustomToolkit", "appUrl"),
    ):
        if marker in inputs:
            return kind
    raise AssertionError(f"not one of the four: {inputs}")


def project_lifecycle(deployment: Deployment, write: Callable[[Declared], None]) -> dict[str, Any]:
    """The four through one stack's life; the project settings as destroy left them."""
    stack, admin, api = deployment.stack, deployment.emulator.admin, deployment.api
    account_id = seed_connected_account(deployment)
    write(FIRST)

    # A new stack: the preview shows every wired input unknown and writes nothing.
    assert_first_preview_shows_wired_inputs_unknown(deployment)

    # A plain up; every output is what the emulator holds.
    stack.up().check()
    out = stack.outputs()
    assert out["hook_secret"] == "[secret]"
    assert out["settings_id"] == "project"
    assert out["kit_slug"] == KIT
    assert out["connected_account_id"] == account_id
    (trigger,) = records(deployment, "trigger_instances")
    assert (trigger["id"], trigger["trigger_name"], trigger["user_id"]) == (
        out["trigger_id"],
        "GITHUB_ISSUE_ADDED_EVENT",
        USER,
    )
    assert trigger["trigger_config"] == {"owner": "acme", "repo": KIT}
    assert trigger["connected_account_id"] == account_id
    assert trigger["enabled"] is True
    (hook,) = records(deployment, "webhook_subscriptions")
    assert hook["id"] == out["hook_id"]
    assert (hook["webhook_url"], hook["enabled_events"]) == (HOOK, ["composio.trigger.message"])
    first_secret = stack.secret_output("hook_secret")
    assert first_secret == hook["secret"]
    (settings,) = records(deployment, "project_config")
    assert settings["require_mcp_api_key"] is True
    assert settings["log_visibility_setting"] == "dont_store_data"
    assert settings["display_name"] == "Acme Docs"
    assert api.get_toolkit(KIT).name == "Acme Docs"

    # Nothing changed: the preview says so and asks Composio nothing (the checks at preview
    # read the trigger type and the event types only for new inputs).
    admin.clear_requests()
    stack.preview("--expect-no-changes").check()
    assert api_calls(admin.requests()) == []

    # A change to each behind Pulumi's back, shown by refresh.
    api.upsert_trigger(
        "GITHUB_ISSUE_ADDED_EVENT",
        UpsertTriggerRequest(
            connected_account_id=account_id, trigger_config={"owner": "elsewhere", "repo": KIT}
        ),
    )
    api.update_webhook_subscription(
        out["hook_id"], WebhookSubscriptionRequest(webhook_url=MOVED_HOOK)
    )
    api.update_project_config(PatchProjectConfigRequest(require_mcp_api_key=False))
    api.upsert_custom_toolkit(
        UpsertCustomToolkitRequest(
            slug="acme_docs",
            toolkit_config={
                "name": "Renamed Elsewhere",
                "app_url": APP_URL,
                "auth_schemes": [{"mode": "NO_AUTH"}],
            },
        )
    )
    admin.clear_requests()
    refreshed = stack.refresh("--diff").check()
    assert writes(admin.requests()) == []
    assert "4 updated" in refreshed.output, refreshed.output
    # Both fronts show each drifted property with its live value.
    native = not (stack.program_dir / "__main__.py").exists()
    shown = ["elsewhere", MOVED_HOOK, "Renamed Elsewhere"]
    shown.append("requireMcpApiKey" if native else "require_mcp_api_key")
    assert [line for line in shown if line not in refreshed.output] == [], refreshed.output
    drifted = _drifted_state(stack)
    assert drifted["Trigger"]["triggerConfig"] == {"owner": "elsewhere", "repo": KIT}
    assert drifted["WebhookSubscription"]["webhookUrl"] == MOVED_HOOK
    assert drifted["ProjectSettings"]["requireMcpApiKey"] is False
    assert drifted["CustomToolkit"]["name"] == "Renamed Elsewhere"

    # In place: the trigger disabled and reconfigured, the secret rotated by keepers, a
    # setting changed, the toolkit renamed; the drift put back as declared.
    write(SECOND)
    admin.clear_requests()
    stack.up().check()
    made = [(w.method, w.path_suffix) for w in writes(admin.requests())]
    assert [call for call in made if call[0] == "DELETE"] == [], made
    assert made.count(("POST", "/custom/toolkits/upsert")) == 1, made
    assert made.count(("POST", "/trigger_instances/GITHUB_ISSUE_ADDED_EVENT/upsert")) == 1, made
    assert made.count(("PATCH", f"/trigger_instances/manage/{out['trigger_id']}")) == 1, made
    assert made.count(("POST", f"/webhook_subscriptions/{out['hook_id']}/rotate_secret")) == 1
    assert made.count(("PATCH", "/org/project/config")) == 1, made
    after = stack.outputs()
    for same in ("trigger_id", "hook_id", "settings_id", "kit_slug"):
        assert after[same] == out[same], same
    assert after["hook_secret"] == "[secret]"
    second_secret = stack.secret_output("hook_secret")
    assert second_secret != first_secret
    (trigger,) = records(deployment, "trigger_instances")
    assert trigger["trigger_config"] == {"owner": "acme-labs", "repo": KIT}
    assert trigger["enabled"] is False
    (hook,) = records(deployment, "webhook_subscriptions")
    assert (hook["webhook_url"], hook["secret"]) == (HOOK, second_secret)
    (settings,) = records(deployment, "project_config")
    assert settings["require_mcp_api_key"] is True
    assert settings["log_visibility_setting"] == "show_all"
    assert settings["display_name"] == "Acme Handbook"
    assert api.get_toolkit(KIT).name == "Acme Handbook"
    state = json.dumps(stack.export())
    assert first_secret not in state
    assert second_secret not in state
    admin.clear_requests()
    stack.preview("--expect-no-changes").check()
    assert api_calls(admin.requests()) == []

    # A new app_url replaces the toolkit under its slug, the old one deleted first; what
    # follows its (unchanged) slug changes nothing, the secret included.
    write(THIRD)
    admin.clear_requests()
    stack.up().check()
    made = [(w.method, w.path_suffix) for w in writes(admin.requests())]
    assert made == [
        ("DELETE", f"/custom/toolkits/{KIT}"),
        ("POST", "/custom/toolkits/upsert"),
    ], made
    assert stack.outputs()["kit_slug"] == KIT
    assert stack.secret_output("hook_secret") == second_secret
    (kit,) = records(deployment, "custom_toolkits")
    assert kit["app_url"] == THIRD.app_url

    # Destroy: the trigger, the subscription and the toolkit go; the settings stay.
    admin.clear_requests()
    stack.destroy().check()
    made = [(w.method, w.path_suffix) for w in writes(admin.requests())]
    assert ("PATCH", "/org/project/config") not in made
    assert records(deployment, "trigger_instances") == []
    assert records(deployment, "webhook_subscriptions") == []
    assert records(deployment, "custom_toolkits") == []
    assert KIT not in {kit.slug for kit in api.list_toolkits()}
    (left,) = records(deployment, "project_config")
    assert left == settings
    return left


def _drifted_state(stack: PulumiStack) -> dict[str, dict[str, Any]]:
    """Each of the four's outputs in state, by its kind."""
    resources = stack.export()["deployment"]["resources"]
    found: dict[str, dict[str, Any]] = {}
    for resource in resources:
        if resource["type"].startswith("pulumi:"):
            continue
        outputs = {_camel(k): v for k, v in resource.get("outputs", {}).items()}
        found[_kind(outputs)] = outputs
    return found


def test_a_python_program_declares_the_rest_of_a_project_through_its_life(
    deployment: Deployment,
) -> None:
    stack = deployment.stack
    project_lifecycle(deployment, lambda declared: stack.write_program(python_program(declared)))


def test_a_yaml_program_declares_the_rest_of_a_project_and_imports_what_was_made_elsewhere(
    yaml_deployment: Deployment, tmp_path: Path
) -> None:
    stack, api = yaml_deployment.stack, yaml_deployment.api
    settings = project_lifecycle(
        yaml_deployment, lambda declared: stack.write_yaml_program(yaml_program(declared))
    )

    # Made elsewhere (with Composio's SDK, say), then imported through the plugin.
    trigger_id = api.upsert_trigger(
        "GITHUB_COMMIT_EVENT",
        UpsertTriggerRequest(user_id=USER, trigger_config={"owner": "acme", "repo": "web"}),
    ).trigger_id
    api.set_trigger_enabled(trigger_id, False)
    hook = api.create_webhook_subscription(
        WebhookSubscriptionRequest(
            webhook_url=HOOK, enabled_events=["composio.trigger.message"], version="V2"
        )
    )
    spec = tmp_path / "import.json"
    spec.write_text(
        json.dumps(
            {
                "resources": [
                    {"type": "composio:index:Trigger", "name": "commits", "id": trigger_id},
                    {"type": "composio:index:WebhookSubscription", "name": "hook", "id": hook.id},
                    {"type": "composio:index:ProjectSettings", "name": "project", "id": "project"},
                ]
            }
        )
    )
    stack.write_yaml_program("resources: {}\n")
    code = tmp_path / "imported.yaml"
    imported = stack.import_resources("--file", str(spec), out=code).check()
    assert "3 imported" in imported.output, imported.output
    assert "the project already has a webhook subscription" not in imported.output
    printed = code.read_text()
    assert f"webhookUrl: {HOOK}" in printed
    assert "version: V2" in printed
    assert "slug: GITHUB_COMMIT_EVENT" in printed
    assert "enabled: false" in printed
    assert "logVisibilitySetting: show_all" in printed
    (imported_hook,) = (r for r in stack.resources("WebhookSubscription") if r["id"] == hook.id)
    assert hook.secret
    assert hook.secret not in json.dumps(stack.export())
    assert "ciphertext" in imported_hook["outputs"]["secret"]

    assert_printed_code_changes_nothing_then_destroy(yaml_deployment, printed)
    assert records(yaml_deployment, "trigger_instances") == []
    assert records(yaml_deployment, "webhook_subscriptions") == []
    assert records(yaml_deployment, "project_config") == [settings]
