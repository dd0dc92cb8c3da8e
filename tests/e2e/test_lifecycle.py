"""The whole life of a server under the real ``pulumi`` CLI, against the emulator: one stack
taken through every operation in turn, each step's assertions on what the step before left,
so a run pays for one stack and one destroy."""

from __future__ import annotations

from pulumi_composio.api.models import UpdateServerRequest
from tests.support.api_log import writes
from tests.support.deployment import Deployment
from tests.support.server_program import server_program


def test_a_server_lives_through_every_operation(deployment: Deployment) -> None:
    """up creates it with outputs equal to what the API holds; a second preview shows no
    change and writes nothing; reordered and repeated list items change nothing; edited lists
    and name are one PATCH in place; refresh notices drift and the next up restores the
    declaration; a server deleted behind Pulumi's back is dropped by refresh and made again by
    up; destroy deletes it and leaves an empty stack."""
    stack, api, admin = deployment.stack, deployment.api, deployment.emulator.admin
    stack.write_program(server_program())
    stack.up().check()

    outputs = stack.outputs()
    first_id = outputs["server_id"]
    live = api.get_server(first_id)
    assert outputs["name"] == live.name == "Support Tools"
    assert outputs["toolkits"] == sorted(live.toolkits) == ["github", "slack"]
    assert outputs["allowed_tools"] == live.allowed_tools == ["GITHUB_CREATE_ISSUE"]
    assert outputs["mcp_url"] == live.mcp_url
    assert outputs["mcp_url"] == f"{deployment.emulator.url}/v3/mcp/{live.id}"
    for client in ("cursor", "claude", "windsurf"):
        assert outputs[client] == getattr(live.commands, client)
        assert live.mcp_url in outputs[client]

    admin.clear_requests()
    preview = stack.preview("--expect-no-changes").check()
    assert "1 unchanged" in preview.output or "2 unchanged" in preview.output
    assert writes(admin.requests()) == []

    stack.write_program(server_program(toolkits=("slack", "github", "slack")))
    stack.up("--expect-no-changes").check()
    assert writes(admin.requests()) == []

    stack.write_program(
        server_program(
            name="Support Tools v2",
            toolkits=("github", "slack", "linear"),
            allowed_tools=("GITHUB_CREATE_ISSUE", "LINEAR_CREATE_ISSUE"),
        )
    )
    stack.up().check()
    outputs = stack.outputs()
    assert outputs["server_id"] == first_id
    assert outputs["name"] == "Support Tools v2"
    assert outputs["toolkits"] == ["github", "linear", "slack"]
    assert [(r.method, r.path_suffix) for r in writes(admin.requests())] == [
        ("PATCH", f"/mcp/{first_id}")
    ]
    assert sorted(api.get_server(first_id).allowed_tools) == [
        "GITHUB_CREATE_ISSUE",
        "LINEAR_CREATE_ISSUE",
    ]

    stack.write_program(server_program())
    api.update_server(first_id, UpdateServerRequest(toolkits=["gmail"]))
    stack.refresh().check()
    # Stack outputs are the program's and refresh does not run it; the resource's state is read.
    (refreshed,) = stack.resources()
    assert refreshed["outputs"]["toolkits"] == ["gmail"]
    up = stack.up("--diff").check()
    assert "toolkits" in up.output
    assert "1 to update" in up.output, "its preview shows the drift it undoes"
    restored = api.get_server(first_id)
    assert sorted(restored.toolkits) == ["github", "slack"]
    assert restored.name == "Support Tools"

    api.delete_server(first_id)
    refresh = stack.refresh().check()
    assert "deleted" in refresh.output
    assert stack.resources() == []
    stack.up().check()
    server_id = stack.outputs()["server_id"]
    assert server_id != first_id
    assert not api.get_server(server_id).deleted
    assert deployment.live_server_ids() == {server_id}

    stack.destroy().check()
    assert stack.resources("") == []
    assert deployment.live_server_ids() == set()
    deleted = {s["id"]: s for s in admin.servers(include_deleted=True)}
    assert deleted[server_id]["deleted"] is True
    assert deleted[first_id]["deleted"] is True


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
