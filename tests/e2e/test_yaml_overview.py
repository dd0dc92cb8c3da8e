"""The YAML program of the overview page (docs/_index.md) runs as printed, under the pinned CLI
and its YAML host."""

from __future__ import annotations

from tests.e2e.test_full_setup import assert_session_gone
from tests.e2e.test_page_examples import (
    assert_overview_events,
    assert_overview_events_gone,
    connect_and_name_the_repository,
)
from tests.support.deployment import API_KEY, Deployment
from tests.support.markdown_pages import OVERVIEW, whole_yaml_program
from tests.support.mcp_clients import list_tools


def test_the_overview_yaml_program_comes_up_with_its_outputs_and_goes(
    yaml_deployment: Deployment,
):
    """With the server's user URL, the same user's session: the Linear auth config's id wired
    in, and its URL serving the official MCP client exactly the tools the user URL serves;
    then the trigger on the user's connected GitHub, the subscription whose secret is a secret
    output, and the settings, which destroy leaves as they are."""
    stack = yaml_deployment.stack
    stack.write_yaml_program(whole_yaml_program(OVERVIEW))
    stack.set_config("linearApiKey", "lin_api_OVERVIEW-0001", secret=True)
    account_id = connect_and_name_the_repository(yaml_deployment)

    stack.up().check()

    outputs = stack.outputs()
    (server_id,) = yaml_deployment.live_server_ids()
    server = yaml_deployment.api.get_server(server_id)
    assert outputs["mcpUrl"] == server.mcp_url
    assert outputs["cursor"] == server.commands.cursor
    assert outputs["botUrl"] == "[secret]"
    assert stack.secret_output("botUrl").startswith(server.mcp_url)
    (linear,) = yaml_deployment.made_auth_configs()
    assert server.auth_config_ids == [linear["id"]]
    assert linear["credentials_set"]
    assert outputs["sessionUrl"] == "[secret]"
    (session,) = stack.resources("Session")
    live = yaml_deployment.api.get_session(session["id"])
    assert live.config["user_id"] == "support-bot"
    assert live.config["auth_configs"] == {"linear": linear["id"]}
    served = list_tools(stack.secret_output("sessionUrl"), API_KEY)
    assert {name.split("_")[0] for name in served} == {"GITHUB", "LINEAR"}
    assert served.keys() == list_tools(stack.secret_output("botUrl"), API_KEY).keys()
    assert_overview_events(yaml_deployment, account_id, outputs["triggerId"], "webhookSecret")

    stack.preview("--expect-no-changes").check()
    stack.destroy().check()
    assert yaml_deployment.live_server_ids() == set()
    assert yaml_deployment.made_auth_configs() == []
    assert_session_gone(yaml_deployment, session["id"])
    assert_overview_events_gone(yaml_deployment, outputs["triggerId"])
