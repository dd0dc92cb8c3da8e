"""YAML programs through the changes a team makes over time: a replacement that keeps a
declared name, drift (an object deleted behind Pulumi's back), and taking over objects made
elsewhere with ``pulumi import``."""

from __future__ import annotations

import re

from pulumi_composio.api.models import (
    AuthConfigSpec,
    CreateAuthConfigRequest,
    CreateCustomServerRequest,
    ToolkitRef,
)
from tests.support.api_log import api_calls, writes
from tests.support.deployment import Deployment
from tests.support.pulumi_stack import PulumiStack


def named_auth_config(toolkit: str) -> str:
    return f"""
        resources:
          tickets:
            type: composio:index:AuthConfig
            properties:
              toolkit: {toolkit}
              name: Team Tickets
          support:
            type: composio:index:CustomMcpServer
            properties:
              toolkits: [{toolkit}]
              authConfigIds:
                - ${{tickets.id}}
        outputs:
          authId: ${{tickets.id}}
          serverId: ${{support.id}}
        """


def test_a_named_auth_config_replaced_under_its_name_and_a_server_dropped_by_refresh(
    yaml_deployment: Deployment,
):
    stack, admin = yaml_deployment.stack, yaml_deployment.emulator.admin
    stack.write_yaml_program(named_auth_config("github"))
    stack.up().check()
    first = stack.outputs()
    admin.clear_requests()

    stack.write_yaml_program(named_auth_config("slack"))
    up = stack.up().check()
    assert "1 to replace" in up.output, "its preview shows the replacement"

    second = stack.outputs()
    assert second["authId"] != first["authId"]
    assert second["serverId"] == first["serverId"]
    (live,) = yaml_deployment.made_auth_configs()
    assert (live["id"], live["name"], live["toolkit"]["slug"]) == (
        second["authId"],
        "Team Tickets",
        "slack",
    )
    auth_writes = [(w.method, w.path_suffix) for w in writes(admin.requests())]
    assert auth_writes.count(("POST", "/auth_configs")) == 1
    assert auth_writes.count(("DELETE", f"/auth_configs/{first['authId']}")) == 1
    server = yaml_deployment.api.get_server(second["serverId"])
    assert server.auth_config_ids == [second["authId"]]

    # The server deleted behind Pulumi's back: refresh drops it, writing nothing; up makes it
    # again, with the same auth config.
    yaml_deployment.api.delete_server(second["serverId"])
    admin.clear_requests()
    stack.refresh().check()
    assert stack.resources() == []
    assert writes(admin.requests()) == []
    stack.up().check()
    again = stack.outputs()["serverId"]
    assert again != second["serverId"]
    assert yaml_deployment.live_server_ids() == {again}
    assert yaml_deployment.api.get_server(again).auth_config_ids == [second["authId"]]


def import_into_yaml(stack: PulumiStack, type_token: str, name: str, object_id: str) -> str:
    """``pulumi import`` of one object into an empty YAML program; the YAML it printed."""
    stack.write_yaml_program("resources: {}\n")
    code = stack.root / "imported.yaml"
    imported = stack.import_resources(type_token, name, object_id, out=code).check()
    assert "1 imported" in imported.output
    return code.read_text()


def assert_printed_code_changes_nothing_then_destroy(deployment: Deployment, printed: str) -> None:
    """The YAML ``pulumi import`` printed, as the program, previews no change without calling
    the API at all; destroy then deletes what was imported."""
    stack, admin = deployment.stack, deployment.emulator.admin
    stack.write_yaml_program(printed)
    admin.clear_requests()
    stack.preview("--expect-no-changes").check()
    assert api_calls(admin.requests()) == []
    stack.destroy().check()


def test_pulumi_import_takes_a_server_over_and_its_printed_code_previews_no_change(
    yaml_deployment: Deployment,
):
    made = yaml_deployment.api.create_custom_server(
        CreateCustomServerRequest(
            name="Made In Dashboard", toolkits=["github"], allowed_tools=["GITHUB_CREATE_ISSUE"]
        )
    )

    printed = import_into_yaml(
        yaml_deployment.stack, "composio:index:CustomMcpServer", "dashboard", made.id
    )

    (resource,) = yaml_deployment.stack.resources()
    assert resource["id"] == made.id
    assert resource["inputs"]["name"] == "Made In Dashboard"
    assert resource["inputs"]["toolkits"] == ["github"]
    assert re.search(r"type: composio:(index:)?CustomMcpServer\n", printed)
    assert "Made In Dashboard" in printed
    assert "GITHUB_CREATE_ISSUE" in printed
    assert_printed_code_changes_nothing_then_destroy(yaml_deployment, printed)
    assert yaml_deployment.live_server_ids() == set()


def test_pulumi_import_takes_an_auth_config_over_and_its_printed_code_previews_no_change(
    yaml_deployment: Deployment,
):
    made_id = yaml_deployment.api.create_auth_config(
        CreateAuthConfigRequest(
            toolkit=ToolkitRef(slug="github"),
            auth_config=AuthConfigSpec(type="use_composio_managed_auth", name="GitHub for support"),
        )
    ).auth_config.id

    printed = import_into_yaml(
        yaml_deployment.stack, "composio:index:AuthConfig", "github", made_id
    )

    (resource,) = yaml_deployment.stack.resources("AuthConfig")
    assert resource["id"] == made_id
    assert resource["inputs"]["toolkit"] == "github"
    assert re.search(r"type: composio:(index:)?AuthConfig\n", printed)
    assert "GitHub for support" in printed
    assert_printed_code_changes_nothing_then_destroy(yaml_deployment, printed)
    assert yaml_deployment.made_auth_configs() == []


DISABLED_CONFIG = """
    resources:
      linear:
        type: composio:index:AuthConfig
        properties:
          toolkit: linear
          enabled: false
    outputs:
      authId: ${linear.id}
    """


def test_a_create_made_in_part_is_recorded_and_the_next_up_finishes_it(
    yaml_deployment: Deployment,
) -> None:
    """An auth config declared disabled takes two calls; when the second fails, the plugin
    hands the engine the config the first made (``ErrorResourceInitFailed``), so the state
    knows it and the next ``pulumi up`` disables it rather than make a second one."""
    stack, admin = yaml_deployment.stack, yaml_deployment.emulator.admin
    stack.write_yaml_program(DISABLED_CONFIG)
    admin.set_faults(status_rates={503: 1.0}, retry_after_seconds=0, methods=["PATCH"])

    failed = stack.up()

    assert failed.returncode != 0
    assert "was created, but disabling it failed" in failed.output
    assert "the next `pulumi up` finishes it" in failed.output
    [made] = yaml_deployment.made_auth_configs()
    assert made["status"] == "ENABLED"
    [recorded] = stack.resources("AuthConfig")
    assert recorded["id"] == made["id"], "the engine recorded the config the create made"

    admin.set_faults()
    stack.up().check()
    [config] = yaml_deployment.made_auth_configs()
    assert (config["id"], config["status"]) == (made["id"], "DISABLED")
    assert stack.outputs()["authId"] == made["id"]
    stack.preview("--expect-no-changes").check()
    stack.destroy().check()
    assert yaml_deployment.made_auth_configs() == []
