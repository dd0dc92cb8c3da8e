"""An auth config replaced by every path that replaces one, keeping its name, under the CLI.

Composio cannot change an auth config's toolkit or kind in place, so those changes replace
it. Each step below changes two configs the same way: one with a declared ``name``, one
with the default name it kept when first made. Both must come out under the same name, the
server wired to their ids must move to the new configs without ever pointing at a deleted
one, and nothing may be left over in the emulator.
"""

from __future__ import annotations

from typing import Any

from tests.support.api_log import api_calls
from tests.support.deployment import Deployment

DECLARED_NAME = "support tickets"
LINEAR_KEY = "lin_api_REPLACE-0001"
LINEAR_TOKEN = "lin_tok_REPLACE-0002"

PROGRAM = """
    import pulumi
    from pulumi_composio import AuthConfig, CustomMcpServer, McpServerUserUrl

    kind = dict({kind})
    declared = AuthConfig("declared", name={name!r}, **kind)
    default = AuthConfig("default", **kind)
    server = CustomMcpServer(
        "support", toolkits=["github", "linear"], auth_config_ids=[declared.id, default.id]
    )
    url = McpServerUserUrl("bot", server_id=server.id, user_id="support-bot")
    pulumi.export("declared_id", declared.id)
    pulumi.export("default_id", default.id)
    pulumi.export("default_name", default.name)
    pulumi.export("server_id", server.id)
    pulumi.export("base_url", url.base_url)
"""

STEPS: list[tuple[str, dict[str, Any], str | None]] = [
    ("toolkit change", {"toolkit": "linear"}, None),
    (
        "managed -> custom",
        {"toolkit": "linear", "auth_scheme": "API_KEY", "credentials": {"api_key": LINEAR_KEY}},
        "API_KEY",
    ),
    (
        "custom scheme change",
        {
            "toolkit": "linear",
            "auth_scheme": "BEARER_TOKEN",
            "credentials": {"token": LINEAR_TOKEN},
        },
        "BEARER_TOKEN",
    ),
    ("custom -> managed", {"toolkit": "linear"}, None),
]
"""Each replace path of an AuthConfig, from the one before it; the scheme a custom config
ends with (``None``: Composio-managed)."""


def program(kind: dict[str, Any]) -> str:
    return PROGRAM.format(kind=repr(kind), name=DECLARED_NAME)


def position(calls: list[tuple[str, str]], call: tuple[str, str]) -> int:
    assert calls.count(call) == 1, f"{call} should be sent exactly once, got {calls}"
    return calls.index(call)


def test_every_replace_path_keeps_a_declared_and_a_default_name_and_the_server_moves_along(
    deployment: Deployment,
):
    stack, admin = deployment.stack, deployment.emulator.admin
    stack.write_program(program({"toolkit": "github"}))
    stack.up().check()
    before = stack.outputs()
    kept_name = before["default_name"]
    server_id = before["server_id"]

    for step, kind, scheme in STEPS:
        admin.clear_requests()
        stack.write_program(program(kind))

        up = stack.up().check()
        assert "2 to replace" in up.output, f"{step}, its preview: {up.output}"
        assert "2 replaced" in up.output, f"{step}: {up.output}"

        after = stack.outputs()
        assert after["server_id"] == server_id, step
        new_ids = {after["declared_id"]: DECLARED_NAME, after["default_id"]: kept_name}
        assert not set(new_ids) & {before["declared_id"], before["default_id"]}, step
        live = {config["id"]: config for config in deployment.made_auth_configs()}
        assert set(live) == set(new_ids), f"{step}: the replaced configs must be gone"
        for config_id, name in new_ids.items():
            config = live[config_id]
            assert config["name"] == name, step
            assert config["toolkit"]["slug"] == kind["toolkit"], step
            assert config["is_composio_managed"] is (scheme is None), step
            if scheme is not None:
                assert (config["auth_scheme"], config["credentials_set"]) == (scheme, True), step

        server = deployment.api.get_server(server_id)
        assert sorted(server.auth_config_ids) == sorted(new_ids), step
        assert after["base_url"] == server.mcp_url, step

        # The server never pointed at a deleted config: each new config was created, the
        # server moved to it, and only then was the old one deleted.
        calls = [(call.method, call.path_suffix) for call in api_calls(admin.requests())]
        moved = position(calls, ("PATCH", f"/mcp/{server_id}"))
        assert calls.count(("POST", "/auth_configs")) == 2, f"{step}: {calls}"
        assert calls.index(("POST", "/auth_configs")) < moved, f"{step}: {calls}"
        for old in (before["declared_id"], before["default_id"]):
            assert moved < position(calls, ("DELETE", f"/auth_configs/{old}")), f"{step}: {calls}"

        stack.preview("--expect-no-changes").check()
        before = after

    stack.destroy().check()
    assert deployment.made_auth_configs() == []
    assert deployment.live_server_ids() == set()
    made = deployment.made_auth_configs(include_deleted=True)
    assert len(made) == 2 * (len(STEPS) + 1), "one config per resource per step, no strays"


TARGETED = """
    from pulumi import ResourceOptions
    from pulumi_composio import AuthConfig, CustomMcpServer

    options = ResourceOptions(delete_before_replace={delete_first})
    named = AuthConfig("named", toolkit="github", name={name!r}, opts=options)
    CustomMcpServer("default", toolkits=["github"], auth_config_ids=[named.id], opts=options)
"""


def test_pulumi_up_replace_never_deletes_what_it_keeps_and_says_how_to_make_a_new_one(
    deployment: Deployment,
):
    """``pulumi up --replace`` asks the provider for no diff and hands its check no old
    inputs, so its create looks like a first one: a default-named server with exactly its
    configuration is taken back, as after an interrupted run (the server created beside the
    listing that found it is deleted again), and must then survive the delete of "the
    original", which is the same server; a declared name held by the config being replaced
    fails saying how to replace it (``delete_before_replace`` for that run)."""
    stack, admin = deployment.stack, deployment.emulator.admin
    stack.write_program(TARGETED.format(name=DECLARED_NAME, delete_first=False))
    stack.up().check()
    first = {r["urn"].rsplit("::", 1)[1]: r for r in stack.resources("")}
    server_urn, config_urn = first["default"]["urn"], first["named"]["urn"]
    old_server, old_config = first["default"]["id"], first["named"]["id"]

    admin.clear_requests()
    stack.up("--replace", server_urn).check()
    (server,) = stack.resources()
    assert server["id"] == old_server
    assert deployment.live_server_ids() == {old_server}
    writes = [c for c in api_calls(admin.requests()) if c.method != "GET"]
    assert [c.method for c in writes] == ["POST", "DELETE"]
    assert old_server not in writes[1].path

    refused = stack.up("--replace", config_urn)
    assert refused.returncode != 0
    assert (
        f"a Composio auth config named '{DECLARED_NAME}' already exists ({old_config})"
    ) in refused.output
    assert (
        "(if it is this resource's own Composio auth config, being replaced by `pulumi up "
        "--replace`, set "
        "its delete_before_replace resource option for that run)"
    ) in " ".join(refused.output.split())
    assert [c["id"] for c in deployment.made_auth_configs()] == [old_config]

    stack.write_program(TARGETED.format(name=DECLARED_NAME, delete_first=True))
    stack.up("--replace", config_urn, "--replace", server_urn).check()
    (config,) = deployment.made_auth_configs()
    assert (config["name"], config["id"] != old_config) == (DECLARED_NAME, True)
    (server,) = stack.resources()
    assert server["id"] != old_server
    assert deployment.live_server_ids() == {server["id"]}
    live = deployment.api.get_server(server["id"])
    assert (live.name, live.auth_config_ids) == (
        first["default"]["outputs"]["name"],
        [config["id"]],
    )
