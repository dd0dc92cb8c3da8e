"""Every input of every resource wired from another resource's output, at ``pulumi preview``.

On a new stack nothing exists yet, so at preview every output of one resource that feeds
another is unknown. Users wire outputs into inputs all the time (``auth_config_ids=[github.id]``,
``server_id=server.id``); each such input, whole or as one element of a list or one value
of a mapping, must pass the preview and be checked once it is known.
"""

from __future__ import annotations

from tests.support.api_log import writes
from tests.support.deployment import Deployment

EVERY_INPUT_UNKNOWN = """
    import pulumi
    from pulumi_composio import AuthConfig, CustomMcpServer, McpServerUserUrl, Session

    source = AuthConfig("source", toolkit="github")


    def later(value):
        # Known only once `source` exists: unknown at the preview of a new stack.
        return source.id.apply(lambda _: value)


    AuthConfig(
        "whole",
        toolkit=later("linear"),
        name=later("whole linear"),
        auth_scheme=later("API_KEY"),
        credentials=later({"api_key": "lin-key"}),
        scopes=later(["read"]),
        allowed_tools=later(["LINEAR_CREATE_ISSUE"]),
        enabled=later(True),
    )
    AuthConfig(
        "nested",
        toolkit="linear",
        auth_scheme="API_KEY",
        credentials={"api_key": later("lin-key"), "region": "eu"},
        scopes=["read", later("write")],
        allowed_tools=[later("LINEAR_CREATE_ISSUE")],
    )
    AuthConfig("adopted", toolkit="github", adopt_auth_config_id=source.id)

    whole = CustomMcpServer(
        "whole",
        name=later("Whole Tools"),
        toolkits=later(["github", "slack"]),
        allowed_tools=later(["GITHUB_CREATE_ISSUE"]),
        custom_tools=later(["SLACK_SEND_MESSAGE"]),
        auth_config_ids=later(["ac_github_default"]),
        managed_auth_via_composio=later(True),
    )
    nested = CustomMcpServer(
        "nested",
        toolkits=["github", later("slack")],
        allowed_tools=[later("GITHUB_CREATE_ISSUE"), "SLACK_SEND_MESSAGE"],
        custom_tools=[later("SLACK_SEND_MESSAGE")],
        auth_config_ids=[source.id, "ac_slack_default"],
    )
    CustomMcpServer("adopted", adopt_server_id=whole.id, toolkits=["github"])

    McpServerUserUrl(
        "for-a-user",
        server_id=nested.id,
        user_id=later("support-bot"),
        managed_auth_by_composio=later(True),
    )
    McpServerUserUrl("for-an-account", server_id=whole.id, connected_account_id=later("ca_1"))

    Session(
        "whole",
        user_id=later("support-bot"),
        toolkits=later(["github"]),
        tools=later({"github": {"enable": ["GITHUB_CREATE_ISSUE"]}}),
        tags=later(["readOnlyHint"]),
        auth_configs=later({"github": "ac_github_default"}),
        direct_tools=later(True),
    )
    Session(
        "nested",
        user_id="support-bot",
        toolkits=["github", later("slack")],
        tools={"github": {"enable": [later("GITHUB_CREATE_ISSUE")]}},
        auth_configs={"github": source.id},
        direct_tools=True,
    )
"""


def test_a_preview_with_every_input_unknown_passes_and_writes_nothing(deployment: Deployment):
    stack = deployment.stack
    stack.write_program(EVERY_INPUT_UNKNOWN)

    preview = stack.preview().check()

    assert "has a problem" not in preview.output
    assert "12 to create" in preview.output
    assert writes(deployment.emulator.admin.requests()) == []


def test_a_known_value_that_breaks_a_rule_still_fails_once_it_is_known(deployment: Deployment):
    stack = deployment.stack
    stack.write_program(
        """
        from pulumi_composio import AuthConfig, CustomMcpServer

        source = AuthConfig("source", toolkit="github")
        CustomMcpServer("tools", toolkits=["github"], auth_config_ids=[source.id, "not an id!"])
        """
    )

    preview = stack.preview()

    assert preview.returncode != 0
    assert "auth_config_ids[1] is 'not an id!'" in preview.output
    assert writes(deployment.emulator.admin.requests()) == []
