"""examples/full-setup under the real CLI: auth configs, a server using them, a user URL, and
the same user's session beside them."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path
from string import Template

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

FIRST_KEY = "lin_api_FIRST-credential-0001"
ROTATED_KEY = "lin_api_ROTATED-credential-0002"


def use_example(deployment: Deployment) -> None:
    deployment.stack.write_program((REPO / "examples/full-setup/__main__.py").read_text())
    deployment.stack.set_config("linearApiKey", FIRST_KEY, secret=True)


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
        LINEAR_API_KEY=FIRST_KEY,
    )
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
            assert called == [], "the preview called the API beyond asking about slugs"

    _, _, preview, up, bot_output, session_output = ran
    assert [r.args[:3] for r in ran] == [
        ["stack", "init", "dev"],
        ["config", "set", "--secret"],
        ["preview"],
        ["up", "--yes"],
        ["stack", "output", "support_bot_url"],
        ["stack", "output", "session_url"],
    ]
    assert planned_steps(preview.output) == {
        ("create", "Stack", "composio-full-setup-dev"),
        ("create", "AuthConfig", "github"),
        ("create", "AuthConfig", "linear"),
        ("create", "CustomMcpServer", "support-tools"),
        ("create", "McpServerUserUrl", "support-bot"),
        ("create", "Session", "support-bot"),
    }
    assert "+ 6 to create" in preview.output
    assert "+ 6 created" in up.output
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

    stack.destroy().check()
    assert deployment.live_server_ids() == set()
    assert deployment.made_auth_configs() == []
    assert_session_gone(deployment, outputs["session_id"])


def test_the_full_setup_lives_rotates_disables_and_leaves_nothing(deployment: Deployment):
    stack = deployment.stack
    use_example(deployment)

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

    places = {
        "state files": "".join(p.read_text(errors="replace") for p in stack.state_files()),
        "stack export": stack.run("stack", "export", "--stack", stack.stack).check().stdout,
        "verbose log": up.output,
    }
    for place, text in places.items():
        assert FIRST_KEY not in text, f"the Linear API key is in the {place}"
        assert API_KEY not in text, f"the Composio API key is in the {place}"

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
    assert not any(
        w.path_suffix.endswith("/generate") for w in writes(deployment.emulator.admin.requests())
    )
