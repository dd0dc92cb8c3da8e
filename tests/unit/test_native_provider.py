"""The native plugin's operations, called in-process with requests the SDK itself serializes.

A program's SDK turns its inputs (plain values, secret and unknown ``Output`` values) into
the protobuf the engine forwards to the plugin; these tests build requests the same way
(``rpc.serialize_properties``) and read answers back with the SDK's deserializer, so what
is checked is what crosses the wire. No test configures an API key: nothing here may call
the API (the services would fail to find a key if they tried).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from google.protobuf import struct_pb2
from pulumi import Output
from pulumi.runtime import proto, rpc, settings
from pulumi.runtime.proto import resource_pb2

from pulumi_composio import __version__
from pulumi_composio.naming import autoname
from pulumi_composio.native.imports import ImportIdError, declared_inputs, user_url_from_id
from pulumi_composio.native.provider import NativeProvider
from pulumi_composio.native.resource_types import AUTH_CONFIG
from pulumi_composio.native.wire import decode, encode

Props = dict[str, Any]
SERVER_URN = "urn:pulumi:dev::infra::composio:index:CustomMcpServer::support"
AUTH_URN = "urn:pulumi:dev::infra::composio:index:AuthConfig::linear"
URL_URN = "urn:pulumi:dev::infra::composio:index:McpServerUserUrl::alice"


@pytest.fixture(autouse=True)
def event_loop(monkeypatch: pytest.MonkeyPatch) -> Iterator[asyncio.AbstractEventLoop]:
    # The engine tells a program's SDK it takes secrets; serialize as the SDK then does.
    features = {*settings.SETTINGS.monitor_features, resource_pb2.RESOURCE_MONITOR_FEATURE_SECRETS}
    monkeypatch.setattr(settings.SETTINGS, "monitor_features", features)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    yield loop
    loop.close()


@pytest.fixture
def provider(monkeypatch: pytest.MonkeyPatch) -> NativeProvider:
    for name in ("COMPOSIO_API_KEY", "COMPOSIO_USER_API_KEY", "COMPOSIO_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    native = NativeProvider()
    native.configure(proto.ConfigureRequest(acceptSecrets=True))
    return native


def _output(value: Any, *, known: bool = True, secret: bool = False) -> Output[Any]:
    loop = asyncio.get_event_loop()
    futures = [loop.create_future() for _ in range(3)]
    for future, result in zip(futures, (value, known, secret), strict=True):
        future.set_result(result)
    return Output(set(), *futures)


def unknown() -> Output[Any]:
    """An output of a resource that does not exist yet, as a program holds it at preview."""
    return _output(None, known=False)


def secret(value: Any) -> Output[Any]:
    return _output(value, secret=True)


def wire(props: Props) -> struct_pb2.Struct:
    """``props`` as the program's SDK sends them."""
    return asyncio.get_event_loop().run_until_complete(
        rpc.serialize_properties(props, {}, keep_output_values=False)
    )


def plain(struct: struct_pb2.Struct) -> Props:
    """An answer as the SDK reads it: secrets stay wrapped, unknowns stay unknown."""
    result: Props = rpc.deserialize_properties(struct, keep_unknowns=True)
    return result


def check(provider: NativeProvider, urn: str, news: Props, olds: Props | None = None) -> Any:
    return provider.check(proto.CheckRequest(urn=urn, olds=wire(olds or {}), news=wire(news)))


def test_check_fills_in_the_default_name_the_python_program_would_make(provider):
    response = check(provider, SERVER_URN, {"toolkits": ["slack", "github", "slack"]})

    assert list(response.failures) == []
    inputs = plain(response.inputs)
    assert inputs["name"] == autoname("support", "organization/infra/dev/support")
    assert inputs["toolkits"] == ["github", "slack"]
    assert "defaultName" not in inputs
    assert "default_name" not in inputs


def test_check_keeps_the_name_made_before(provider):
    response = check(provider, SERVER_URN, {"toolkits": ["github"]}, olds={"name": "kept-1234"})
    assert plain(response.inputs)["name"] == "kept-1234"


def test_custom_tools_are_folded_into_allowed_tools(provider):
    response = check(
        provider,
        SERVER_URN,
        {"allowedTools": ["GITHUB_CREATE_ISSUE"], "customTools": ["SLACK_SEND_MESSAGE"]},
    )
    inputs = plain(response.inputs)
    assert inputs["allowedTools"] == ["GITHUB_CREATE_ISSUE", "SLACK_SEND_MESSAGE"]
    assert "customTools" not in inputs


def test_custom_tools_warn_as_the_python_class_does_in_the_programs_names():
    warnings: list[tuple[str, str]] = []
    native = NativeProvider(warn=lambda urn, message: warnings.append((urn, message)))
    check(native, SERVER_URN, {"customTools": ["SLACK_SEND_MESSAGE"]})
    check(native, SERVER_URN, {"allowedTools": ["SLACK_SEND_MESSAGE"]})

    assert warnings == [
        (
            SERVER_URN,
            "customTools is deprecated by Composio: use allowedTools instead "
            "(the tools are merged into allowedTools)",
        )
    ]


def test_a_taken_name_names_the_adopt_input_and_the_option_as_the_program_spells_them(
    provider,
):
    message = (
        "name: a Composio MCP server named 'support' already exists (id-1); set "
        "adopt_server_id to its id; or set its delete_before_replace resource option"
    )

    assert provider.in_wire_words(SERVER_URN, message) == (
        "name: a Composio MCP server named 'support' already exists (id-1); set "
        "adoptServerId to its id; or set its deleteBeforeReplace resource option"
    )


def test_bad_input_fails_per_field_in_the_programs_property_names(provider):
    response = check(
        provider,
        SERVER_URN,
        {
            "name": "x",
            "allowedTools": "GITHUB_CREATE_ISSUE",
            "managedAuthViaComposio": "yes",
            "toolkitz": ["github"],
        },
    )

    failures = {f.property: f.reason for f in response.failures}
    assert set(failures) == {"name", "allowedTools", "managedAuthViaComposio", "toolkitz"}
    assert failures["allowedTools"].startswith("allowedTools must be a list of strings")
    assert "managedAuthViaComposio must be true or false" in failures["managedAuthViaComposio"]
    assert "too short" in failures["name"]
    assert "CustomMcpServer has no property 'toolkitz'" in failures["toolkitz"]


U = object()
"""Stands for an unknown in a parametrized case (an ``Output`` needs the test's event loop)."""


def with_unknowns(value: Any) -> Any:
    if value is U:
        return unknown()
    if isinstance(value, dict):
        return {k: with_unknowns(v) for k, v in value.items()}
    if isinstance(value, list):
        return [with_unknowns(v) for v in value]
    return value


@pytest.mark.parametrize(
    ("urn", "news"),
    [
        (SERVER_URN, {"name": U, "toolkits": U}),
        (SERVER_URN, {"toolkits": ["github", U], "authConfigIds": [U]}),
        (SERVER_URN, {"managedAuthViaComposio": U, "adoptServerId": U}),
        (AUTH_URN, {"toolkit": U, "authScheme": U, "enabled": U}),
        (AUTH_URN, {"toolkit": "linear", "authScheme": "API_KEY", "credentials": {"api_key": U}}),
        (AUTH_URN, {"toolkit": "github", "scopes": [U], "allowedTools": U}),
        (URL_URN, {"serverId": U, "userId": U}),
        (URL_URN, {"serverId": U, "connectedAccountId": "ca_1"}),
    ],
)
def test_unknowns_at_any_depth_pass_check_and_stay_unknown(provider, urn, news):
    response = check(provider, urn, with_unknowns(news))

    assert list(response.failures) == []
    assert rpc.UNKNOWN in str(response.inputs)


def test_credentials_come_back_secret_and_are_never_quoted_in_a_failure(provider):
    good = check(
        provider,
        AUTH_URN,
        {"toolkit": "linear", "authScheme": "API_KEY", "credentials": {"api_key": "lin-1"}},
    )
    assert rpc.is_rpc_secret(plain(good.inputs)["credentials"])

    bad = check(provider, AUTH_URN, {"toolkit": "linear", "credentials": {"api_key": "lin-2"}})
    (failure,) = bad.failures
    assert failure.property == ""
    assert "set authScheme" in failure.reason
    assert "lin-2" not in failure.reason


def test_a_secret_input_stays_secret_through_check(provider):
    response = check(provider, URL_URN, {"serverId": "srv_1", "userId": secret("alice")})
    assert rpc.is_rpc_secret(plain(response.inputs)["userId"])
    assert rpc.unwrap_rpc_secret(plain(response.inputs)["userId"]) == "alice"


def diff(provider: NativeProvider, urn: str, olds: Props, news: Props, **kw: Any) -> Any:
    checked = plain(check(provider, urn, news).inputs)
    request = proto.DiffRequest(
        id="id-1", urn=urn, olds=wire(olds), news=wire(checked), ignoreChanges=kw.get("ignore", [])
    )
    return provider.diff(request)


SERVER_STATE: Props = {
    "name": "Support Tools",
    "toolkits": ["github", "slack"],
    "allowedTools": ["GITHUB_CREATE_ISSUE"],
    "authConfigIds": ["ac_1"],
    "mcpUrl": "https://mcp.example/1",
    "commands": {"cursor": "c", "claude": "c", "windsurf": "w"},
}
SERVER_INPUTS: Props = {
    "name": "Support Tools",
    "toolkits": ["slack", "github"],
    "allowedTools": ["GITHUB_CREATE_ISSUE"],
    "authConfigIds": ["ac_1"],
}


def test_the_same_declaration_in_another_order_shows_no_diff(provider):
    response = diff(provider, SERVER_URN, SERVER_STATE, SERVER_INPUTS)

    assert response.changes == proto.DiffResponse.DIFF_NONE
    assert list(response.diffs) == []


def test_a_changed_list_is_reported_per_property_as_an_update_in_place(provider):
    response = diff(
        provider, SERVER_URN, SERVER_STATE, {**SERVER_INPUTS, "toolkits": ["github", "linear"]}
    )

    assert response.changes == proto.DiffResponse.DIFF_SOME
    assert list(response.diffs) == ["toolkits"]
    assert list(response.replaces) == []
    assert response.hasDetailedDiff
    assert response.detailedDiff["toolkits"].kind == proto.PropertyDiff.UPDATE
    assert response.detailedDiff["toolkits"].inputDiff


def test_ignored_properties_are_left_out_of_the_diff(provider):
    news = {**SERVER_INPUTS, "toolkits": ["github"], "name": "Renamed"}
    response = diff(provider, SERVER_URN, SERVER_STATE, news, ignore=["toolkits[0]"])
    assert list(response.diffs) == ["name"]


def test_an_unknown_at_preview_counts_as_a_change(provider):
    response = diff(
        provider, SERVER_URN, SERVER_STATE, {**SERVER_INPUTS, "authConfigIds": [unknown()]}
    )
    assert list(response.diffs) == ["authConfigIds"]


AUTH_STATE: Props = {
    "toolkit": "github",
    "name": "gh",
    "authScheme": "OAUTH2",
    "isComposioManaged": True,
    "status": "ENABLED",
    "scopes": ["repo"],
    "allowedTools": [],
    "enabled": True,
}


def test_an_auth_config_toolkit_change_replaces_and_a_scope_change_does_not(provider):
    news = {"toolkit": "slack", "name": "gh", "scopes": ["repo", "read:org"]}
    response = diff(provider, AUTH_URN, AUTH_STATE, news)

    assert list(response.diffs) == ["toolkit", "scopes"]
    assert list(response.replaces) == ["toolkit"]
    assert response.detailedDiff["toolkit"].kind == proto.PropertyDiff.UPDATE_REPLACE
    assert response.detailedDiff["scopes"].kind == proto.PropertyDiff.UPDATE


def test_switching_to_custom_auth_replaces_naming_auth_scheme(provider):
    news = {"toolkit": "github", "name": "gh", "scopes": ["repo"], "authScheme": "API_KEY"}
    response = diff(provider, AUTH_URN, AUTH_STATE, news)
    assert list(response.replaces) == ["authScheme"]


def test_any_user_url_change_replaces(provider):
    olds = {"serverId": "srv_1", "userId": "alice", "url": "https://u", "baseUrl": "https://b"}
    response = diff(provider, URL_URN, olds, {"serverId": "srv_1", "userId": "bob"})
    assert list(response.replaces) == ["userId"]
    assert response.detailedDiff["userId"].kind == proto.PropertyDiff.UPDATE_REPLACE


def test_provider_config_keeps_the_keys_secret_and_changes_in_place(provider):
    news = wire({"apiKey": "sk-plain", "baseUrl": "https://x.example", "version": __version__})
    checked = plain(provider.check_config(proto.CheckRequest(urn="", news=news)).inputs)
    assert rpc.is_rpc_secret(checked["apiKey"])
    assert not rpc.is_rpc_secret(checked["baseUrl"])

    olds = wire({"apiKey": "sk-plain", "baseUrl": "https://x.example"})
    changed = wire({"apiKey": "sk-rotated", "baseUrl": "https://x.example"})
    response = provider.diff_config(proto.DiffRequest(olds=olds, news=changed))
    assert list(response.diffs) == ["apiKey"]
    assert list(response.replaces) == []


def test_wire_values_round_trip_with_unknowns_and_secrets_at_depth():
    struct = wire(
        {
            "a": ["x", unknown()],
            "b": {"k": secret("s")},
            "c": True,
            "d": {"n": unknown()},
        }
    )
    props, secrets = decode(struct)
    assert secrets == {"b"}
    assert props["b"] == {"k": "s"}
    again = plain(encode(props, secrets))
    assert again["a"][0] == "x"
    assert again["a"][1] == rpc.UNKNOWN or type(again["a"][1]).__name__ == "Unknown"
    assert rpc.is_rpc_secret(again["b"])
    assert again["c"] is True


def test_a_user_url_id_names_its_server_and_user_for_import():
    assert user_url_from_id("srv_1/users/alice") == {"server_id": "srv_1", "user_id": "alice"}
    assert user_url_from_id("srv_1/connected_accounts/ca_1") == {
        "server_id": "srv_1",
        "connected_account_id": "ca_1",
    }
    with pytest.raises(ImportIdError, match="SERVER_ID/users/USER_ID"):
        user_url_from_id("srv_1")


def test_imported_inputs_declare_only_what_is_not_a_default():
    outputs = {
        "toolkit": "github",
        "name": "Team GitHub",
        "auth_scheme": "OAUTH2",
        "is_composio_managed": True,
        "scopes": [],
        "allowed_tools": ["GITHUB_CREATE_ISSUE"],
        "enabled": True,
        "status": "ENABLED",
        "credentials_fingerprint": None,
    }
    assert declared_inputs(AUTH_CONFIG, outputs) == {
        "toolkit": "github",
        "name": "Team GitHub",
        "allowed_tools": ["GITHUB_CREATE_ISSUE"],
    }
    custom = {**outputs, "is_composio_managed": False, "auth_scheme": "API_KEY", "enabled": False}
    assert declared_inputs(AUTH_CONFIG, custom)["auth_scheme"] == "API_KEY"
    assert declared_inputs(AUTH_CONFIG, custom)["enabled"] is False
