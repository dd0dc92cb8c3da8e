"""The native plugin ``composio`` under the real CLI: every resource by type token.

The programs are Python only because a language host is at hand; they use nothing of the
package but its executable, ``pulumi-resource-composio``, exactly as a YAML, TypeScript or
Go program does (see ``tests/support/native_program.py``).
"""

from __future__ import annotations

import base64
import collections
import json

from pulumi_composio.api.models import CreateCustomServerRequest
from pulumi_composio.native.resource_types import RESOURCE_TYPES
from tests.support.api_log import api_calls, writes
from tests.support.deployment import API_KEY, Deployment
from tests.support.native_program import native_program

CREDENTIAL = "lin-NATIVE-SECRET-0042"

SETUP = """
config = pulumi.Config()
linear = composio(
    "AuthConfig", "linear", toolkit={toolkit!r}, authScheme="API_KEY",
    credentials={{"api_key": config.require_secret("linearKey")}},
)
server = composio(
    "CustomMcpServer", "support", toolkits={toolkits!r}, allowedTools=["GITHUB_CREATE_ISSUE"],
    authConfigIds=[linear.id],
)
bot = composio("McpServerUserUrl", "bot", serverId=server.id, userId="support-bot")
exports = dict(
    auth_id=linear.id, auth_status=linear.status, server_id=server.id, name=server.name,
    toolkits=server.toolkits, mcp_url=server.mcpUrl, cursor=server.commands["cursor"], url=bot.url,
)
for name, value in exports.items():
    pulumi.export(name, value)
"""


def setup_program(toolkit: str = "linear", toolkits: tuple[str, ...] = ("github", "linear")) -> str:
    return native_program(SETUP.format(toolkit=toolkit, toolkits=list(toolkits)))


def test_the_setup_lives_through_every_operation_with_no_secret_in_clear(
    deployment: Deployment,
) -> None:
    """An auth config, a server using it and a user's URL on one stack, in turn: ``up`` (at
    ``-v=9``) creates all three with one POST each and outputs equal to what the API holds;
    neither that log nor a ``-v=9`` refresh's, ``pulumi stack export`` or the state files
    hold the API key, the credential or the user URL in clear; a second preview shows no
    change and calls nothing; edits update in place and a toolkit change replaces the auth
    config; refresh drops a server deleted behind Pulumi's back (and its URL) and ``up``
    makes it again; destroy leaves nothing."""
    stack, api, admin = deployment.stack, deployment.api, deployment.emulator.admin
    stack.set_config("linearKey", CREDENTIAL, secret=True)
    stack.write_program(setup_program())
    up = stack.up("-v=9", "--logtostderr", "--logflow").check()
    first = stack.outputs()

    server = api.get_server(str(first["server_id"]))
    assert first["name"] == server.name
    assert str(server.name).startswith("support-")
    assert first["toolkits"] == ["github", "linear"]
    assert first["mcp_url"] == server.mcp_url
    assert first["cursor"] == server.commands.cursor
    assert server.auth_config_ids == [first["auth_id"]]
    config = api.get_auth_config(str(first["auth_id"]))
    assert (config.toolkit.slug, first["auth_status"]) == ("linear", "ENABLED")
    assert first["url"] == "[secret]"
    posts = [c.path_suffix for c in writes(admin.requests())]
    assert collections.Counter(posts) == {
        "/auth_configs": 1,
        "/mcp/servers/custom": 1,
        "/mcp/servers/generate": 1,
    }

    refresh = stack.refresh("-v=9", "--logtostderr", "--logflow").check()
    assert_no_secret_in_clear(deployment, up.output, refresh.output)

    admin.clear_requests()
    preview = stack.preview("--expect-no-changes").check()
    assert "4 unchanged" in preview.output
    assert api_calls(admin.requests()) == []

    stack.write_program(setup_program(toolkits=("github", "linear", "slack")))
    up = stack.up("--diff").check()
    assert "toolkits" in up.output
    assert [(w.method, w.path_suffix) for w in writes(admin.requests())] == [
        ("PATCH", f"/mcp/{first['server_id']}")
    ]
    assert stack.outputs()["server_id"] == first["server_id"]

    stack.write_program(setup_program(toolkit="slack"))
    up = stack.up().check()
    assert "1 to replace" in up.output, "its preview shows the replacement"
    replaced = stack.outputs()
    assert replaced["auth_id"] != first["auth_id"]
    assert api.get_auth_config(str(replaced["auth_id"])).toolkit.slug == "slack"
    assert api.get_server(str(first["server_id"])).auth_config_ids == [replaced["auth_id"]]
    assert {c["id"] for c in deployment.made_auth_configs()} == {replaced["auth_id"]}

    api.delete_server(str(first["server_id"]))
    refresh = stack.refresh().check()
    assert "deleted" in refresh.output
    assert stack.resources() == []
    remaining = {r["type"] for r in stack.resources("")}
    assert "composio:index:CustomMcpServer" not in remaining
    assert "composio:index:McpServerUserUrl" not in remaining
    stack.up().check()
    assert deployment.live_server_ids() == {stack.outputs()["server_id"]}

    stack.destroy().check()
    assert stack.resources("") == []
    assert deployment.live_server_ids() == set()
    assert deployment.made_auth_configs() == []


def test_replace_on_changes_turns_a_rename_into_a_replacement(deployment: Deployment):
    program = """
        composio(
            "CustomMcpServer", "fixed", name={name!r}, toolkits=["github"],
            opts=pulumi.ResourceOptions(replace_on_changes=["name"]),
        )
        """
    deployment.stack.write_program(native_program(program.format(name="First Name")))
    deployment.stack.up().check()
    (first,) = deployment.stack.resources()

    deployment.stack.write_program(native_program(program.format(name="Second Name")))
    deployment.stack.up().check()

    (second,) = deployment.stack.resources()
    assert second["id"] != first["id"]
    assert deployment.live_server_ids() == {second["id"]}


def test_pulumi_import_brings_a_server_and_an_auth_config_under_management(
    deployment: Deployment,
):
    server = deployment.api.create_custom_server(
        CreateCustomServerRequest(
            name="Made In Dashboard", toolkits=["github"], allowed_tools=["GITHUB_CREATE_ISSUE"]
        )
    )
    stack = deployment.stack
    stack.write_program(native_program(""))
    stack.up().check()

    imported = stack.run(
        "import", "composio:index:CustomMcpServer", "dashboard", server.id,
        "--yes", "--protect=false", "--generate-code=false", "--stack", stack.stack,
    ).check()  # fmt: skip
    assert "1 imported" in imported.output
    (state,) = stack.resources()
    assert state["id"] == server.id
    assert state["inputs"] == {
        "name": "Made In Dashboard",
        "toolkits": ["github"],
        "allowedTools": ["GITHUB_CREATE_ISSUE"],
    }

    # The code `pulumi import` prints is the inputs it read: declared so, nothing changes.
    stack.write_program(
        native_program(
            """
            composio(
                "CustomMcpServer", "dashboard", name="Made In Dashboard", toolkits=["github"],
                allowedTools=["GITHUB_CREATE_ISSUE"],
            )
            """
        )
    )
    deployment.emulator.admin.clear_requests()
    stack.preview("--expect-no-changes").check()
    assert writes(deployment.emulator.admin.requests()) == []

    stack.destroy().check()
    assert deployment.live_server_ids() == set()


def test_the_import_option_adopts_an_auth_config_made_elsewhere(deployment: Deployment):
    from pulumi_composio.api.models import AuthConfigSpec, CreateAuthConfigRequest, ToolkitRef

    created = deployment.api.create_auth_config(
        CreateAuthConfigRequest(
            toolkit=ToolkitRef(slug="github"),
            auth_config=AuthConfigSpec(type="use_composio_managed_auth", name="Team GitHub"),
        )
    )
    config_id = created.auth_config.id
    program = f"""
        composio(
            "AuthConfig", "github", toolkit="github", name="Team GitHub",
            opts=pulumi.ResourceOptions(import_={config_id!r}),
        )
        """
    deployment.stack.write_program(native_program(program))

    up = deployment.stack.up().check()

    assert "1 imported" in up.output
    (state,) = deployment.stack.resources("AuthConfig")
    assert state["id"] == config_id
    deployment.stack.preview("--expect-no-changes").check()
    deployment.stack.destroy().check()
    assert deployment.made_auth_configs() == []


def without_sdk_output_dumps(log: str) -> str:
    """The log without the program SDK's own dumps of what it registered.

    Pulumi's Python SDK 3.139 (the oldest supported) logs each registration of the stack's
    outputs at debug level with the serialized properties, secret values included
    (``register resource outputs prepared`` and ``resource registration successful``, each
    with ``props=fields {...}``); newer releases print those only with excessive debug
    output. Those lines are the program's SDK reporting what the program exported, not the
    plugin: docs/secrets.md says to keep verbose logs at ``-v=8`` or below with such SDKs.
    """
    return "\n".join(line for line in log.splitlines() if "props=fields {" not in line)


def assert_no_secret_in_clear(deployment: Deployment, up_log: str, refresh_log: str) -> None:
    """Neither the API key (nor its base64), the credential nor the user URL in the logs of a
    verbose up and refresh, ``pulumi stack export`` or the state files; the credential, the
    URL and the key encrypted in state."""
    stack = deployment.stack
    url = stack.secret_output("url")
    assert "support-bot" in url
    export = stack.run("stack", "export", "--stack", stack.stack).check().stdout
    state = "".join(path.read_text(errors="replace") for path in stack.state_files())
    needles = {
        "API key": API_KEY,
        "API key (base64)": base64.b64encode(API_KEY.encode()).decode(),
        "credential": CREDENTIAL,
        "user URL": url,
    }
    for haystack_name, haystack in {
        "up log": without_sdk_output_dumps(up_log),
        "refresh log": without_sdk_output_dumps(refresh_log),
        "stack export": export,
        "state files": state,
    }.items():
        for needle_name, needle in needles.items():
            assert needle not in haystack, f"the {needle_name} appears in the {haystack_name}"
    assert len(up_log) > 10_000, "the verbose log is suspiciously short"
    resources = json.loads(export)["deployment"]["resources"]
    (auth,) = [r for r in resources if r["type"] == "composio:index:AuthConfig"]
    assert "ciphertext" in json.dumps(auth["inputs"]["credentials"])
    assert "ciphertext" in json.dumps(auth["outputs"]["credentialsFingerprint"])
    (url_state,) = [r for r in resources if r["type"] == "composio:index:McpServerUserUrl"]
    assert "ciphertext" in json.dumps(url_state["outputs"]["url"])
    (provider,) = [r for r in resources if r["type"] == "pulumi:providers:composio"]
    assert "ciphertext" in json.dumps(provider["inputs"]["apiKey"])


def test_thirty_servers_at_parallel_sixteen_are_each_made_once(deployment: Deployment):
    deployment.stack.write_program(
        native_program(
            """
            for i in range(30):
                composio("CustomMcpServer", f"fleet-{i:02d}", toolkits=["github"])
            """
        )
    )

    deployment.stack.up("--parallel", "16").check()

    in_state = {r["id"] for r in deployment.stack.resources()}
    live = deployment.emulator.admin.servers()
    names = collections.Counter(server["name"] for server in live)
    creates = [
        c
        for c in writes(deployment.emulator.admin.requests())
        if c.path_suffix == "/mcp/servers/custom"
    ]
    assert len(in_state) == 30
    assert in_state == {server["id"] for server in live}
    assert max(names.values()) == 1
    assert len(creates) == 30
    deployment.stack.destroy("--parallel", "16").check()
    assert deployment.live_server_ids() == set()


def test_the_plugin_installed_into_pulumis_cache_serves_get_schema_by_name(pulumi_cli, tmp_path):
    """``pulumi package get-schema composio`` resolves the name from the plugin cache (not
    from PATH): one ``pulumi plugin install --file`` puts the installed executable there."""
    import shutil

    from tests.support.pulumi_stack import PulumiStack

    stack = PulumiStack(tmp_path / "cache")
    executable = shutil.which("pulumi-resource-composio", path=stack.env["PATH"])
    assert executable is not None
    version = json.loads(stack.run("package", "get-schema", executable).check().stdout)["version"]

    stack.run("plugin", "install", "resource", "composio", version, "--file", executable).check()
    printed = stack.run("package", "get-schema", "composio").check().stdout

    assert json.loads(printed)["resources"].keys() == set(RESOURCE_TYPES)
