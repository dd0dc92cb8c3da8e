"""The three steps of docs/migrating-to-sessions.md, run as printed on a Python stack (dynamic
resources) and a YAML stack (the native plugin): after every ``pulumi up`` the exported
``agent_url`` serves the same tools, so a consumer of the output never meets a gap; each step
changes only what the page says; the final URL is the session's, which the TypeScript MCP SDK
lists too, and the server with its user URL is gone while the auth config stays."""

from __future__ import annotations

from collections.abc import Callable

from tests.support.api_log import writes
from tests.support.deployment import API_KEY, Deployment
from tests.support.markdown_pages import DOCS, block_starting
from tests.support.mcp_clients import list_tools, typescript_tool_names

PAGE = DOCS / "migrating-to-sessions.md"
STEPS = [
    "# Before: a server and its user URL",
    "# Step 1: the session beside the server",
    "# Step 2: the exported URL switched",
    "# After: the session alone",
]
TOOLS = {"GITHUB_CREATE_ISSUE", "GITHUB_GET_A_REPOSITORY"}
MADE_BY_STEP = [
    {"POST": 3},  # the auth config, the server, its user URL generated
    {"POST": 1},  # the session
    {},  # only the output changes
    {"DELETE": 1},  # the server (a user URL is only generated: nothing to delete)
]


def migrate(deployment: Deployment, language: str, write: Callable[[str], None]) -> None:
    stack, admin = deployment.stack, deployment.emulator.admin
    urls = []
    for step, made in zip(STEPS, MADE_BY_STEP, strict=True):
        write(block_starting(PAGE, language, step))
        admin.clear_requests()
        stack.up().check()
        methods: dict[str, int] = {}
        for call in writes(admin.requests()):
            methods[call.method] = methods.get(call.method, 0) + 1
        assert methods == made, f"{step}: {methods}"
        url = stack.secret_output("agent_url")
        assert set(list_tools(url, API_KEY)) == TOOLS, step
        urls.append(url)

    assert urls[0] == urls[1], "adding the session leaves the exported URL alone"
    assert "/tool_router/" in urls[2]
    assert urls[2] == urls[3]
    assert set(typescript_tool_names(urls[3], API_KEY)) == TOOLS
    assert stack.resources() == []
    assert stack.resources("McpServerUserUrl") == []
    assert deployment.live_server_ids() == set()
    assert len(deployment.made_auth_configs()) == 1
    stack.preview("--expect-no-changes").check()
    stack.destroy().check()


def test_a_python_stack_moves_to_a_session_as_the_page_says(deployment: Deployment) -> None:
    migrate(deployment, "python", deployment.stack.write_program)


def test_a_yaml_stack_moves_to_a_session_as_the_page_says(yaml_deployment: Deployment) -> None:
    migrate(yaml_deployment, "yaml", yaml_deployment.stack.write_yaml_program)
