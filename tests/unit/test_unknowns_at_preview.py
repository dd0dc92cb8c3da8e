"""Unknown inputs at preview, through the SDK's own serialization and dynamic-provider host.

During ``pulumi preview`` (and the preview a plain ``pulumi up`` runs first) an input wired
from another resource's output is unknown. The program's SDK serializes it as the engine's
unknown sentinel; the dynamic-provider host (``pulumi.dynamic.__main__``) deserializes it
into :class:`pulumi.output.Unknown` objects before our provider sees it. These tests go
through exactly those two pieces of the real SDK: unknown ``Output`` values, whole or inside
a list or a mapping, serialized by ``rpc.serialize_properties``, handed to the host's
``Check`` and ``Diff`` as the engine sends them.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import hypothesis.strategies as st
import pytest
from google.protobuf import json_format
from hypothesis import given, settings
from pulumi import Output
from pulumi.dynamic import ResourceProvider
from pulumi.runtime import proto, rpc

from pulumi_composio.auth_configs.provider import AuthConfigProvider
from pulumi_composio.custom_toolkits.provider import CustomToolkitProvider
from pulumi_composio.project_settings.provider import ProjectSettingsProvider
from pulumi_composio.servers.provider import CustomMcpServerProvider
from pulumi_composio.sessions.provider import SessionProvider
from pulumi_composio.triggers.provider import TriggerProvider
from pulumi_composio.user_urls.provider import McpServerUserUrlProvider
from pulumi_composio.webhook_subscriptions.provider import WebhookSubscriptionProvider
from tests.support.dynamic_host import Engine, Props


def unknown() -> Output[Any]:
    """An output of a resource that does not exist yet, as a program holds it at preview."""
    loop = asyncio.get_event_loop()
    value: asyncio.Future[Any] = loop.create_future()
    value.set_result(None)
    known: asyncio.Future[bool] = loop.create_future()
    known.set_result(False)
    secret: asyncio.Future[bool] = loop.create_future()
    secret.set_result(False)
    return Output(set(), value, known, secret)


@pytest.fixture(autouse=True)
def event_loop() -> Any:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    yield loop
    loop.close()


SERVER: Props = {
    "name": "Support Tools",
    "toolkits": ["github", "slack"],
    "allowed_tools": ["GITHUB_CREATE_ISSUE"],
    "custom_tools": ["SLACK_SEND_MESSAGE"],
    "auth_config_ids": ["ac_github_default", "ac_slack_default"],
    "managed_auth_via_composio": True,
    "adopt_server_id": "srv_1",
    "default_name": "support-tools-abc1234",
}
AUTH_CONFIG: Props = {
    "toolkit": "linear",
    "name": "support linear",
    "auth_scheme": "API_KEY",
    "credentials": {"api_key": "lin-key", "region": "eu"},
    "scopes": ["read", "write"],
    "allowed_tools": ["LINEAR_CREATE_ISSUE"],
    "enabled": True,
    "adopt_auth_config_id": "ac_1",
    "default_name": "linear-abc1234",
}
USER_URL: Props = {
    "server_id": "srv_1",
    "user_id": "support-bot",
    "managed_auth_by_composio": True,
}
SESSION: Props = {
    "user_id": "support-bot",
    "toolkits": ["github", "slack"],
    "tools": {"github": {"enable": ["GITHUB_CREATE_ISSUE"]}},
    "tags": ["readOnlyHint"],
    "auth_configs": {"github": "ac_github_default"},
    "connected_accounts": {"github": ["ca_1"]},
    "multi_account": {"enable": True},
    "direct_tools": True,
    "adopt_session_id": "trs_1",
}
TRIGGER: Props = {
    "slug": "GITHUB_ISSUE_ADDED_EVENT",
    "user_id": "support-bot",
    "connected_account_id": "ca_1",
    "trigger_config": {"owner": "acme", "repo": "api"},
    "toolkit_versions": {"github": "20250905_00"},
    "enabled": False,
    "adopt_trigger_id": "ti_1",
}
WEBHOOK_SUBSCRIPTION: Props = {
    "webhook_url": "https://hooks.example.com/composio",
    "enabled_events": ["composio.trigger.message"],
    "version": "V3",
    "keepers": {"rotated": "2026-01"},
    "adopt_webhook_subscription_id": "whs_1",
}
PROJECT_SETTINGS: Props = {
    "require_mcp_api_key": True,
    "mask_secret_keys_in_connected_account": True,
    "log_visibility_setting": "dont_store_data",
    "is_2fa_enabled": False,
    "display_name": "Acme",
    "logo_url": "https://acme.example/logo.png",
}
CUSTOM_TOOLKIT: Props = {
    "slug": "acme_docs",
    "name": "Acme Docs",
    "app_url": "https://mcp.acme.example/mcp",
    "auth_schemes": {"API_KEY": {"headers": {"Authorization": "Bearer {{generic_api_key}}"}}},
}
RESOURCES: dict[str, tuple[Callable[[], ResourceProvider], Props]] = {
    "CustomMcpServer": (CustomMcpServerProvider, SERVER),
    "AuthConfig": (AuthConfigProvider, AUTH_CONFIG),
    "McpServerUserUrl": (McpServerUserUrlProvider, USER_URL),
    "Session": (SessionProvider, SESSION),
    "Trigger": (TriggerProvider, TRIGGER),
    "WebhookSubscription": (WebhookSubscriptionProvider, WEBHOOK_SUBSCRIPTION),
    "ProjectSettings": (ProjectSettingsProvider, PROJECT_SETTINGS),
    "CustomToolkit": (CustomToolkitProvider, CUSTOM_TOOLKIT),
}


LANDS_IN = {"custom_tools": "allowed_tools"}
"""Where check puts an input it folds into another."""


def unknown_places(props: Props) -> list[str]:
    """Every input as a whole, each list element (``key[i]``) and mapping value (``key.k``)."""
    places = []
    for key, value in props.items():
        places.append(key)
        if isinstance(value, list):
            places += [f"{key}[{index}]" for index in range(len(value))]
        if isinstance(value, dict):
            places += [f"{key}.{inner}" for inner in value]
    return places


def with_unknown(props: Props, place: str) -> Props:
    """``props`` with the input, list element or mapping value at ``place`` unknown."""
    key, _, rest = place.partition("[")
    if rest:
        index = int(rest.rstrip("]"))
        items = [unknown() if i == index else item for i, item in enumerate(props[key])]
        return {**props, key: items}
    key, _, inner = place.partition(".")
    if inner:
        return {**props, key: {**props[key], inner: unknown()}}
    return {**props, key: unknown()}


CASES = [
    pytest.param(kind, place, id=f"{kind}.{place}")
    for kind, (_, props) in RESOURCES.items()
    for place in unknown_places(props)
]
NOT_COMPARED = (
    "adopt_server_id",
    "adopt_auth_config_id",
    "adopt_session_id",
    "adopt_trigger_id",
    "adopt_webhook_subscription_id",
    "default_name",
)
"""Inputs a diff never compares: an adoption id matters only to the create (removing it
later changes nothing), and the default name is derived from the resource's own name."""
DIFF_CASES = [case for case in CASES if case.values[1] not in NOT_COMPARED]


@pytest.mark.parametrize(("kind", "place"), CASES)
def test_an_unknown_input_passes_check_and_stays_unknown(kind: str, place: str):
    provider, props = RESOURCES[kind]
    engine = Engine(provider())
    response = engine.check(with_unknown(props, place))
    assert list(response.failures) == []
    on_the_wire = json_format.MessageToDict(response.inputs)
    prop = place.split("[")[0].split(".")[0]
    assert rpc.UNKNOWN in json.dumps(on_the_wire[LANDS_IN.get(prop, prop)])


@pytest.mark.parametrize(("kind", "place"), DIFF_CASES)
def test_an_unknown_input_shows_as_a_change_in_the_diff(kind: str, place: str):
    provider, props = RESOURCES[kind]
    engine = Engine(provider())
    checked_olds = rpc.deserialize_properties(engine.check(props).inputs)
    news = with_unknown(props, place)
    checked_news = rpc.deserialize_properties(engine.check(news).inputs, keep_unknowns=True)
    olds = {k: v for k, v in checked_olds.items() if k != "__provider"}
    news_in = {
        k: (unknown() if rpc.contains_unknowns(v) else v)
        for k, v in checked_news.items()
        if k != "__provider"
    }
    response = engine.diff(olds, news_in)
    assert response.changes == proto.DiffResponse.DIFF_SOME


def test_an_unknown_toolkit_or_scheme_may_replace_an_auth_config():
    engine = Engine(AuthConfigProvider())
    olds = rpc.deserialize_properties(engine.check(AUTH_CONFIG).inputs)
    olds = {**olds, "is_composio_managed": False}
    olds.pop("__provider")
    for prop in ("toolkit", "auth_scheme"):
        response = engine.diff(olds, {**olds, prop: unknown()})
        assert prop in response.replaces


def test_known_elements_beside_an_unknown_one_are_still_checked():
    engine = Engine(CustomMcpServerProvider())
    response = engine.check({**SERVER, "auth_config_ids": [unknown(), "not an id!"]})
    assert [f.reason.split(" ")[0] for f in response.failures] == ["auth_config_ids[1]"]


@st.composite
def partly_unknown(draw: st.DrawFn, props: Props) -> Props:
    """Some inputs whole-unknown, some list elements or mapping values unknown."""
    out: Props = {}
    for key, value in props.items():
        if draw(st.booleans()):
            out[key] = unknown() if draw(st.booleans()) else value
        elif isinstance(value, list):
            out[key] = [unknown() if draw(st.booleans()) else item for item in value]
        elif isinstance(value, dict):
            out[key] = {k: unknown() if draw(st.booleans()) else v for k, v in value.items()}
        else:
            out[key] = value
    return out


@pytest.mark.parametrize("kind", list(RESOURCES))
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_any_mix_of_unknown_inputs_passes_check(kind: str, data: st.DataObject):
    provider, props = RESOURCES[kind]
    news = data.draw(partly_unknown(props))
    response = Engine(provider()).check(news)
    assert list(response.failures) == []
