"""What a user sees when the program or the configuration is wrong."""

from __future__ import annotations

import pytest

from tests.support.api_log import api_calls
from tests.support.cli_output import assert_failed_with_one_line
from tests.support.deployment import Deployment


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ('name="no"', "name 'no' is too short"),
        ('name="bad_name!"', "name 'bad_name!' contains"),
        ('toolkits="github"', "toolkits must be a list of strings"),
        ("toolkits=[42]", "toolkits[0] is the number 42"),
        ('managed_auth_via_composio="yes"', "managed_auth_via_composio must be true or false"),
    ],
)
def test_invalid_input_fails_preview_naming_the_field_and_calls_no_api(
    deployment: Deployment, arguments: str, message: str
):
    deployment.stack.write_program(
        f"""
        from pulumi_composio import CustomMcpServer

        CustomMcpServer("bad", {arguments})
        """
    )
    deployment.emulator.admin.clear_requests()

    result = deployment.stack.preview()

    assert result.returncode != 0
    assert message in result.output
    assert api_calls(deployment.emulator.admin.requests()) == []


def test_an_api_rejection_is_one_line_without_a_traceback_of_ours(deployment: Deployment):
    deployment.stack.write_program(
        """
        from pulumi_composio import CustomMcpServer

        CustomMcpServer("bad", toolkits=["github"], auth_config_ids=["ac_no_such_config"])
        """
    )
    result = deployment.stack.up()

    assert result.returncode != 0
    assert_failed_with_one_line(result.output, "bad", "Composio API 400", "ac_no_such_config")
    assert deployment.live_server_ids() == set()


def test_a_missing_api_key_says_how_to_set_it(deployment: Deployment):
    deployment.stack.run("config", "rm", "composio:apiKey", "--stack", "test").check()
    deployment.stack.write_program(
        """
        from pulumi_composio import CustomMcpServer

        CustomMcpServer("needs-key", toolkits=["github"])
        """
    )
    result = deployment.stack.up()

    assert result.returncode != 0
    assert_failed_with_one_line(
        result.output, "needs-key", "pulumi config set --secret composio:apiKey"
    )


def test_two_resources_declaring_one_name_make_one_server_and_a_clear_error(
    deployment: Deployment,
):
    deployment.stack.write_program(
        """
        from pulumi_composio import CustomMcpServer

        CustomMcpServer("first", name="shared name", toolkits=["github"])
        CustomMcpServer("second", name="shared name", toolkits=["slack"])
        """
    )

    up = deployment.stack.up()

    assert up.returncode != 0
    assert_failed_with_one_line(up.output, "first second", "'shared name'")
    live = deployment.emulator.admin.servers()
    assert [server["name"] for server in live] == ["shared name"]
    assert [r["id"] for r in deployment.stack.resources()] == [live[0]["id"]]
