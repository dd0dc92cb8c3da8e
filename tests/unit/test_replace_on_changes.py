"""``replace_on_changes`` on our resources, through the real SDK on both sides.

The engine applies the option to the property names a provider's diff reports as changed;
the SDK's dynamic-provider host reports none, so the option reaches the provider as a
hidden input instead and the diff names the properties that replace. These tests follow it
from the program (the resource classes, registered through the SDK's mock monitor) to the
answer the SDK's own dynamic-provider host gives the engine.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pulumi
import pytest
from pulumi.runtime import proto, rpc

from pulumi_composio import AuthConfig, CustomMcpServer
from pulumi_composio.auth_configs.inputs import check_inputs as check_auth_config
from pulumi_composio.auth_configs.inputs import credentials_fingerprint, diff_inputs
from pulumi_composio.auth_configs.provider import AuthConfigProvider
from pulumi_composio.core.input_rules import (
    REPLACE_ON_CHANGES,
    replace_on_changes_problems,
    requested_replacements,
)
from pulumi_composio.servers.inputs import check_inputs as check_server
from pulumi_composio.servers.provider import CustomMcpServerProvider
from tests.support.dynamic_host import Engine


class Recorder(pulumi.runtime.Mocks):
    """The SDK's mock monitor, keeping the inputs each resource registered with."""

    def __init__(self) -> None:
        self.inputs: dict[str, dict[str, Any]] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.inputs[args.name] = args.inputs
        return f"{args.name}-id", args.inputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        return {}


@pytest.fixture(autouse=True)
def event_loop() -> Iterator[asyncio.AbstractEventLoop]:
    """The SDK serializes on the current event loop, as in a program."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    yield loop
    loop.close()


@pytest.fixture
def recorder() -> Recorder:
    mocks = Recorder()
    pulumi.runtime.set_mocks(mocks, preview=False)
    return mocks


def test_each_resource_passes_its_replace_on_changes_option_as_an_input(recorder: Recorder):
    @pulumi.runtime.test
    def program() -> None:
        CustomMcpServer(
            "renamed",
            toolkits=["github"],
            opts=pulumi.ResourceOptions(replace_on_changes=["name"]),
        )
        CustomMcpServer("plain", toolkits=["github"])
        AuthConfig(
            "any",
            toolkit="github",
            opts=pulumi.ResourceOptions(replace_on_changes=["*"], protect=True),
        )

    program()

    assert recorder.inputs["renamed"][REPLACE_ON_CHANGES] == ["name"]
    assert REPLACE_ON_CHANGES not in recorder.inputs["plain"]
    assert recorder.inputs["any"][REPLACE_ON_CHANGES] == ["*"]


SERVER = {"name": "Support Tools", "toolkits": ["github"], "default_name": "support-abc1234"}


def server_diff(news: dict[str, Any]) -> proto.DiffResponse:
    """The host's answer for a server recorded as ``SERVER`` and declared as ``news``."""
    engine = Engine(CustomMcpServerProvider())
    olds = rpc.deserialize_properties(engine.check(SERVER).inputs)
    olds.pop("__provider")
    checked = rpc.deserialize_properties(engine.check(news).inputs)
    checked.pop("__provider")
    return engine.diff(olds, checked)


@pytest.mark.parametrize(
    ("option", "replaces"),
    [
        (None, []),
        (["name"], ["name"]),
        (["toolkits"], ["toolkits"]),
        (["allowed_tools"], []),
        (["*"], ["name", "toolkits"]),
    ],
)
def test_the_host_tells_the_engine_which_changed_properties_replace_a_server(
    option: list[str] | None, replaces: list[str]
):
    news = {**SERVER, "name": "Support Tools Two", "toolkits": ["github", "slack"]}
    if option is not None:
        news[REPLACE_ON_CHANGES] = option

    response = server_diff(news)

    assert response.changes == proto.DiffResponse.DIFF_SOME
    assert list(response.replaces) == replaces


def test_an_unchanged_property_named_by_the_option_replaces_nothing():
    response = server_diff({**SERVER, REPLACE_ON_CHANGES: ["*"]})
    assert response.changes == proto.DiffResponse.DIFF_NONE
    assert list(response.replaces) == []


def test_an_auth_config_adds_the_option_to_what_replaces_it_by_nature():
    engine = Engine(AuthConfigProvider())
    declared = {"toolkit": "linear", "name": "tickets", "default_name": "tickets-abc1234"}
    olds = rpc.deserialize_properties(engine.check(declared).inputs)
    olds = {**olds, "is_composio_managed": True}
    olds.pop("__provider")
    news = {**olds, "toolkit": "github", "enabled": False, REPLACE_ON_CHANGES: ["enabled"]}

    response = engine.diff(olds, news)

    assert sorted(response.replaces) == ["enabled", "toolkit"]


def test_a_rotated_credential_replaces_a_config_only_when_the_option_names_it():
    inputs, problems = check_auth_config(
        {},
        {
            "toolkit": "linear",
            "auth_scheme": "API_KEY",
            "credentials": {"api_key": "k-1"},
            "default_name": "linear-abc1234",
        },
    )
    assert problems == []
    olds = {**inputs, "credentials_fingerprint": credentials_fingerprint({"api_key": "k-1"})}
    rotated = {**inputs, "credentials": {"api_key": "k-2"}}

    assert diff_inputs(olds, rotated).replaces == []
    assert diff_inputs(olds, {**rotated, REPLACE_ON_CHANGES: ["credentials"]}).replaces == [
        "credentials"
    ]


def test_replacements_follow_the_diffs_order_and_star_takes_every_change():
    changed = ["name", "toolkits", "allowed_tools"]
    assert requested_replacements(changed, {REPLACE_ON_CHANGES: ["allowed_tools", "name"]}) == [
        "name",
        "allowed_tools",
    ]
    assert requested_replacements(changed, {REPLACE_ON_CHANGES: ["*"]}) == changed
    assert requested_replacements(changed, {}) == []


@pytest.mark.parametrize(
    ("option", "says"),
    [
        (["nmae"], "replace_on_changes: 'nmae' is not an input: use one of name, toolkits"),
        (["toolkits[0]"], "this provider compares 'toolkits' whole, so name 'toolkits' itself"),
        (["name.first"], "this provider compares 'name' whole, so name 'name' itself"),
        ("name", "replace_on_changes must be a list of input names, not the string 'name'"),
    ],
)
def test_an_option_naming_no_input_fails_check_saying_what_to_name(option: Any, says: str):
    _, problems = check_server({}, {**SERVER, REPLACE_ON_CHANGES: option})
    assert [p.property for p in problems] == [REPLACE_ON_CHANGES]
    assert says in problems[0].reason


def test_an_auth_config_option_may_name_what_replaces_it_anyway_and_nothing_else():
    base = {"toolkit": "linear", "default_name": "linear-abc1234"}
    for fine in (["toolkit", "auth_scheme", "credentials", "enabled"], ["*"]):
        assert check_auth_config({}, {**base, REPLACE_ON_CHANGES: fine})[1] == []
    _, problems = check_auth_config({}, {**base, REPLACE_ON_CHANGES: ["status"]})
    assert "'status' is not an input" in problems[0].reason
    assert replace_on_changes_problems(None, ["name"]) == []
