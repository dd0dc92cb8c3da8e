"""The whole life of a server under the real ``pulumi`` CLI, against the emulator."""

from __future__ import annotations

from tests.support.api_log import writes
from tests.support.deployment import Deployment
from tests.support.server_program import server_program


def test_up_creates_the_server_and_outputs_equal_what_the_api_holds(deployment: Deployment):
    deployment.stack.write_program(server_program())
    deployment.stack.up().check()

    outputs = deployment.stack.outputs()
    live = deployment.api.get_server(outputs["server_id"])
    assert outputs["name"] == live.name == "Support Tools"
    assert outputs["toolkits"] == sorted(live.toolkits) == ["github", "slack"]
    assert outputs["allowed_tools"] == live.allowed_tools == ["GITHUB_CREATE_ISSUE"]
    assert outputs["mcp_url"] == live.mcp_url
    assert outputs["mcp_url"] == f"{deployment.emulator.url}/v3/mcp/{live.id}"
    for client in ("cursor", "claude", "windsurf"):
        assert outputs[client] == getattr(live.commands, client)
        assert live.mcp_url in outputs[client]


def test_a_second_preview_shows_no_changes_and_writes_nothing(deployment: Deployment):
    deployment.stack.write_program(server_program())
    deployment.stack.up().check()
    deployment.emulator.admin.clear_requests()

    preview = deployment.stack.preview("--expect-no-changes").check()

    assert "1 unchanged" in preview.output or "2 unchanged" in preview.output
    assert writes(deployment.emulator.admin.requests()) == []


def test_editing_lists_and_name_updates_in_place_with_one_patch(deployment: Deployment):
    deployment.stack.write_program(server_program())
    deployment.stack.up().check()
    first_id = deployment.stack.outputs()["server_id"]
    deployment.emulator.admin.clear_requests()

    deployment.stack.write_program(
        server_program(
            name="Support Tools v2",
            toolkits=("github", "slack", "linear"),
            allowed_tools=("GITHUB_CREATE_ISSUE", "LINEAR_CREATE_ISSUE"),
        )
    )
    deployment.stack.up().check()

    outputs = deployment.stack.outputs()
    assert outputs["server_id"] == first_id
    assert outputs["name"] == "Support Tools v2"
    assert outputs["toolkits"] == ["github", "linear", "slack"]
    assert [(r.method, r.path_suffix) for r in writes(deployment.emulator.admin.requests())] == [
        ("PATCH", f"/mcp/{first_id}")
    ]
    live = deployment.api.get_server(first_id)
    assert sorted(live.allowed_tools) == ["GITHUB_CREATE_ISSUE", "LINEAR_CREATE_ISSUE"]


def test_reordering_and_repeating_list_items_changes_nothing(deployment: Deployment):
    deployment.stack.write_program(server_program(toolkits=("github", "slack")))
    deployment.stack.up().check()
    deployment.emulator.admin.clear_requests()

    deployment.stack.write_program(server_program(toolkits=("slack", "github", "slack")))
    deployment.stack.preview("--expect-no-changes").check()
    deployment.stack.up("--expect-no-changes").check()

    assert writes(deployment.emulator.admin.requests()) == []


def test_auth_config_ids_from_another_resources_output_preview_and_apply(
    deployment: Deployment,
):
    deployment.stack.write_program(
        """
        import pulumi
        from pulumi.dynamic import CreateResult, Resource, ResourceProvider
        from pulumi_composio import CustomMcpServer

        class AuthConfigProvider(ResourceProvider):
            def create(self, props):
                auth_config_id = props["auth_config_id"]
                return CreateResult(auth_config_id, {"auth_config_id": auth_config_id})

        class AuthConfig(Resource):
            auth_config_id: pulumi.Output[str]

            def __init__(self, name, auth_config_id):
                super().__init__(AuthConfigProvider(), name, {"auth_config_id": auth_config_id})

        github_auth = AuthConfig("github-auth", "ac_github_default")
        server = CustomMcpServer(
            "support-tools", toolkits=["github"], auth_config_ids=[github_auth.auth_config_id]
        )
        pulumi.export("server_id", server.id)
        pulumi.export("auth_config_ids", server.auth_config_ids)
        """
    )
    preview = deployment.stack.preview().check()
    assert "+ 3 to create" in preview.output or "3 to create" in preview.output

    deployment.stack.up().check()

    outputs = deployment.stack.outputs()
    assert outputs["auth_config_ids"] == ["ac_github_default"]
    assert deployment.api.get_server(outputs["server_id"]).auth_config_ids == ["ac_github_default"]


def test_a_server_deleted_behind_pulumis_back_is_recreated_after_refresh(deployment: Deployment):
    deployment.stack.write_program(server_program())
    deployment.stack.up().check()
    gone_id = deployment.stack.outputs()["server_id"]
    deployment.api.delete_server(gone_id)

    refresh = deployment.stack.refresh().check()
    assert "deleted" in refresh.output
    assert deployment.stack.resources() == []

    deployment.stack.up().check()
    new_id = deployment.stack.outputs()["server_id"]
    assert new_id != gone_id
    assert not deployment.api.get_server(new_id).deleted
    assert deployment.live_server_ids() == {new_id}


def test_refresh_notices_drift_and_the_next_up_restores_the_declaration(
    deployment: Deployment,
):
    from pulumi_composio.api.models import UpdateServerRequest

    deployment.stack.write_program(server_program())
    deployment.stack.up().check()
    server_id = deployment.stack.outputs()["server_id"]
    deployment.api.update_server(server_id, UpdateServerRequest(toolkits=["gmail"]))

    deployment.stack.refresh().check()
    # Stack outputs are the program's and refresh does not run it; the resource's state is read.
    (refreshed,) = deployment.stack.resources()
    assert refreshed["outputs"]["toolkits"] == ["gmail"]
    preview = deployment.stack.preview("--diff").check()
    assert "toolkits" in preview.output
    assert "1 to update" in preview.output

    deployment.stack.up().check()
    assert sorted(deployment.api.get_server(server_id).toolkits) == ["github", "slack"]


def test_destroy_deletes_the_server_and_leaves_an_empty_stack(deployment: Deployment):
    deployment.stack.write_program(server_program())
    deployment.stack.up().check()
    server_id = deployment.stack.outputs()["server_id"]

    deployment.stack.destroy().check()

    assert deployment.stack.export()["deployment"].get("resources") in (None, [])
    assert deployment.live_server_ids() == set()
    deleted = {s["id"]: s for s in deployment.emulator.admin.servers(include_deleted=True)}
    assert deleted[server_id]["deleted"] is True
