"""The URLs a stack outputs answer MCP: official clients, configured from the outputs of a
Python and a YAML program under the real CLI, see exactly the declared tools.

Each program declares a server and one user's URL. After ``up`` the clients list the server's
tools and call one (the emulator's request log shows the call); an ``up`` that changes the
server's ``allowed_tools`` changes what they list at the same URL; after ``destroy`` the URL
is refused.
"""

from __future__ import annotations

import json

import httpx

from tests.support.api_log import mcp_calls
from tests.support.deployment import API_KEY, Deployment
from tests.support.mcp_clients import call_tool, list_tools, typescript_tool_names
from tests.support.pulumi_stack import PulumiStack

PYTHON_PROGRAM = """
    import pulumi
    from pulumi_composio import CustomMcpServer, McpServerUserUrl

    server = CustomMcpServer("agent-tools", toolkits=["github", "slack"], allowed_tools={tools!r})
    agent = McpServerUserUrl("agent", server_id=server.id, user_id="agent-1")
    pulumi.export("url", agent.url)
    pulumi.export("mcp_json", agent.client_config)
"""

YAML_PROGRAM = """
    resources:
      tools:
        type: composio:index:CustomMcpServer
        properties:
          toolkits: [github, linear]
          allowedTools: {tools}
      agent:
        type: composio:index:McpServerUserUrl
        properties:
          serverId: ${{tools.id}}
          userId: agent-2
    outputs:
      url: ${{agent.url}}
      mcpJson: ${{agent.clientConfig}}
"""


def assert_url_is_secret_everywhere(stack: PulumiStack, url: str) -> None:
    """Neither ``url`` nor ``client_config`` (which holds it) is in plaintext in the state."""
    exported = stack.run("stack", "export", "--stack", stack.stack).check().stdout
    assert url not in exported
    assert not any(url in path.read_text(errors="replace") for path in stack.state_files())


def refused_after_destroy(stack: PulumiStack, url: str) -> None:
    stack.destroy().check()
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {}}
    answer = httpx.post(
        url,
        json=initialize,
        headers={"x-api-key": API_KEY, "accept": "application/json, text/event-stream"},
    )
    assert answer.status_code == 404, answer.text


def test_a_python_programs_user_url_serves_the_declared_tools_until_destroyed(
    deployment: Deployment,
):
    stack, admin = deployment.stack, deployment.emulator.admin
    stack.write_program(PYTHON_PROGRAM.format(tools=["GITHUB_CREATE_ISSUE", "SLACK_SEND_MESSAGE"]))
    stack.preview().check()
    stack.up().check()
    url = stack.secret_output("url")
    assert json.loads(stack.secret_output("mcp_json"))["mcpServers"]["composio"]["url"] == url
    assert_url_is_secret_everywhere(stack, url)

    tools = list_tools(url, API_KEY)
    assert set(tools) == {"GITHUB_CREATE_ISSUE", "SLACK_SEND_MESSAGE"}
    assert "channel" in tools["SLACK_SEND_MESSAGE"]["input_schema"]["properties"]
    admin.clear_requests()
    arguments = {"channel": "#support", "text": "Deployed by Pulumi"}
    answer = call_tool(url, API_KEY, "SLACK_SEND_MESSAGE", arguments)
    assert answer["successful"] is True, answer
    (called,) = mcp_calls(admin.requests())
    assert (called["tool"], called["arguments"], called["query"]) == (
        "SLACK_SEND_MESSAGE",
        arguments,
        "user_id=agent-1",
    )

    stack.write_program(PYTHON_PROGRAM.format(tools=["GITHUB_GET_A_REPOSITORY"]))
    stack.up().check()
    assert stack.secret_output("url") == url
    assert set(list_tools(url, API_KEY)) == {"GITHUB_GET_A_REPOSITORY"}

    refused_after_destroy(stack, url)


def test_a_yaml_programs_user_url_serves_the_declared_tools_to_python_and_typescript_clients(
    yaml_deployment: Deployment,
):
    stack = yaml_deployment.stack
    declared = ["GITHUB_CREATE_ISSUE", "LINEAR_CREATE_ISSUE"]
    stack.write_yaml_program(YAML_PROGRAM.format(tools=json.dumps(declared)))
    stack.preview().check()
    stack.up().check()
    url = stack.secret_output("url")
    assert json.loads(stack.secret_output("mcpJson"))["mcpServers"]["composio"]["url"] == url
    assert_url_is_secret_everywhere(stack, url)

    assert set(list_tools(url, API_KEY)) == set(declared)
    assert sorted(typescript_tool_names(url, API_KEY)) == declared

    stack.write_yaml_program(YAML_PROGRAM.format(tools="[LINEAR_LIST_TEAMS]"))
    stack.up().check()
    assert typescript_tool_names(url, API_KEY) == ["LINEAR_LIST_TEAMS"]

    refused_after_destroy(stack, url)
