"""The native plugin's streaming ``List``, over gRPC as the engine calls it, against the
emulator: every resource type answers it (or says why it cannot), pages through Composio's
listings by continuation token, honours ``limit`` and ``page_size``, filters as its
``listInputs`` declare, never lists a deleted object, and answers ``Computed`` for a
query that holds an unknown."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from pulumi.runtime import proto
from pulumi.runtime.rpc import UNKNOWN

from pulumi_composio.api.client import ComposioClient
from pulumi_composio.api.models import (
    AuthConfigSpec,
    CreateAuthConfigRequest,
    CreateCustomServerRequest,
    CreateSessionRequest,
    ToolkitRef,
)
from pulumi_composio.emulator import BUILT_IN, RunningEmulator
from pulumi_composio.native.resource_types import RESOURCE_TYPES
from pulumi_composio.native.schema import schema
from pulumi_composio.native.wire import encode
from tests.support.api_log import api_calls
from tests.support.emulator_calls import ClientFactory
from tests.support.emulator_keys import API_KEY
from tests.support.plugin_server import served_plugin

SERVER = "composio:index:CustomMcpServer"
AUTH_CONFIG = "composio:index:AuthConfig"
SESSION = "composio:index:Session"
USER_URL = "composio:index:McpServerUserUrl"


@pytest.fixture
def plugin(emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    for name in ("COMPOSIO_API_KEY", "COMPOSIO_USER_API_KEY", "COMPOSIO_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    configure = proto.ConfigureRequest(
        acceptSecrets=True,
        variables={"composio:config:apiKey": API_KEY, "composio:config:baseUrl": emulator.url},
    )
    with served_plugin(configure) as stub:
        yield stub


@pytest.fixture
def api(make_client: ClientFactory) -> ComposioClient:
    return make_client()


def page(
    plugin: Any, token: str, *, query: dict[str, Any] | None = None, **fields: Any
) -> tuple[list[tuple[str, str]], str | None, bool]:
    """One ``List`` call: its ``(id, name)`` results, its continuation token (``None`` when
    it sent none) and whether it answered ``Computed``."""
    request = proto.ListRequest(token=token, query=encode(query or {}), **fields)
    results: list[tuple[str, str]] = []
    continuation: str | None = None
    computed = False
    for response in plugin.List(request):
        kind = response.WhichOneof("response")
        if kind == "result":
            assert continuation is None, "a result after the continuation"
            results.append((response.result.id, response.result.name))
        elif kind == "continuation":
            continuation = response.continuation.continuation_token
        else:
            computed = True
    return results, continuation, computed


def everything(plugin: Any, token: str, **fields: Any) -> tuple[list[tuple[str, str]], int]:
    """Every result, following continuation tokens as ``pulumi do ... list --all`` does, and
    how many calls that took."""
    results: list[tuple[str, str]] = []
    continuation = ""
    calls = 0
    while True:
        found, next_token, _ = page(plugin, token, continuation_token=continuation, **fields)
        results += found
        calls += 1
        if not next_token:
            return results, calls
        continuation = next_token


def make_servers(api: ComposioClient, count: int, toolkits: list[str]) -> list[tuple[str, str]]:
    made = []
    for number in range(count):
        name = f"listed server {number:02d}"
        server = api.create_custom_server(CreateCustomServerRequest(name=name, toolkits=toolkits))
        made.append((server.id, name))
    return made


def test_every_resource_type_declares_list_inputs() -> None:
    resources = schema()["resources"]
    assert set(resources) == set(RESOURCE_TYPES)
    for token, spec in resources.items():
        assert spec["listInputs"]["type"] == "object", token
        assert spec["listInputs"]["description"], token


def test_servers_are_listed_oldest_first_across_composio_pages(
    plugin: Any, api: ComposioClient
) -> None:
    made = make_servers(api, 7, ["github"])

    listed, calls = everything(plugin, SERVER, page_size=3)

    assert listed == made
    assert calls == 3


def test_limit_stops_mid_page_and_the_token_resumes_exactly_there(
    plugin: Any, api: ComposioClient
) -> None:
    made = make_servers(api, 5, ["github"])

    first, token, _ = page(plugin, SERVER, limit=2, page_size=4)
    rest, last_token, _ = page(plugin, SERVER, continuation_token=token or "", page_size=4)

    assert first == made[:2]
    assert token
    assert rest == made[2:]
    assert last_token is None


def test_a_call_without_page_size_answers_one_page_and_a_token(
    plugin: Any, api: ComposioClient
) -> None:
    made = make_servers(api, 3, ["github"])
    first, token, _ = page(plugin, SERVER, limit=1)
    assert first == made[:1]
    assert token


def test_deleted_servers_are_never_listed(plugin: Any, api: ComposioClient) -> None:
    made = make_servers(api, 4, ["github"])
    api.delete_server(made[1][0])

    assert everything(plugin, SERVER, page_size=2)[0] == [made[0], *made[2:]]


def test_server_filters_are_composios(plugin: Any, api: ComposioClient) -> None:
    github = make_servers(api, 2, ["github"])
    slack = api.create_custom_server(CreateCustomServerRequest(name="chat", toolkits=["slack"]))

    by_toolkit, _, _ = page(plugin, SERVER, query={"toolkit": "slack"})
    by_name, _, _ = page(plugin, SERVER, query={"name": "LISTED"})

    assert by_toolkit == [(slack.id, "chat")]
    assert by_name == github


def test_auth_configs_are_listed_by_toolkit_without_deleted_ones(
    plugin: Any, api: ComposioClient
) -> None:
    ids = []
    for number in range(3):
        made = api.create_auth_config(
            CreateAuthConfigRequest(
                toolkit=ToolkitRef(slug="github"),
                auth_config=AuthConfigSpec(
                    type="use_composio_managed_auth", name=f"github config {number}"
                ),
            )
        )
        ids.append(made.auth_config.id)
    api.delete_auth_config(ids[0])

    query = {"toolkit": "github", "search": "github config"}
    listed, calls = everything(plugin, AUTH_CONFIG, query=query, page_size=1)
    seeded = everything(plugin, AUTH_CONFIG, query={"toolkit": "github"})[0]

    assert sorted(listed, key=lambda item: item[1]) == [
        (ids[1], "github config 1"),
        (ids[2], "github config 2"),
    ]
    assert calls == 2
    assert {config_id for config_id, _ in seeded} == {
        *ids[1:],
        *(known for known, toolkit in BUILT_IN.auth_configs.items() if toolkit == "github"),
    }


def test_sessions_are_listed_by_user_and_named_by_it(plugin: Any, api: ComposioClient) -> None:
    alice = api.create_session(CreateSessionRequest(user_id="alice")).session_id
    bob = api.create_session(CreateSessionRequest(user_id="bob")).session_id
    gone = api.create_session(CreateSessionRequest(user_id="alice")).session_id
    api.delete_session(gone)

    assert everything(plugin, SESSION, page_size=1)[0] == [(alice, "alice"), (bob, "bob")]
    assert page(plugin, SESSION, query={"userId": "bob"})[0] == [(bob, "bob")]


def test_an_unknown_filter_answers_computed_without_calling_composio(
    plugin: Any, emulator: RunningEmulator
) -> None:
    emulator.admin.clear_requests()
    results, token, computed = page(plugin, SERVER, query={"toolkit": UNKNOWN})
    assert (results, token, computed) == ([], None, True)
    assert api_calls(emulator.admin.requests()) == []


def test_a_filter_the_type_does_not_take_is_refused_naming_its_filters(plugin: Any) -> None:
    with pytest.raises(grpc.RpcError) as raised:
        page(plugin, SERVER, query={"userId": "alice"})
    assert "name, toolkit, authConfigId" in str(raised.value.details())
    assert "Traceback" not in str(raised.value.details())


def test_user_urls_cannot_be_listed_and_the_error_says_why(plugin: Any) -> None:
    with pytest.raises(grpc.RpcError) as raised:
        page(plugin, USER_URL)
    details = str(raised.value.details())
    assert "Composio keeps no record of the URLs it generates" in details
    assert "Traceback" not in details


def test_a_token_the_plugin_never_gave_is_refused(plugin: Any) -> None:
    with pytest.raises(grpc.RpcError) as raised:
        page(plugin, SERVER, continuation_token="not-ours")
    assert "list again without it" in str(raised.value.details())
