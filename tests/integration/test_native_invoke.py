"""The native plugin's ``Invoke``, over gRPC as the engine calls it, against the emulator: the
four functions answer in Pulumi's names, and failures arrive as one line in the program's
words (``getToolkit``, not ``get_toolkit``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from pulumi.runtime import proto

from pulumi_composio.api.client import ComposioClient
from pulumi_composio.api.models import CreateCustomServerRequest
from pulumi_composio.emulator import BUILT_IN, EmulatorAdmin, RunningEmulator
from pulumi_composio.native.wire import decode, encode
from tests.support.api_log import api_calls
from tests.support.emulator_calls import ClientFactory
from tests.support.emulator_keys import API_KEY
from tests.support.plugin_server import served_plugin


@pytest.fixture
def plugin(emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The plugin configured as the engine configures it from ``composio:*`` stack config."""
    for name in ("COMPOSIO_API_KEY", "COMPOSIO_USER_API_KEY", "COMPOSIO_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    configure = proto.ConfigureRequest(
        acceptSecrets=True,
        variables={"composio:config:apiKey": API_KEY, "composio:config:baseUrl": emulator.url},
    )
    with served_plugin(configure) as stub:
        yield stub


def invoke(plugin: Any, function: str, **args: Any) -> dict[str, Any]:
    answer = plugin.Invoke(proto.InvokeRequest(tok=f"composio:index:{function}", args=encode(args)))
    result, secrets = decode(getattr(answer, "return"))
    assert not secrets, "no function answers a secret"
    assert list(answer.failures) == []
    return result


def failure(plugin: Any, function: str, **args: Any) -> str:
    with pytest.raises(grpc.RpcError) as raised:
        invoke(plugin, function, **args)
    details = str(raised.value.details())
    assert "Traceback" not in details
    return details


def test_get_toolkit_and_get_tools_answer_in_pulumis_names(plugin: Any) -> None:
    assert invoke(plugin, "getToolkit", slug="linear") == {
        "slug": "linear",
        "name": "Linear",
        "authSchemes": ["OAUTH2", "API_KEY"],
        "composioManagedAuth": True,
        "toolSlugs": list(BUILT_IN.toolkits["linear"].tools),
    }
    tools = invoke(plugin, "getTools", toolkit="gmail", search="email")
    assert tools["slugs"] == ["GMAIL_SEND_EMAIL", "GMAIL_FETCH_EMAILS", "GMAIL_CREATE_EMAIL_DRAFT"]
    assert set(tools["tools"][0]) == {"slug", "name", "description"}


def test_get_custom_mcp_server_by_name_reads_a_server_made_elsewhere(
    plugin: Any, make_client: ClientFactory, admin: EmulatorAdmin
) -> None:
    api: ComposioClient = make_client()
    made = api.create_custom_server(
        CreateCustomServerRequest(name="Made Elsewhere", toolkits=["github"])
    )
    admin.clear_requests()

    found = invoke(plugin, "getCustomMcpServer", name="Made Elsewhere")

    assert (found["id"], found["mcpUrl"], found["toolkits"]) == (made.id, made.mcp_url, ["github"])
    assert found["commands"]["claude"] == made.commands.claude
    assert found["allowedTools"] == found["authConfigIds"] == []
    assert [(c.method, c.path_suffix) for c in api_calls(admin.requests())] == [
        ("GET", "/mcp/servers")
    ]


def test_get_auth_config_answers_no_credential(plugin: Any) -> None:
    found = invoke(plugin, "getAuthConfig", id="ac_slack_default")
    assert (found["toolkit"], found["status"], found["enabled"]) == ("slack", "ENABLED", True)
    assert "credentials" not in found
    assert "credentialsFingerprint" not in found


def test_failures_name_what_was_looked_up_in_the_programs_words(plugin: Any) -> None:
    assert failure(plugin, "getToolkit", slug="githb") == (
        "getToolkit: Composio has no toolkit 'githb' (did you mean `github`?)"
    )
    assert failure(plugin, "getCustomMcpServer", name="Nobody Here").startswith(
        "getCustomMcpServer: no live Composio MCP server is named 'Nobody Here'"
    )
    assert failure(plugin, "getCustomMcpServer").startswith(
        "getCustomMcpServer: give exactly one of id and name"
    )
    assert failure(plugin, "getAuthConfig", id="ac_nope") == (
        "getAuthConfig: no Composio auth config has id 'ac_nope'"
    )
    assert failure(plugin, "getTools", toolkit="github", serach="x") == (
        "getTools has no argument 'serach'; its arguments are toolkit, search"
    )
    assert "no function 'composio:index:getNothing'" in failure(plugin, "getNothing")


def test_two_servers_of_one_name_fail_naming_their_ids(
    plugin: Any, make_client: ClientFactory
) -> None:
    api: ComposioClient = make_client()
    ids = [api.create_custom_server(CreateCustomServerRequest(name="Twin")).id for _ in range(2)]
    details = failure(plugin, "getCustomMcpServer", name="Twin")
    assert all(server_id in details for server_id in ids)
    assert "getCustomMcpServer" in details
