"""The Python programs of README.md and of the overview page (docs/_index.md) run as printed,
under the real CLI against the emulator, with their outputs wired as the pages say."""

from __future__ import annotations

from typing import Any

from tests.e2e.test_full_setup import (
    assert_session_gone,
    connect_service_users_github,
    live_trigger,
)
from tests.support.deployment import API_KEY, Deployment
from tests.support.markdown_pages import OVERVIEW, README, whole_python_program
from tests.support.mcp_clients import list_tools

REPOSITORY = {"owner": "acme", "repo": "support"}


def connect_and_name_the_repository(deployment: Deployment) -> str:
    """What the overview's trigger needs before ``up``: the service user's GitHub connected
    (its account id) and the repository in stack config."""
    deployment.stack.set_config("githubOwner", REPOSITORY["owner"])
    deployment.stack.set_config("githubRepo", REPOSITORY["repo"])
    return connect_service_users_github(deployment)


def assert_overview_events(
    deployment: Deployment, account_id: str, trigger_id: str, secret_output: str
) -> None:
    """The overview's trigger on the service user's connected GitHub account, its
    subscription to the default local receiver with the stack's secret output, and the
    settings requiring the key."""
    admin, stack = deployment.emulator.admin, deployment.stack
    trigger = live_trigger(deployment, trigger_id)
    assert (trigger["user_id"], trigger["connected_account_id"]) == ("support-bot", account_id)
    assert trigger["trigger_name"] == "GITHUB_ISSUE_ADDED_EVENT"
    assert trigger["trigger_config"] == REPOSITORY
    (subscription,) = admin.records("webhook_subscriptions")
    assert subscription["webhook_url"] == "http://localhost:8788/composio/events"
    assert stack.outputs()[secret_output] == "[secret]"
    assert stack.secret_output(secret_output) == subscription["secret"]
    (settings,) = admin.records("project_config")
    assert settings["require_mcp_api_key"] is True


def assert_overview_events_gone(deployment: Deployment, trigger_id: str) -> None:
    """After destroy: the trigger deleted, no subscription, the settings left as set."""
    admin = deployment.emulator.admin
    assert live_trigger(deployment, trigger_id)["deleted"]
    assert admin.records("webhook_subscriptions") == []
    (settings,) = admin.records("project_config")
    assert settings["require_mcp_api_key"] is True
    assert deployment.stack.resources("ProjectSettings") == []


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
    and its URL serving the official MCP client exactly the tools the user URL serves; then
    the trigger on the user's connected GitHub, the subscription whose secret is a secret
    output, and the settings, which destroy leaves as they are."""
    stack = deployment.stack
    stack.write_program(whole_python_program(OVERVIEW))
    stack.set_config("linearApiKey", "lin_api_OVERVIEW-python-0001", secret=True)
    account_id = connect_and_name_the_repository(deployment)

    stack.up().check()

    outputs: dict[str, Any] = stack.outputs()
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
    assert_overview_events(deployment, account_id, outputs["trigger_id"], "webhook_secret")

    stack.preview("--expect-no-changes").check()
    stack.destroy().check()
    assert deployment.live_server_ids() == set()
    assert deployment.made_auth_configs() == []
    assert_session_gone(deployment, session["id"])
    assert_overview_events_gone(deployment, outputs["trigger_id"])
