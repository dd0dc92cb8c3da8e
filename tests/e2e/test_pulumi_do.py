"""``pulumi do``, the CLI the engine builds from the plugin's schema, against the emulator.

The commands are the ones docs/functions.md and the resource pages print: ``list`` (the
streaming ``List``) of every resource type, a server created, patched and deleted both
``--stateless`` (straight through the provider) and stateful (a snippet recorded in the
stack), and every function invoked by name. One stack and one emulator serve them all,
since each command starts the plugin anew; the provider's key and URL reach the stateless
commands as a user's shell holds them (``COMPOSIO_API_KEY``, ``COMPOSIO_BASE_URL``) and the
stateful ones from the stack's config.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pulumi_composio.api.models import (
    CreateCustomServerRequest,
    CreateSessionRequest,
    PatchProjectConfigRequest,
    UpsertCustomToolkitRequest,
    UpsertTriggerRequest,
    WebhookSubscriptionRequest,
)
from pulumi_composio.native.function_types import FUNCTION_TYPES
from pulumi_composio.native.resource_types import RESOURCE_TYPES
from pulumi_composio.native.schema import plugin_version
from tests.e2e.test_project_resources import seed_connected_account
from tests.support.deployment import API_KEY, Deployment
from tests.support.native_program import install_plugin
from tests.support.pulumi_stack import CommandResult, PulumiStack

SERVER = "composio:index:CustomMcpServer"
AUTH_CONFIG = "composio:index:AuthConfig"
SESSION = "composio:index:Session"
TRIGGER = "composio:index:Trigger"
WEBHOOK_SUBSCRIPTION = "composio:index:WebhookSubscription"
PROJECT_SETTINGS = "composio:index:ProjectSettings"
CUSTOM_TOOLKIT = "composio:index:CustomToolkit"
SERVER_INPUTS = 'toolkits = ["github"]\nallowedTools = ["GITHUB_CREATE_ISSUE"]\n'
"""A server's inputs that flags cannot carry (lists), as a PCL file: ``--input pcl`` reads
it with no converter plugin, which the YAML format would need."""


def package() -> tuple[str, ...]:
    return ("do", "--package", f"composio@{plugin_version()}")


def do(stack: PulumiStack, *args: str) -> CommandResult:
    return stack.run(*package(), *args).check()


def printed_json(result: CommandResult) -> Any:
    """The JSON document that ends what a ``--output json`` command printed."""
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line in ("{", "[", "[]"))
    return json.loads("\n".join(lines[start:]))


def listed(stack: PulumiStack, token: str, *flags: str) -> list[dict[str, str]]:
    found: list[dict[str, str]] = printed_json(do(stack, token, "list", *flags))
    return found


def test_pulumi_do_lists_creates_patches_and_deletes_servers_and_invokes_every_function(
    deployment: Deployment, tmp_path: Path
) -> None:
    stack, api = deployment.stack, deployment.api
    stack.write_yaml_program("description: pulumi do's snippets only\n")
    stack.env.update(COMPOSIO_API_KEY=API_KEY, COMPOSIO_BASE_URL=deployment.emulator.url)
    install_plugin(stack)
    inputs = tmp_path / "server.pp"
    inputs.write_text(SERVER_INPUTS)

    # list: every type, paged, filtered, never a deleted object.
    made = [
        api.create_custom_server(CreateCustomServerRequest(name=name, toolkits=toolkits))
        for name, toolkits in [("team a", ["github"]), ("team b", ["slack"]), ("gone", ["github"])]
    ]
    api.delete_server(made[2].id)
    session = api.create_session(CreateSessionRequest(user_id="support-bot"))
    seed_connected_account(deployment)
    trigger = api.upsert_trigger(
        "GITHUB_ISSUE_ADDED_EVENT",
        UpsertTriggerRequest(
            user_id="support-bot", trigger_config={"owner": "acme", "repo": "api"}
        ),
    )
    hook = api.create_webhook_subscription(
        WebhookSubscriptionRequest(
            webhook_url="https://hooks.example.com/composio",
            enabled_events=["composio.trigger.message"],
        )
    )
    api.update_project_config(PatchProjectConfigRequest(display_name="Acme"))
    kit = api.upsert_custom_toolkit(
        UpsertCustomToolkitRequest(
            slug="acme_docs",
            toolkit_config={
                "name": "Acme Docs",
                "app_url": "https://mcp.acme.example/mcp",
                "auth_schemes": [{"mode": "NO_AUTH"}],
            },
        )
    )
    every = {token: stack.run(*package(), token, "list", "--all") for token in RESOURCE_TYPES}
    for token, kind in RESOURCE_TYPES.items():
        if kind.listing.read_page is None:
            assert every[token].returncode != 0
            assert kind.listing.description in every[token].output
    assert printed_json(every[SERVER].check()) == [
        {"id": made[0].id, "name": "team a"},
        {"id": made[1].id, "name": "team b"},
    ]
    assert printed_json(every[SESSION].check()) == [
        {"id": session.session_id, "name": "support-bot"}
    ]
    assert printed_json(every[TRIGGER].check()) == [
        {"id": trigger.trigger_id, "name": "GITHUB_ISSUE_ADDED_EVENT for support-bot"}
    ]
    assert printed_json(every[WEBHOOK_SUBSCRIPTION].check()) == [
        {"id": hook.id, "name": "https://hooks.example.com/composio"}
    ]
    assert printed_json(every[PROJECT_SETTINGS].check()) == [{"id": "project", "name": "Acme"}]
    assert printed_json(every[CUSTOM_TOOLKIT].check()) == [{"id": kit.slug, "name": "Acme Docs"}]
    assert listed(stack, TRIGGER, "--slug", "slack_receive_message") == []
    configs = printed_json(every[AUTH_CONFIG].check())
    assert {"id": "ac_github_default", "name": "github Auth Config ac_github_default"} in configs
    assert listed(stack, SERVER, "--count", "1") == [{"id": made[0].id, "name": "team a"}]
    assert listed(stack, SESSION, "--user-id", "nobody") == []

    # --stateless: straight through the provider, nothing recorded (the stateful part
    # below finds only its own server in the state).
    created = printed_json(
        do(
            stack,
            "--stateless",
            "--output",
            "json",
            SERVER,
            "create",
            "--input",
            "pcl",
            "--input-file",
            str(inputs),
            "--name",
            "made by do",
            "--yes",
        )
    )
    assert api.get_server(created["id"]).name == "made by do"
    do(stack, "--stateless", SERVER, "patch", created["id"], "--name", "patched by do", "--yes")
    assert api.get_server(created["id"]).name == "patched by do"
    do(stack, "--stateless", SERVER, "delete", created["id"], "--yes")
    assert created["id"] not in deployment.live_server_ids()

    # Stateful: a snippet in the stack, which later commands find by its name.
    do(
        stack,
        SERVER,
        "create",
        "mine",
        "--input",
        "pcl",
        "--input-file",
        str(inputs),
        "--name",
        "kept by do",
        "--yes",
    )
    (recorded,) = stack.resources()
    assert api.get_server(recorded["id"]).name == "kept by do"
    do(stack, SERVER, "patch", "mine", "--name", "renamed by do", "--yes")
    assert api.get_server(recorded["id"]).name == "renamed by do"
    do(stack, SERVER, "delete", "mine", "--yes")
    assert stack.resources() == []
    assert deployment.live_server_ids() == {made[0].id, made[1].id}

    # Every function, by name, with flags for its arguments.
    arguments = {
        "getToolkit": ["--slug", "github"],
        "getTools": ["--toolkit", "github", "--search", "issue"],
        "getCustomMcpServer": ["--id", made[0].id],
        "getAuthConfig": ["--id", "ac_github_default"],
        "getTriggerTypes": ["--toolkit", "github"],
        "getTriggerType": ["--slug", "GITHUB_COMMIT_EVENT"],
        "getWebhookEventTypes": [],
    }
    assert {f"composio:index:{name}" for name in arguments} == set(FUNCTION_TYPES)
    answers = {
        name: printed_json(do(stack, "--output", "json", f"composio:index:{name}", *flags))
        for name, flags in arguments.items()
    }
    assert answers["getToolkit"]["slug"] == "github"
    assert "GITHUB_CREATE_ISSUE" in answers["getTools"]["slugs"]
    assert answers["getCustomMcpServer"]["name"] == "team a"
    assert answers["getAuthConfig"]["toolkit"] == "github"
    assert "GITHUB_ISSUE_ADDED_EVENT" in answers["getTriggerTypes"]["slugs"]
    assert answers["getTriggerType"]["slug"] == "GITHUB_COMMIT_EVENT"
    assert "composio.trigger.message" in answers["getWebhookEventTypes"]["eventTypes"]
