"""Bringing servers made outside Pulumi under management."""

from __future__ import annotations

from pulumi_composio.api.models import CreateCustomServerRequest
from tests.support.api_log import writes
from tests.support.cli_output import assert_failed_with_one_line
from tests.support.deployment import Deployment


def dashboard_server(deployment: Deployment, name: str = "Made In Dashboard") -> str:
    created = deployment.api.create_custom_server(
        CreateCustomServerRequest(name=name, toolkits=["github"], allowed_tools=[])
    )
    return created.id


def test_get_reads_an_existing_server_without_managing_it(deployment: Deployment):
    server_id = dashboard_server(deployment)
    deployment.stack.write_program(
        f"""
        import pulumi
        from pulumi_composio import CustomMcpServer

        existing = CustomMcpServer.get("existing", {server_id!r})
        pulumi.export("name", existing.name)
        pulumi.export("mcp_url", existing.mcp_url)
        pulumi.export("toolkits", existing.toolkits)
        """
    )
    deployment.stack.up().check()

    outputs = deployment.stack.outputs()
    assert outputs["name"] == "Made In Dashboard"
    assert outputs["toolkits"] == ["github"]
    assert server_id in outputs["mcp_url"]

    deployment.stack.destroy().check()
    assert deployment.live_server_ids() == {server_id}


def test_import_option_is_refused_by_the_pinned_engine_for_dynamic_resources(
    deployment: Deployment,
):
    """pulumi/pulumi#16175: the engine's import Read lacks the serialized provider.

    This test pins the engine behaviour docs/custom-mcp-server.md documents ("Import"); when
    it starts to pass differently, ``import_`` works and that page should say so.
    """
    server_id = dashboard_server(deployment)
    deployment.stack.write_program(
        f"""
        import pulumi
        from pulumi_composio import CustomMcpServer

        CustomMcpServer(
            "adopted",
            name="Made In Dashboard",
            toolkits=["github"],
            opts=pulumi.ResourceOptions(import_={server_id!r}),
        )
        """
    )
    result = deployment.stack.up()

    assert result.returncode != 0
    assert "__provider" in result.output
    assert deployment.stack.resources() == []


def test_adopt_server_id_brings_a_server_under_management_without_a_duplicate(
    deployment: Deployment,
):
    server_id = dashboard_server(deployment)
    deployment.emulator.admin.clear_requests()
    deployment.stack.write_program(
        f"""
        import pulumi
        from pulumi_composio import CustomMcpServer

        adopted = CustomMcpServer(
            "adopted", adopt_server_id={server_id!r}, toolkits=["github", "slack"]
        )
        pulumi.export("server_id", adopted.id)
        pulumi.export("name", adopted.name)
        """
    )
    deployment.stack.up().check()

    outputs = deployment.stack.outputs()
    assert outputs == {"server_id": server_id, "name": "Made In Dashboard"}
    assert [call.method for call in writes(deployment.emulator.admin.requests())] == ["PATCH"]
    assert sorted(deployment.api.get_server(server_id).toolkits) == ["github", "slack"]
    assert deployment.live_server_ids() == {server_id}

    deployment.stack.preview("--expect-no-changes").check()
    deployment.stack.destroy().check()
    assert deployment.live_server_ids() == set()


def test_adopting_an_unknown_id_fails_with_the_id_named(deployment: Deployment):
    deployment.stack.write_program(
        """
        from pulumi_composio import CustomMcpServer

        CustomMcpServer("adopted", adopt_server_id="no-such-server")
        """
    )
    result = deployment.stack.up()

    assert result.returncode != 0
    assert_failed_with_one_line(
        result.output,
        "adopted",
        "adopt_server_id: no live Composio MCP server has id 'no-such-server'",
    )


def test_a_server_with_our_default_name_but_another_configuration_is_not_taken(
    deployment: Deployment,
):
    """Taking back is for what a killed run of this stack left, which matches the program."""
    from pulumi_composio.api.models import CreateCustomServerRequest
    from pulumi_composio.naming import autoname

    default_name = autoname("tools", "organization/e2e/test/tools")
    stranger = deployment.api.create_custom_server(
        CreateCustomServerRequest(name=default_name, toolkits=["gmail"])
    )
    deployment.stack.write_program(
        """
        from pulumi_composio import CustomMcpServer

        CustomMcpServer("tools", toolkits=["github"])
        """
    )

    up = deployment.stack.up()

    assert up.returncode != 0
    assert f"named '{default_name}' already exists ({stranger.id})" in up.output
    assert deployment.live_server_ids() == {stranger.id}
    assert deployment.api.get_server(stranger.id).toolkits == ["gmail"]
