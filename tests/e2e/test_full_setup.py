"""examples/full-setup under the real CLI: auth configs, a server using them, a user URL, the
same user's session beside them, a trigger on the user's GitHub, the project's webhook
subscription and its settings."""

from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path
from string import Template
from typing import Any

import pytest

from pulumi_composio.api.models import McpServer
from pulumi_composio.errors import NotFound
from tests.support.api_log import beyond_the_catalogue, writes
from tests.support.cli_output import planned_steps
from tests.support.commands import run_command
from tests.support.deployment import API_KEY, Deployment
from tests.support.markdown_pages import EMULATOR, OVERVIEW, block_starting, shell_block
from tests.support.mcp_clients import list_tools
from tests.support.pulumi_stack import REPO, CommandResult, PulumiStack
from tests.support.webhook_receiver import Receiver, receiving, verifies

FIRST_KEY = "lin_api_FIRST-credential-0001"
ROTATED_KEY = "lin_api_ROTATED-credential-0002"
REPOSITORY = {"owner": "acme", "repo": "support"}
ISSUE_OPENED = {"action": "opened", "number": 7, "title": "The bot is down", "issue_id": 1}
EMULATOR_ADMIN_TOKEN = "e2e-admin"
"""The admin token the e2e suite's emulator is started with (tests/support/cli_fixtures.py)."""
PREVIEW_READS = [
    ("GET", "/triggers_types/GITHUB_ISSUE_ADDED_EVENT"),
    ("GET", "/webhook_subscriptions"),
    ("GET", "/webhook_subscriptions/event_types"),
]
"""What the first preview asks Composio beyond toolkits and tools: the trigger type (its
config schema), the event types, and whether the project has a subscription already."""
SETTINGS = {"require_mcp_api_key": True, "mask_secret_keys_in_connected_account": True}
"""The project settings the example declares; destroy leaves them so."""


def connect_service_users_github(deployment: Deployment, user_id: str = "support-bot") -> str:
    """What the docs have the service user do before the first ``up``: connect their GitHub
    account (Composio's connect flow, here seeded through the emulator's admin route); the
    account's id."""
    return str(deployment.emulator.admin.seed_connected_account(user_id)["id"])


def use_example(deployment: Deployment, webhook_url: str) -> str:
    """The example as the program, its config set, the user's GitHub connected (its id)."""
    deployment.stack.write_program((REPO / "examples/full-setup/__main__.py").read_text())
    deployment.stack.set_config("linearApiKey", FIRST_KEY, secret=True)
    deployment.stack.set_config("githubOwner", REPOSITORY["owner"])
    deployment.stack.set_config("githubRepo", REPOSITORY["repo"])
    deployment.stack.set_config("webhookUrl", webhook_url)
    return connect_service_users_github(deployment)


def live_trigger(deployment: Deployment, trigger_id: str) -> dict[str, Any]:
    (trigger,) = [
        t
        for t in deployment.emulator.admin.records("trigger_instances", include_deleted=True)
        if t["id"] == trigger_id
    ]
    return trigger


def assert_events_beside_the_setup(
    deployment: Deployment, outputs: dict[str, Any], account_id: str, webhook_url: str
) -> None:
    """The trigger is on the service user's connected GitHub account, watching the configured
    repository; the project's one subscription delivers trigger events to ``webhook_url``; the
    project's settings are the declared ones."""
    trigger = live_trigger(deployment, outputs["trigger_id"])
    assert trigger["trigger_name"] == "GITHUB_ISSUE_ADDED_EVENT"
    assert trigger["user_id"] == "support-bot"
    assert trigger["connected_account_id"] == account_id
    assert outputs["trigger_connected_account_id"] == account_id
    assert trigger["trigger_config"] == REPOSITORY
    assert trigger["enabled"]
    (subscription,) = deployment.emulator.admin.records("webhook_subscriptions")
    assert subscription["id"] == outputs["webhook_subscription_id"]
    assert subscription["webhook_url"] == webhook_url == outputs["webhook_url"]
    assert subscription["enabled_events"] == ["composio.trigger.message"]
    (settings,) = deployment.emulator.admin.records("project_config")
    assert {name: settings[name] for name in SETTINGS} == SETTINGS
    assert outputs["require_mcp_api_key"] is True


def events_outputs(outputs: dict[str, Any]) -> dict[str, Any]:
    """The events' outputs of the YAML, TypeScript or Go example (camelCase) by the Python
    example's names, for :func:`assert_events_beside_the_setup`."""
    names = (
        "trigger_id",
        "trigger_connected_account_id",
        "webhook_subscription_id",
        "webhook_url",
        "webhook_secret",
        "require_mcp_api_key",
    )
    return {name: outputs[camel_case(name)] for name in names}


def camel_case(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(word.capitalize() for word in rest)


def assert_events_gone_and_settings_kept(deployment: Deployment, trigger_id: str) -> None:
    """After destroy: the trigger deleted, no subscription, the settings as the stack left
    them (destroy makes no call for them)."""
    assert live_trigger(deployment, trigger_id)["deleted"]
    assert deployment.emulator.admin.records("webhook_subscriptions") == []
    (settings,) = deployment.emulator.admin.records("project_config")
    assert {name: settings[name] for name in SETTINGS} == SETTINGS


def assert_session_beside_the_server(
    deployment: Deployment,
    session_id: str,
    url: str,
    server: McpServer,
    auth_config_ids: dict[str, str],
) -> None:
    """The example's session is live for the server's user, with the example's auth configs
    (``auth_config_ids``, by toolkit) wired in, the server's tools grouped by toolkit, and its
    ``url`` (the session's ``mcp_url``) listing exactly those tools to the official MCP client."""
    live = deployment.api.get_session(session_id)
    assert live.mcp.url == url
    assert live.config["user_id"] == "support-bot"
    assert live.config["auth_configs"] == auth_config_ids
    assert sorted(auth_config_ids.values()) == sorted(server.auth_config_ids)
    assert live.config["tools"] == {
        "github": {"enabled": ["GITHUB_CREATE_ISSUE"]},
        "linear": {"enabled": ["LINEAR_CREATE_ISSUE"]},
    }
    assert sorted(list_tools(url, API_KEY)) == sorted(server.allowed_tools)


def assert_session_gone(deployment: Deployment, session_id: str) -> None:
    with pytest.raises(NotFound):
        deployment.api.get_session(session_id)


CONNECT_OFFLINE = 'curl -sf -X POST "$COMPOSIO_BASE_URL/_emulator/connected_accounts" \\'
"""The first line of the overview's block seeding the service user's GitHub account."""


def overview_steps() -> list[list[str]]:
    """The commands of the overview page's shell block that runs examples/full-setup
    (docs/_index.md, "Run the example"), as words."""
    block = shell_block(OVERVIEW, "cd examples/full-setup")
    return [shlex.split(line, comments=True) for line in block.splitlines()]


def agent_sees(url: str, folder: Path) -> list[str]:
    """What the emulator page's MCP client script prints for ``url``, run as the page says."""
    script = folder / "list_tools.py"
    script.write_text(
        block_starting(
            EMULATOR, "python", "# list_tools.py URL: the tools an agent connected to URL is served"
        )
    )
    listed = run_command(
        [sys.executable, str(script), url],
        cwd=folder,
        env={**os.environ, "COMPOSIO_API_KEY": API_KEY},
        timeout=120,
    )
    assert listed.returncode == 0, listed.stderr[-3000:]
    return listed.stdout.split()


def test_the_overview_steps_preview_then_apply_the_full_setup(
    deployment: Deployment, tmp_path: Path
):
    """The overview's lines as written, in a copy of the example on a new stack; the key and
    the emulator come from the environment, as the page's offline note says. The emulator
    page's MCP client script, given either URL the last lines print (the user's server URL and
    the same user's session URL), lists the server's tools."""
    stack = PulumiStack(tmp_path / "overview", project="composio-full-setup", stack="dev")
    stack.env.update(
        COMPOSIO_API_KEY=API_KEY,
        COMPOSIO_BASE_URL=deployment.emulator.url,
        COMPOSIO_EMULATOR_ADMIN_TOKEN=EMULATOR_ADMIN_TOKEN,
        LINEAR_API_KEY=FIRST_KEY,
    )
    connect = shell_block(OVERVIEW, CONNECT_OFFLINE)
    seeded = run_command(["bash", "-c", connect], cwd=tmp_path, env=stack.env, timeout=60)
    assert seeded.returncode == 0, seeded.stderr
    account_id = json.loads(seeded.stdout)["id"]
    first, *commands = overview_steps()
    assert first == ["cd", "examples/full-setup"]
    stack.copy_project(REPO / "examples" / "full-setup")
    ran: list[CommandResult] = []
    for words in commands:
        assert words[0] == "pulumi", words
        if words[1] == "preview":
            deployment.emulator.admin.clear_requests()
        ran.append(stack.run(*(Template(word).substitute(stack.env) for word in words[1:])))
        ran[-1].check()
        if words[1] == "preview":
            called = beyond_the_catalogue(deployment.emulator.admin.requests())
            assert sorted((c.method, c.path_suffix) for c in called) == PREVIEW_READS

    _, _, _, _, preview, up, bot_output, session_output, secret_output = ran
    assert [r.args[:3] for r in ran] == [
        ["stack", "init", "dev"],
        ["config", "set", "--secret"],
        ["config", "set", "githubOwner"],
        ["config", "set", "githubRepo"],
        ["preview"],
        ["up", "--yes"],
        ["stack", "output", "support_bot_url"],
        ["stack", "output", "session_url"],
        ["stack", "output", "webhook_secret"],
    ]
    assert planned_steps(preview.output) == {
        ("create", "Stack", "composio-full-setup-dev"),
        ("create", "AuthConfig", "github"),
        ("create", "AuthConfig", "linear"),
        ("create", "CustomMcpServer", "support-tools"),
        ("create", "McpServerUserUrl", "support-bot"),
        ("create", "Session", "support-bot"),
        ("create", "Trigger", "new-issues"),
        ("create", "WebhookSubscription", "events"),
        ("create", "ProjectSettings", "project"),
    }
    assert "+ 9 to create" in preview.output
    assert "+ 9 created" in up.output
    outputs = stack.outputs()
    server = deployment.api.get_server(outputs["server_id"])
    assert sorted(server.auth_config_ids) == sorted(
        [outputs["github_auth_config_id"], outputs["linear_auth_config_id"]]
    )
    assert outputs["mcp_url"] == server.mcp_url
    assert outputs["linear_status"] == "ENABLED"
    assert outputs["support_bot_url"] == "[secret]"
    url = bot_output.stdout.strip()
    assert url.startswith(server.mcp_url)
    assert "support-bot" in url
    assert agent_sees(url, tmp_path) == sorted(server.allowed_tools)
    made = {config["id"] for config in deployment.made_auth_configs()}
    assert made == {outputs["github_auth_config_id"], outputs["linear_auth_config_id"]}
    assert outputs["session_url"] == "[secret]"
    session_url = session_output.stdout.strip()
    assert agent_sees(session_url, tmp_path) == sorted(server.allowed_tools)
    assert_session_beside_the_server(
        deployment,
        outputs["session_id"],
        session_url,
        server,
        {"github": outputs["github_auth_config_id"], "linear": outputs["linear_auth_config_id"]},
    )
    assert_events_beside_the_setup(
        deployment, outputs, account_id, "http://localhost:8788/composio/events"
    )
    assert outputs["webhook_secret"] == "[secret]"
    (subscription,) = deployment.emulator.admin.records("webhook_subscriptions")
    assert secret_output.stdout.strip() == subscription["secret"]

    stack.destroy().check()
    assert deployment.live_server_ids() == set()
    assert deployment.made_auth_configs() == []
    assert_session_gone(deployment, outputs["session_id"])
    assert_events_gone_and_settings_kept(deployment, outputs["trigger_id"])


def test_the_full_setup_lives_rotates_disables_and_leaves_nothing(deployment: Deployment):
    """Beside the server, the URL and the session: a fired trigger event reaches the team's
    receiver signed with the stack's webhook secret; a new ``webhookSecretGeneration`` rotates
    it in place, after which the old secret no longer verifies and the new one does."""
    with receiving() as receiver:
        full_setup_lifecycle(deployment, receiver)


def full_setup_lifecycle(deployment: Deployment, receiver: Receiver) -> None:
    stack = deployment.stack
    account_id = use_example(deployment, receiver.url)

    up = stack.up("-v=9", "--logtostderr", "--logflow").check()

    outputs = stack.outputs()
    assert outputs["support_bot_url"] == "[secret]"
    shown = stack.run("stack", "output", "--json", "--show-secrets", "--stack", stack.stack)
    url = shown.check().stdout
    server = deployment.api.get_server(outputs["server_id"])
    assert server.mcp_url in url
    assert "support-bot" in url
    assert sorted(server.auth_config_ids) == sorted(
        [outputs["github_auth_config_id"], outputs["linear_auth_config_id"]]
    )
    assert outputs["session_url"] == "[secret]"
    assert_session_beside_the_server(
        deployment,
        outputs["session_id"],
        stack.secret_output("session_url"),
        server,
        {"github": outputs["github_auth_config_id"], "linear": outputs["linear_auth_config_id"]},
    )
    made = {config["id"]: config for config in deployment.made_auth_configs()}
    assert set(made) == {outputs["github_auth_config_id"], outputs["linear_auth_config_id"]}
    linear = made[outputs["linear_auth_config_id"]]
    assert linear["auth_scheme"] == "API_KEY"
    assert linear["credentials_set"]
    assert made[outputs["github_auth_config_id"]]["is_composio_managed"]

    assert_events_beside_the_setup(deployment, outputs, account_id, receiver.url)
    assert outputs["webhook_secret"] == "[secret]"
    secret = stack.secret_output("webhook_secret")

    places = {
        "state files": "".join(p.read_text(errors="replace") for p in stack.state_files()),
        "stack export": stack.run("stack", "export", "--stack", stack.stack).check().stdout,
        "verbose log": up.output,
    }
    for place, text in places.items():
        assert FIRST_KEY not in text, f"the Linear API key is in the {place}"
        assert API_KEY not in text, f"the Composio API key is in the {place}"
    # A secret output, like the user URL: never plaintext in the state, an export or the
    # verbose log of the pinned SDK and CLI (older SDKs log exports: docs/secrets.md).
    for place, text in places.items():
        assert secret not in text, f"the webhook secret is in the {place}"

    fired = deployment.emulator.admin.fire_trigger(outputs["trigger_id"], ISSUE_OPENED)
    assert fired["delivered"], fired
    event = receiver.next_delivery()
    assert event.path == "/composio/events"
    assert verifies(event, secret), "the event does not verify with the stack's secret"
    body = json.loads(event.body)
    assert body["type"] == "composio.trigger.message"
    assert body["metadata"]["trigger_id"] == outputs["trigger_id"]
    assert body["metadata"]["user_id"] == "support-bot"
    assert body["data"] == ISSUE_OPENED

    deployment.emulator.admin.clear_requests()
    stack.set_config("webhookSecretGeneration", "2")
    rotation = stack.up().check()
    assert "1 updated" in rotation.output
    subscription_id = outputs["webhook_subscription_id"]
    assert [(w.method, w.path_suffix) for w in writes(deployment.emulator.admin.requests())] == [
        ("POST", f"/webhook_subscriptions/{subscription_id}/rotate_secret")
    ]
    assert stack.outputs()["webhook_subscription_id"] == subscription_id
    rotated_secret = stack.secret_output("webhook_secret")
    assert rotated_secret != secret
    deployment.emulator.admin.fire_trigger(outputs["trigger_id"], ISSUE_OPENED)
    after_rotation = receiver.next_delivery()
    assert not verifies(after_rotation, secret), "the old secret still verifies"
    assert verifies(after_rotation, rotated_secret), "the rotated secret does not verify"

    deployment.emulator.admin.clear_requests()
    stack.preview("--expect-no-changes").check()
    assert writes(deployment.emulator.admin.requests()) == []

    stack.set_config("linearApiKey", ROTATED_KEY, secret=True)
    rotated = stack.up().check()
    assert "1 updated" in rotated.output
    assert [(w.method, w.path_suffix) for w in writes(deployment.emulator.admin.requests())] == [
        ("PATCH", f"/auth_configs/{outputs['linear_auth_config_id']}")
    ]
    deployment.emulator.admin.clear_requests()
    stack.preview("--expect-no-changes").check()

    stack.set_config("linearEnabled", "false")
    stack.up().check()
    assert stack.outputs()["linear_status"] == "DISABLED"
    assert [(w.method, w.path_suffix) for w in writes(deployment.emulator.admin.requests())] == [
        ("PATCH", f"/auth_configs/{outputs['linear_auth_config_id']}/DISABLED")
    ]
    (live,) = [
        c for c in deployment.made_auth_configs() if c["id"] == outputs["linear_auth_config_id"]
    ]
    assert live["status"] == "DISABLED"

    deployment.emulator.admin.clear_requests()
    stack.destroy().check()
    assert deployment.live_server_ids() == set()
    assert deployment.made_auth_configs() == []
    assert_session_gone(deployment, outputs["session_id"])
    assert_events_gone_and_settings_kept(deployment, outputs["trigger_id"])
    destroyed = writes(deployment.emulator.admin.requests())
    assert not any(w.path_suffix.endswith("/generate") for w in destroyed)
    assert not any(w.path_suffix.startswith("/org/project") for w in destroyed)
