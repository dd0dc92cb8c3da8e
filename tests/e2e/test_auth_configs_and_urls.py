"""AuthConfig and McpServerUserUrl through their whole life under the real CLI."""

from __future__ import annotations

from tests.support.api_log import api_calls, writes
from tests.support.deployment import Deployment

PROGRAM = """
    import pulumi
    from pulumi_composio import AuthConfig, CustomMcpServer, McpServerUserUrl

    auth = AuthConfig("tickets", toolkit={toolkit!r}, scopes={scopes!r}{extra})
    server = CustomMcpServer("support", toolkits=[{toolkit!r}], auth_config_ids=[auth.id])
    url = McpServerUserUrl("alice", server_id=server.id, user_id={user!r})
    pulumi.export("auth_id", auth.id)
    pulumi.export("auth_name", auth.name)
    pulumi.export("server_id", server.id)
    pulumi.export("url", url.url)
"""


def program(toolkit="github", scopes=("repo",), user="alice", extra="") -> str:
    return PROGRAM.format(toolkit=toolkit, scopes=list(scopes), user=user, extra=extra)


def test_bad_auth_config_input_fails_at_preview_naming_each_field_with_no_call(
    deployment: Deployment,
):
    deployment.stack.write_program(
        program(toolkit="Not A Slug", extra=', auth_scheme="PASSWORD", enabled="yes"')
    )
    deployment.emulator.admin.clear_requests()

    preview = deployment.stack.preview()

    assert preview.returncode != 0
    for field in ("toolkit", "auth_scheme", "enabled"):
        assert f"{field} is" in preview.output or f"{field} must" in preview.output, field
    assert api_calls(deployment.emulator.admin.requests()) == []


def test_credentials_without_a_scheme_and_two_url_targets_are_refused(deployment: Deployment):
    deployment.stack.write_program(
        """
        from pulumi_composio import AuthConfig
        AuthConfig("bad", toolkit="linear", credentials={"api_key": "sk-LEAKME-123"})
        """
    )
    preview = deployment.stack.preview()
    assert preview.returncode != 0
    assert "credentials are for custom auth: set auth_scheme" in preview.output
    assert "sk-LEAKME-123" not in preview.output

    deployment.stack.write_program(
        """
        from pulumi_composio import McpServerUserUrl
        McpServerUserUrl("both", server_id="x", user_id="a", connected_account_id="b")
        """
    )
    preview = deployment.stack.preview()
    assert preview.returncode != 0
    assert "give exactly one of user_id" in preview.output


def test_edits_patch_toolkit_replaces_new_user_new_url_and_refresh_drops_the_gone(
    deployment: Deployment,
):
    stack, admin = deployment.stack, deployment.emulator.admin
    stack.write_program(program())
    stack.up().check()
    first = stack.outputs()
    config = deployment.api.get_auth_config(first["auth_id"])
    assert config.name == first["auth_name"]
    assert config.scopes == ["repo"]

    admin.clear_requests()
    stack.write_program(program(scopes=("repo", "read:org"), extra=', name="Tickets GitHub"'))
    stack.up().check()
    assert [(w.method, w.path_suffix) for w in writes(admin.requests())] == [
        ("PATCH", f"/auth_configs/{first['auth_id']}")
    ]
    renamed = deployment.api.get_auth_config(first["auth_id"])
    assert renamed.name == "Tickets GitHub"
    assert sorted(renamed.scopes) == ["read:org", "repo"]

    admin.clear_requests()
    stack.write_program(
        program(scopes=("repo", "read:org"), user="bob", extra=', name="Tickets GitHub"')
    )
    stack.up().check()
    assert "bob" in stack.run("stack", "output", "url", "--show-secrets", "--stack", "test").stdout
    assert [w.path_suffix for w in writes(admin.requests())] == ["/mcp/servers/generate"]

    stack.write_program(program(toolkit="slack"))
    stack.up().check()
    replaced = stack.outputs()
    assert replaced["auth_id"] != first["auth_id"]
    assert deployment.api.get_auth_config(replaced["auth_id"]).toolkit.slug == "slack"

    # Deleted behind Pulumi's back: refresh drops the config, the server and its URL.
    deployment.api.delete_auth_config(replaced["auth_id"])
    deployment.api.delete_server(replaced["server_id"])
    stack.refresh().check()
    types = {r["type"].rsplit(":", 1)[-1] for r in stack.resources("")}
    assert not types & {"AuthConfig", "CustomMcpServer", "McpServerUserUrl"}
    stack.destroy().check()


def test_get_reads_an_auth_config_and_adoption_takes_one_over(deployment: Deployment):
    existing = deployment.api.get_auth_config("ac_linear_default")
    deployment.stack.write_program(
        f"""
        import pulumi
        from pulumi_composio import AuthConfig
        seen = AuthConfig.get("seen", "ac_github_default")
        adopted = AuthConfig("adopted", toolkit="linear", name="Linear for support",
                             adopt_auth_config_id={existing.id!r})
        pulumi.export("seen_toolkit", seen.toolkit)
        pulumi.export("adopted_id", adopted.id)
        """
    )
    deployment.stack.up().check()
    outputs = deployment.stack.outputs()
    assert outputs["seen_toolkit"] == "github"
    assert outputs["adopted_id"] == existing.id
    assert deployment.api.get_auth_config(existing.id).name == "Linear for support"

    deployment.emulator.admin.clear_requests()
    deployment.stack.destroy().check()
    assert [(w.method, w.path_suffix) for w in writes(deployment.emulator.admin.requests())] == [
        ("DELETE", f"/auth_configs/{existing.id}")
    ]


def test_a_create_made_in_part_names_the_config_and_the_next_up_takes_it_back(
    deployment: Deployment,
):
    """A disabled auth config takes two calls. A dynamic provider cannot hand the engine an
    object from a failed create, so the error names it, and the next ``pulumi up`` takes it
    back under its default name and disables it: one config, never two."""
    stack, admin = deployment.stack, deployment.emulator.admin
    stack.write_program(
        """
        import pulumi
        from pulumi_composio import AuthConfig

        linear = AuthConfig("linear", toolkit="linear", enabled=False)
        pulumi.export("auth_id", linear.id)
        """
    )
    admin.set_faults(status_rates={503: 1.0}, retry_after_seconds=0, methods=["PATCH"])

    failed = stack.up()

    assert failed.returncode != 0
    [made] = deployment.made_auth_configs()
    assert "was created, but disabling it failed" in failed.output
    assert f"it exists as {made['id']}: the next `pulumi up` takes it back" in failed.output
    assert "set adopt_auth_config_id to " + made["id"] in failed.output
    assert stack.resources("AuthConfig") == []

    admin.set_faults()
    stack.up().check()
    [config] = deployment.made_auth_configs()
    assert (config["id"], config["status"]) == (made["id"], "DISABLED")
    assert stack.outputs()["auth_id"] == made["id"]
    stack.destroy().check()
    assert deployment.made_auth_configs() == []
