"""The Python programs of README.md and of the overview page (docs/_index.md) run as printed,
under the real CLI against the emulator, with their outputs wired as the pages say."""

from __future__ import annotations

from tests.e2e.test_full_setup import assert_session_gone
from tests.support.deployment import API_KEY, Deployment
from tests.support.markdown_pages import OVERVIEW, README, whole_python_program
from tests.support.mcp_clients import list_tools


def test_the_readme_example_wires_the_auth_config_into_the_server_and_the_server_into_a_url(
    deployment: Deployment,
):
    stack = deployment.stack
    stack.write_program(whole_python_program(README))

    stack.up().check()

    outputs = stack.outputs()
    (server_id,) = deployment.live_server_ids()
    server = deployment.api.get_server(server_id)
    (github,) = deployment.made_auth_configs()
    assert server.auth_config_ids == [github["id"]]
    assert sorted(server.toolkits) == ["github", "slack"]
    assert outputs["mcp_url"] == server.mcp_url
    assert outputs["cursor_command"] == server.commands.cursor
    assert outputs["support_bot_url"] == "[secret]"
    assert stack.secret_output("support_bot_url").startswith(server.mcp_url)

    stack.preview("--expect-no-changes").check()
    stack.destroy().check()
    assert deployment.live_server_ids() == set()
    assert deployment.made_auth_configs() == []


def test_the_overview_python_example_comes_up_with_both_auth_configs_and_goes(
    deployment: Deployment,
):
    """With the server's user URL, the same user's session: both auth config ids wired in,
    and its URL serving the official MCP client exactly the tools the user URL serves."""
    stack = deployment.stack
    stack.write_program(whole_python_program(OVERVIEW))
    stack.set_config("linearApiKey", "lin_api_OVERVIEW-python-0001", secret=True)

    stack.up().check()

    outputs = stack.outputs()
    (server_id,) = deployment.live_server_ids()
    server = deployment.api.get_server(server_id)
    made = deployment.made_auth_configs()
    assert sorted(server.auth_config_ids) == sorted(config["id"] for config in made)
    assert sorted(config["toolkit"]["slug"] for config in made) == ["github", "linear"]
    assert outputs["mcp_url"] == server.mcp_url
    assert outputs["cursor_command"] == server.commands.cursor
    assert outputs["support_bot_url"] == "[secret]"
    assert outputs["session_url"] == "[secret]"
    (session,) = stack.resources("Session")
    live = deployment.api.get_session(session["id"])
    assert live.config["user_id"] == "support-bot"
    assert live.config["auth_configs"] == {c["toolkit"]["slug"]: c["id"] for c in made}
    served = list_tools(stack.secret_output("session_url"), API_KEY)
    assert {name.split("_")[0] for name in served} == {"GITHUB", "LINEAR"}
    assert served.keys() == list_tools(stack.secret_output("support_bot_url"), API_KEY).keys()

    stack.preview("--expect-no-changes").check()
    stack.destroy().check()
    assert deployment.live_server_ids() == set()
    assert deployment.made_auth_configs() == []
    assert_session_gone(deployment, session["id"])
