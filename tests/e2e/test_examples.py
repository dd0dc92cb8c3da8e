"""Every program in ``examples/``, as a user runs it: ``pulumi preview`` of a new stack, which
lists the creates and calls no API, then a plain ``pulumi up --yes``, which previews again
(with every output the program wires into another resource unknown) and applies."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.support.api_log import writes
from tests.support.cli_output import planned_steps
from tests.support.deployment import API_KEY, Deployment
from tests.support.mcp_clients import list_tools
from tests.support.pulumi_stack import REPO, PulumiStack


def preview_lists_only_creates(
    deployment: Deployment, stack: PulumiStack, expected: set[tuple[str, str]]
) -> None:
    """``pulumi preview`` plans exactly ``expected`` (type, name) creates plus the stack's own,
    and sends the API no write."""
    deployment.emulator.admin.clear_requests()
    preview = stack.preview().check()
    stack_itself = ("Stack", f"{stack.project}-{stack.stack}")
    assert planned_steps(preview.output) == {
        ("create", kind, name) for kind, name in {*expected, stack_itself}
    }
    assert f"+ {len(expected) + 1} to create" in preview.output
    assert writes(deployment.emulator.admin.requests()) == []
    # The language host is the one beside the engine (make setup puts none on PATH).
    assert "from $PATH" not in preview.output


def test_the_quickstart_root_project_previews_then_applies_the_server_an_agent_connects_to(
    deployment: Deployment, tmp_path: Path
):
    """The quickstart as ``make demo`` runs it: the repo's root ``Pulumi.yaml``, whose
    ``main:`` is examples/quickstart, on a new stack; the official MCP client, configured from
    its outputs, sees the server's tools, and the same at the session's URL."""
    layout = tmp_path / "clone"
    (layout / "examples").mkdir(parents=True)
    shutil.copy(REPO / "Pulumi.yaml", layout / "Pulumi.yaml")
    shutil.copytree(REPO / "examples" / "quickstart", layout / "examples" / "quickstart")
    stack = PulumiStack(tmp_path / "quickstart", project="composio-quickstart", stack="dev")
    stack.copy_project(layout)
    stack.init(api_key=API_KEY, base_url=deployment.emulator.url)
    # Its trigger lives on the agent's GitHub account, which the demo seeds as well.
    deployment.emulator.admin.seed_connected_account("support-agent")

    preview_lists_only_creates(
        deployment,
        stack,
        {
            ("CustomMcpServer", "support-tools"),
            ("McpServerUserUrl", "support-agent"),
            ("Session", "support-agent"),
            ("Trigger", "new-issues"),
            ("WebhookSubscription", "events"),
        },
    )
    stack.up().check()

    outputs = stack.outputs()
    live = deployment.api.get_server(outputs["server_id"])
    assert outputs["server_name"] == live.name
    assert outputs["mcp_url"] == live.mcp_url
    assert outputs["cursor_command"] == live.commands.cursor
    assert outputs["claude_command"] == live.commands.claude
    assert outputs["windsurf_command"] == live.commands.windsurf
    assert sorted(live.auth_config_ids) == ["ac_github_default", "ac_slack_default"]
    assert outputs["agent_url"] == outputs["agent_mcp_json"] == "[secret]"
    config = json.loads(stack.secret_output("agent_mcp_json"))["mcpServers"]["composio"]
    assert config["url"] == stack.secret_output("agent_url")
    assert config["headers"] == {"x-api-key": "${env:COMPOSIO_API_KEY}"}
    assert set(list_tools(config["url"], API_KEY)) == set(live.allowed_tools)
    session = json.loads(stack.secret_output("session_mcp_json"))["mcpServers"]["composio"]
    assert session["url"] == stack.secret_output("session_url")
    assert set(list_tools(session["url"], API_KEY)) == set(live.allowed_tools)
    stack.destroy().check()
    assert deployment.live_server_ids() == set()


def test_stack_b_receives_stack_a_mcp_url_through_a_stack_reference(
    deployment: Deployment, tmp_path: Path
):
    example = REPO / "examples" / "two-stacks"
    producer = PulumiStack(tmp_path / "a", project="mcp-producer", stack="dev")
    consumer = PulumiStack(tmp_path / "b", project="mcp-consumer", stack="dev")
    consumer.backend = producer.backend
    consumer.env["PULUMI_BACKEND_URL"] = producer.backend.as_uri()
    for stack, part in ((producer, "producer"), (consumer, "consumer")):
        stack.copy_project(example / part)
        stack.init(api_key=API_KEY, base_url=deployment.emulator.url)
    consumer.set_config("producerStack", "organization/mcp-producer/dev")

    preview_lists_only_creates(
        deployment,
        producer,
        {("CustomMcpServer", "engineering"), ("CustomMcpServer", "support")},
    )
    producer.up().check()
    # Stack B reads stack A's outputs, so it is previewed once A exists, as a user would.
    preview_lists_only_creates(deployment, consumer, {("CustomMcpServer", "engineering-staging")})
    consumer.up().check()

    a, b = producer.outputs(), consumer.outputs()
    assert b["engineering_mcp_url"] == a["engineering_mcp_url"]
    assert a["engineering_mcp_url"] in b["cursor_mcp_json"]
    staging = [
        s for s in deployment.emulator.admin.servers() if s["mcp_url"] == b["staging_mcp_url"]
    ]
    assert [sorted(s["toolkits"]) for s in staging] == [sorted(a["engineering_toolkits"])]

    consumer.destroy().check()
    producer.destroy().check()
    assert deployment.live_server_ids() == set()
