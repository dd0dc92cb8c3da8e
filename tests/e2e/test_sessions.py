"""A ``Session`` through its whole life under the real CLI, once in Python (dynamic resources)
and once in YAML (the native plugin): created by a plain ``pulumi up`` with an auth config's
id wired in (unknown at preview), its MCP URL listing exactly the enabled tools to the official
``mcp`` client, a change of ``tools`` patched in place, a change made behind Pulumi's back
with Composio's own SDK refusing the next update (never overwritten) and shown by
``refresh``, and a destroy after which the URL answers 404; and ``pulumi import`` of a session
made elsewhere, by its id, through the plugin."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from pulumi_composio.api.models import CreateSessionRequest
from pulumi_composio.errors import NotFound
from tests.e2e.test_yaml_lifecycle import (
    assert_printed_code_changes_nothing_then_destroy,
    import_into_yaml,
)
from tests.support.api_log import writes
from tests.support.composio_sdk import run_flow
from tests.support.deployment import API_KEY, Deployment
from tests.support.mcp_clients import list_tools


def python_program(tools: list[str]) -> str:
    return f"""
        import pulumi
        from pulumi_composio import AuthConfig, Session

        github = AuthConfig("github", toolkit="github")
        session = Session(
            "bot",
            user_id="support-bot",
            toolkits=["github"],
            tools={{"github": {{"enable": {tools!r}}}}},
            auth_configs={{"github": github.id}},
            direct_tools=True,
        )
        pulumi.export("session_id", session.id)
        pulumi.export("mcp_url", session.mcp_url)
        pulumi.export("client_config", session.client_config)
        """


def yaml_program(tools: list[str]) -> str:
    return f"""
        resources:
          github:
            type: composio:index:AuthConfig
            properties:
              toolkit: github
          bot:
            type: composio:index:Session
            properties:
              userId: support-bot
              toolkits: [github]
              tools:
                github:
                  enable: {json.dumps(tools)}
              authConfigs:
                github: ${{github.id}}
              directTools: true
        outputs:
          session_id: ${{bot.id}}
          mcp_url: ${{bot.mcpUrl}}
          client_config: ${{bot.clientConfig}}
        """


FIRST = ["GITHUB_CREATE_ISSUE", "GITHUB_GET_A_REPOSITORY"]
SECOND = ["GITHUB_CREATE_ISSUE"]


def session_lifecycle(deployment: Deployment, write: Callable[[list[str]], None]) -> None:
    stack, admin = deployment.stack, deployment.emulator.admin
    write(FIRST)
    stack.up().check()
    session_id = stack.outputs()["session_id"]
    url = stack.secret_output("mcp_url")
    config = json.loads(stack.secret_output("client_config"))
    assert config["mcpServers"]["composio"]["url"] == url
    assert API_KEY not in json.dumps(config)
    assert set(list_tools(url, API_KEY)) == set(FIRST)

    admin.clear_requests()
    write(SECOND)
    stack.up().check()
    patches = [w for w in writes(admin.requests()) if w.method == "PATCH"]
    assert [w.path_suffix for w in patches] == [f"/tool_router/session/{session_id}"]
    assert [w for w in writes(admin.requests()) if w.method != "PATCH"] == []
    assert stack.outputs()["session_id"] == session_id
    assert set(list_tools(url, API_KEY)) == set(SECOND)

    changed = run_flow(
        "enable_tools", deployment.emulator.url, API_KEY, session_id, "github", ",".join(FIRST)
    )
    assert changed == {"config_version": 3}
    write(FIRST)
    refused = stack.up()
    assert refused.returncode != 0
    assert "changed outside this stack" in refused.output
    assert "run `pulumi refresh`" in refused.output
    refreshed = stack.refresh("--diff")
    refreshed.check()
    assert "1 updated" in refreshed.output, refreshed.output
    (state,) = stack.resources("Session")
    outputs = state["outputs"]  # camelCase through the plugin, snake_case in Python's state
    assert outputs["tools"] == {"github": {"enable": sorted(FIRST)}}
    assert outputs.get("configVersion", outputs.get("config_version")) == 3

    stack.destroy().check()
    assert stack.resources("Session") == []
    with httpx.Client(timeout=10) as http:
        gone = http.post(
            url,
            headers={"x-api-key": API_KEY, "accept": "application/json, text/event-stream"},
            json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
        )
    assert gone.status_code == 404


def test_a_python_session_lives_and_dies_under_the_cli(deployment: Deployment) -> None:
    session_lifecycle(
        deployment, lambda tools: deployment.stack.write_program(python_program(tools))
    )


def test_a_yaml_session_lives_and_dies_under_the_cli(yaml_deployment: Deployment) -> None:
    stack = yaml_deployment.stack
    session_lifecycle(yaml_deployment, lambda tools: stack.write_yaml_program(yaml_program(tools)))


def test_a_session_made_elsewhere_is_imported_by_id_through_the_plugin(
    yaml_deployment: Deployment,
) -> None:
    made = yaml_deployment.api.create_session(
        CreateSessionRequest(
            user_id="support-bot",
            toolkits={"enable": ["github"]},
            tools={"github": {"enable": SECOND}},
        )
    )
    printed = import_into_yaml(
        yaml_deployment.stack, "composio:index:Session", "bot", made.session_id
    )
    assert "userId: support-bot" in printed
    assert "GITHUB_CREATE_ISSUE" in printed
    assert_printed_code_changes_nothing_then_destroy(yaml_deployment, printed)
    with pytest.raises(NotFound):
        yaml_deployment.api.get_session(made.session_id)
