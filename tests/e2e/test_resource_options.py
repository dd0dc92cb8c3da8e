"""Pulumi's resource options on our resources, as Pulumi documents them, under the real CLI.

Most options are the engine's own business (``protect``, ``ignore_changes``,
``retain_on_delete``, ``aliases``, ``delete_before_replace``, ``--target``, ``--refresh``)
and work as long as the provider's diff, create and delete behave; ``replace_on_changes``
needs the provider's help, since the dynamic-provider host reports no changed property
names for the engine to match (see ``core.input_rules.REPLACE_ON_CHANGES``). Each test walks
one stack through several options at once and checks the emulator, not only Pulumi's word.
"""

from __future__ import annotations

from pulumi_composio.emulator import BUILT_IN
from tests.support.api_log import api_calls
from tests.support.deployment import Deployment

SERVER_TYPE = "pulumi-python:dynamic/composio:CustomMcpServer"

CHANGES = """
    from pulumi import Alias, ResourceOptions
    from pulumi_composio import AuthConfig, CustomMcpServer

    second = {second}
    CustomMcpServer(
        "renamed", name="Renamed Two" if second else "Renamed One", toolkits=["github"],
        opts=ResourceOptions(replace_on_changes=["name"]),
    )
    CustomMcpServer(
        "starred", toolkits=["github", "slack"] if second else ["github"],
        opts=ResourceOptions(replace_on_changes=["*"]),
    )
    CustomMcpServer("plain", name="Plain Two" if second else "Plain One", toolkits=["github"])
    CustomMcpServer(
        "ignored", toolkits=["github"],
        allowed_tools=["GITHUB_GET_A_REPOSITORY"] if second else ["GITHUB_CREATE_ISSUE"],
        opts=ResourceOptions(ignore_changes=["allowed_tools"]),
    )
    CustomMcpServer(
        "moved" if second else "before-move", toolkits=["github"],
        opts=ResourceOptions(aliases=[Alias(name="before-move")] if second else None),
    )
    config = AuthConfig(
        "tickets", name="tickets", toolkit="slack" if second else "github",
        opts=ResourceOptions(delete_before_replace=True),
    )
    CustomMcpServer("user", toolkits=["github", "slack"], auth_config_ids=[config.id])
"""


def ids_by_name(deployment: Deployment) -> dict[str, str]:
    """The id of each resource in state, by its logical name."""
    resources = deployment.stack.export()["deployment"]["resources"]
    return {r["urn"].rsplit("::", 1)[1]: r["id"] for r in resources if r.get("id")}


def live_servers(deployment: Deployment) -> dict[str, dict]:
    return {s["id"]: s for s in deployment.emulator.admin.servers()}


def test_replace_on_changes_ignore_changes_aliases_and_delete_before_replace(
    deployment: Deployment,
):
    stack, admin = deployment.stack, deployment.emulator.admin
    stack.write_program(CHANGES.format(second=False))
    stack.up().check()
    first = ids_by_name(deployment)

    admin.clear_requests()
    stack.write_program(CHANGES.format(second=True))
    preview = stack.preview("--diff").check()
    assert "3 to replace" in preview.output, preview.output
    stack.up().check()

    after = ids_by_name(deployment)
    live = live_servers(deployment)
    calls = [(call.method, call.path_suffix) for call in api_calls(admin.requests())]

    # replace_on_changes=["name"]: a rename, which is otherwise one PATCH, replaces.
    assert after["renamed"] != first["renamed"]
    assert live[after["renamed"]]["name"] == "Renamed Two"
    assert first["renamed"] not in live
    # replace_on_changes=["*"]: any change replaces, and the default name is kept.
    assert after["starred"] != first["starred"]
    assert first["starred"] not in live
    assert live[after["starred"]]["toolkits"] == ["github", "slack"]
    # Without the option, the same rename is an update in place.
    assert after["plain"] == first["plain"]
    assert live[after["plain"]]["name"] == "Plain Two"
    # ignore_changes: the new allowed_tools are not sent.
    assert after["ignored"] == first["ignored"]
    assert live[after["ignored"]]["allowed_tools"] == ["GITHUB_CREATE_ISSUE"]
    assert ("PATCH", f"/mcp/{first['ignored']}") not in calls
    # aliases: the renamed resource is the same server, untouched.
    assert after["moved"] == first["before-move"]
    assert not any(first["before-move"] in path for _, path in calls)
    # delete_before_replace: the old config goes first, then the new one is made under the
    # same name, and the server wired to it moves to it.
    deleted = calls.index(("DELETE", f"/auth_configs/{first['tickets']}"))
    assert deleted < calls.index(("POST", "/auth_configs"))
    made = [
        c for c in admin.auth_configs() if c["id"] not in BUILT_IN.auth_configs and not c["deleted"]
    ]
    assert [(c["id"], c["name"], c["toolkit"]["slug"]) for c in made] == [
        (after["tickets"], "tickets", "slack")
    ]
    assert live[after["user"]]["auth_config_ids"] == [after["tickets"]]
    assert after["user"] == first["user"]

    stack.preview("--expect-no-changes").check()


GUARDS = """
    from pulumi import ResourceOptions
    from pulumi_composio import CustomMcpServer

    CustomMcpServer("guarded", toolkits=["github"], opts=ResourceOptions(protect={protect}))
    if {keep}:
        CustomMcpServer("kept", toolkits=["github"], opts=ResourceOptions(retain_on_delete=True))
    CustomMcpServer("targeted", toolkits={toolkits})
    CustomMcpServer("untargeted", toolkits={toolkits})
"""


def guards(*, protect: bool = True, keep: bool = True, toolkits: tuple[str, ...] = ("github",)):
    return GUARDS.format(protect=protect, keep=keep, toolkits=list(toolkits))


def test_protect_retain_on_delete_target_and_refresh(deployment: Deployment):
    stack, api = deployment.stack, deployment.api
    stack.write_program(guards())
    stack.up().check()
    first = ids_by_name(deployment)

    # --target: only the named resource is updated; the other keeps its pending change.
    stack.write_program(guards(toolkits=("github", "slack")))
    target = f"urn:pulumi:{stack.stack}::{stack.project}::{SERVER_TYPE}::targeted"
    stack.up("--target", target).check()
    assert api.get_server(first["targeted"]).toolkits == ["github", "slack"]
    assert api.get_server(first["untargeted"]).toolkits == ["github"]
    assert stack.preview("--expect-no-changes").returncode != 0

    # --refresh: a server deleted behind Pulumi's back is noticed and made again in one run.
    api.delete_server(first["untargeted"])
    stack.up("--refresh").check()
    remade = ids_by_name(deployment)["untargeted"]
    assert remade != first["untargeted"]
    assert api.get_server(remade).toolkits == ["github", "slack"]
    stack.preview("--expect-no-changes").check()

    # retain_on_delete: dropped from the program, the server leaves the state but stays.
    stack.write_program(guards(keep=False, toolkits=("github", "slack")))
    stack.up().check()
    assert "kept" not in ids_by_name(deployment)
    assert first["kept"] in deployment.live_server_ids()

    # protect: destroy refuses to delete the protected server and says why.
    refused = stack.destroy()
    assert refused.returncode != 0
    assert "protect" in refused.output
    assert first["guarded"] in deployment.live_server_ids()
    assert "guarded" in ids_by_name(deployment)

    stack.write_program(guards(protect=False, keep=False, toolkits=("github", "slack")))
    stack.up().check()
    stack.destroy().check()
    assert deployment.live_server_ids() == {first["kept"]}
