"""``pulumi_composio.get_*`` as a Python program calls them, over real HTTP to the emulator.

The program's ``composio:*`` stack config reaches the functions through the SDK's runtime
config (where the engine puts it), else the environment, as for the resources; the
``_output`` forms run through the SDK's own ``Output`` machinery (its mock monitor), with
an unknown argument staying unknown and calling nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pulumi
import pytest

import pulumi_composio as composio
from pulumi_composio.api.client import ComposioClient
from pulumi_composio.api.models import CreateCustomServerRequest
from pulumi_composio.emulator import BUILT_IN, EmulatorAdmin, RunningEmulator
from pulumi_composio.errors import ComposioError
from tests.support.emulator_calls import ClientFactory
from tests.support.emulator_keys import API_KEY

SLACK_TOOLS = list(BUILT_IN.toolkits["slack"].tools)


class NoResources(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        raise AssertionError("the functions register no resource")

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        raise AssertionError("the functions invoke nothing through the engine")


@pytest.fixture
def event_loop() -> Iterator[asyncio.AbstractEventLoop]:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    pulumi.runtime.set_mocks(NoResources(), preview=False)
    yield loop
    loop.close()


@pytest.fixture
def stack_config(emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``composio:apiKey`` and ``composio:baseUrl`` as the engine hands them to a program."""
    for variable in ("COMPOSIO_API_KEY", "COMPOSIO_USER_API_KEY", "COMPOSIO_BASE_URL"):
        monkeypatch.delenv(variable, raising=False)
    pulumi.runtime.set_all_config(
        {"composio:apiKey": API_KEY, "composio:baseUrl": emulator.url}, ["composio:apiKey"]
    )
    yield
    pulumi.runtime.set_all_config({}, [])


def test_plain_functions_answer_as_the_service_does(stack_config: None) -> None:
    slack = composio.get_toolkit(slug="slack")
    assert isinstance(slack, composio.GetToolkitResult)
    assert (slack.slug, slack.name, slack.tool_slugs) == ("slack", "Slack", SLACK_TOOLS)
    assert slack.composio_managed_auth is True

    tools = composio.get_tools(toolkit="slack", search="send")
    assert tools.slugs == ["SLACK_SEND_MESSAGE"]
    assert tools.tools[0] == composio.ToolSummary(
        slug="SLACK_SEND_MESSAGE",
        name=BUILT_IN.toolkits["slack"].tools["SLACK_SEND_MESSAGE"].name,
        description=BUILT_IN.toolkits["slack"].tools["SLACK_SEND_MESSAGE"].description,
    )

    config = composio.get_auth_config(id="ac_github_default")
    assert (config.toolkit, config.enabled, config.is_composio_managed) == ("github", True, True)
    assert not hasattr(config, "credentials")


def test_a_server_made_elsewhere_is_read_by_name(
    stack_config: None, make_client: ClientFactory
) -> None:
    api: ComposioClient = make_client()
    made = api.create_custom_server(CreateCustomServerRequest(name="Team Elsewhere"))

    found = composio.get_custom_mcp_server(name="Team Elsewhere")

    assert isinstance(found, composio.GetCustomMcpServerResult)
    assert (found.id, found.mcp_url) == (made.id, made.mcp_url)
    assert found.commands["cursor"] == made.commands.cursor


def test_a_failed_lookup_is_the_projects_error_and_ends_a_program_as_one_line(
    stack_config: None,
) -> None:
    with pytest.raises(composio.NothingFound) as raised:
        composio.get_toolkit(slug="slak")
    assert (
        str(raised.value) == "get_toolkit: Composio has no toolkit 'slak' (did you mean `slack`?)"
    )
    assert isinstance(raised.value, ComposioError)
    assert isinstance(raised.value, pulumi.RunError), "Pulumi's host shows it without a traceback"
    with pytest.raises(composio.InvalidArguments, match="get_custom_mcp_server: give exactly one"):
        composio.get_custom_mcp_server()


def test_the_environment_configures_them_without_stack_config(
    emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    pulumi.runtime.set_all_config({}, [])
    monkeypatch.setenv("COMPOSIO_API_KEY", API_KEY)
    monkeypatch.setenv("COMPOSIO_BASE_URL", emulator.url)
    assert composio.get_toolkit(slug="gmail").name == "Gmail"
    monkeypatch.delenv("COMPOSIO_API_KEY")
    with pytest.raises(composio.ConfigurationError, match="composio:apiKey"):
        composio.get_toolkit(slug="gmail")


def test_output_forms_take_inputs_and_answer_outputs(
    stack_config: None, event_loop: asyncio.AbstractEventLoop
) -> None:
    @pulumi.runtime.test
    def program() -> Any:
        toolkit = pulumi.Output.from_input("slack")
        tools = composio.get_tools_output(toolkit=toolkit, search=pulumi.Output.secret("send"))
        kit = composio.get_toolkit_output(slug=toolkit)

        def check(values: list[Any]) -> None:
            found, slack = values
            assert found.slugs == ["SLACK_SEND_MESSAGE"]
            assert slack.tool_slugs == SLACK_TOOLS

        return pulumi.Output.all(tools, kit).apply(check)

    program()


def test_an_unknown_input_leaves_the_output_unknown_and_calls_nothing(
    stack_config: None, event_loop: asyncio.AbstractEventLoop, admin: EmulatorAdmin
) -> None:
    @pulumi.runtime.test
    def program() -> Any:
        loop = asyncio.get_event_loop()
        value, known = loop.create_future(), loop.create_future()
        value.set_result(None)
        known.set_result(False)
        unknown: pulumi.Output[str] = pulumi.Output(set(), value, known)
        looked_up = composio.get_custom_mcp_server_output(name=unknown)

        async def check() -> None:
            assert await looked_up.is_known() is False

        return pulumi.Output.from_input(check())

    program()
    assert admin.requests() == []


def test_an_output_that_resolves_to_nothing_is_named_as_the_argument_that_came_empty(
    stack_config: None, event_loop: asyncio.AbstractEventLoop, admin: EmulatorAdmin
) -> None:
    @pulumi.runtime.test
    def program() -> Any:
        # What StackReference.get_output answers for an output the other stack lacks.
        missing_output: pulumi.Output[str | None] = pulumi.Output.from_input(None)
        return composio.get_custom_mcp_server_output(id=missing_output)

    with pytest.raises(composio.InvalidArguments) as failed:
        program()

    assert isinstance(failed.value, pulumi.RunError), "ends a program as its message alone"
    assert str(failed.value).startswith(
        "get_custom_mcp_server_output: id came empty: the value given resolved to nothing"
    )
    assert "StackReference.require_output" in str(failed.value)
    assert admin.requests() == []
