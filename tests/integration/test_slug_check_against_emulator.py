"""A server's check asks the emulator about new toolkit and tool slugs, over real HTTP: a
mistyped one fails with the closest known ones, unchanged ones cost no call; the native
plugin asks at the preview's ``create`` and says the same in the program's words, and its
apply asks only when Composio refused the create."""

from __future__ import annotations

from pathlib import Path

import pytest
from pulumi.dynamic import Config
from pulumi.runtime import proto

from pulumi_composio.core import catalogue, service
from pulumi_composio.core.dynamic_provider import check_and_ask
from pulumi_composio.emulator import EmulatorAdmin, RunningEmulator
from pulumi_composio.native.provider import CheckFailed, NativeProvider
from pulumi_composio.native.wire import encode
from pulumi_composio.servers.service import ServerService
from tests.support.api_log import api_calls
from tests.support.emulator_keys import API_KEY

URN = "urn:pulumi:dev::infra::composio:index:CustomMcpServer::support"


@pytest.fixture(autouse=True)
def a_fresh_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a new plugin process knows: no slug confirmed, no warning given."""
    monkeypatch.setattr(service, "_known_slugs", {})
    monkeypatch.setattr(catalogue, "_warned", set())


@pytest.fixture
def servers(emulator: RunningEmulator) -> ServerService:
    config = {"composio:apiKey": API_KEY, "composio:baseUrl": emulator.url}
    return ServerService(Config(raw_config=config, project_name="infra"))


def calls(admin: EmulatorAdmin) -> list[str]:
    return [f"{c.method} {c.path_suffix}" for c in api_calls(admin.requests())]


def test_a_new_server_asks_once_per_toolkit_and_once_for_its_tools(
    servers: ServerService, admin: EmulatorAdmin
) -> None:
    news = {"toolkits": ["github", "slack"], "allowed_tools": ["SLACK_SEND_MESSAGE"]}

    checked = check_and_ask(servers, {}, {**news, "name": "Support"})
    again = check_and_ask(servers, {}, {**news, "name": "Support Two"})

    assert (checked.problems, checked.warnings, again.problems) == ([], [], [])
    assert sorted(calls(admin)) == ["GET /toolkits/github", "GET /toolkits/slack", "GET /tools"]


def test_the_next_process_trusts_the_slugs_confirmed_to_this_one(
    servers: ServerService,
    admin: EmulatorAdmin,
    monkeypatch: pytest.MonkeyPatch,
    slugs_confirmed_in_process_stay_in_the_test: Path,
) -> None:
    news = {"name": "Support", "toolkits": ["github"], "allowed_tools": ["GITHUB_CREATE_ISSUE"]}
    check_and_ask(servers, {}, news)
    monkeypatch.setattr(service, "_known_slugs", {})  # the apply's plugin process
    admin.clear_requests()

    assert check_and_ask(servers, {}, news).problems == []

    assert calls(admin) == []
    [record] = (slugs_confirmed_in_process_stay_in_the_test / "composio").rglob("*.json")
    assert API_KEY not in record.name
    assert API_KEY not in record.read_text()


def test_an_unchanged_server_asks_nothing(servers: ServerService, admin: EmulatorAdmin) -> None:
    olds = check_and_ask(servers, {}, {"name": "Support", "toolkits": ["github"]}).inputs
    admin.clear_requests()

    assert check_and_ask(servers, olds, {"name": "Renamed", "toolkits": ["github"]}).problems == []
    assert calls(admin) == []


def test_mistyped_slugs_fail_naming_the_field_the_slug_and_what_was_meant(
    servers: ServerService,
) -> None:
    checked = check_and_ask(
        servers,
        {},
        {
            "name": "Support",
            "toolkits": ["github", "nosuchkit", "slak"],
            "allowed_tools": ["GITHUB_CREATE_ISSU", "SLACK_SEND_MESSAGE"],
        },
    )
    reasons = {problem.property: problem.reason for problem in checked.problems}
    assert reasons == {
        "toolkits": "toolkits: Composio has no toolkits 'nosuchkit', 'slak' "
        "(did you mean `slack`?)",
        "allowed_tools": "allowed_tools: Composio has no tool 'GITHUB_CREATE_ISSU' (did you mean "
        "`GITHUB_CREATE_ISSUE`?); get_tools lists the tools of a toolkit",
    }


def test_no_key_is_one_warning_and_the_check_left_to_the_apply(
    emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch, admin: EmulatorAdmin
) -> None:
    monkeypatch.delenv("COMPOSIO_API_KEY", raising=False)
    monkeypatch.delenv("COMPOSIO_USER_API_KEY", raising=False)
    keyless = ServerService(Config({"composio:baseUrl": emulator.url}, project_name="infra"))

    first = check_and_ask(keyless, {}, {"name": "Support", "toolkits": ["githb"]})
    second = check_and_ask(keyless, {}, {"name": "Other", "toolkits": ["slak"]})

    assert first.problems == second.problems == []
    (warning,) = first.warnings
    assert "No Composio API key is configured" in warning
    assert "Composio checks them when the change is applied" in warning
    assert second.warnings == []
    assert calls(admin) == []


@pytest.fixture
def plugin(emulator: RunningEmulator) -> tuple[NativeProvider, list[tuple[str, str]]]:
    warned: list[tuple[str, str]] = []
    provider = NativeProvider(lambda urn, message: warned.append((urn, message)))
    provider.configure(
        proto.ConfigureRequest(
            variables={"composio:config:apiKey": API_KEY, "composio:config:baseUrl": emulator.url}
        )
    )
    return provider, warned


def test_the_native_preview_fails_in_the_programs_words_at_create(
    plugin: tuple[NativeProvider, list[tuple[str, str]]], admin: EmulatorAdmin
) -> None:
    provider, _ = plugin
    news = {"toolkits": ["github"], "allowedTools": ["GITHUB_CREATE_ISSU"]}

    checked = provider.check(proto.CheckRequest(urn=URN, news=encode(news)))
    assert list(checked.failures) == []
    assert calls(admin) == [], "check applies the rules alone"
    with pytest.raises(CheckFailed) as failed:
        provider.create(proto.CreateRequest(urn=URN, properties=checked.inputs, preview=True))

    assert str(failed.value) == (
        "allowedTools: Composio has no tool 'GITHUB_CREATE_ISSU' (did you mean "
        "`GITHUB_CREATE_ISSUE`?); getTools lists the tools of a toolkit"
    )
    assert all(call.startswith("GET ") for call in calls(admin))


def test_the_native_apply_asks_nothing_first_and_explains_a_refused_create(
    plugin: tuple[NativeProvider, list[tuple[str, str]]], admin: EmulatorAdmin
) -> None:
    provider, _ = plugin
    good = provider.check(proto.CheckRequest(urn=URN, news=encode({"toolkits": ["github"]})))
    provider.create(proto.CreateRequest(urn=URN, properties=good.inputs))
    assert not any(call.startswith(("GET /toolkits", "GET /tools")) for call in calls(admin))

    admin.clear_requests()
    typo = provider.check(proto.CheckRequest(urn=URN + "2", news=encode({"toolkits": ["githb"]})))
    with pytest.raises(CheckFailed) as failed:
        provider.create(proto.CreateRequest(urn=URN + "2", properties=typo.inputs))

    assert str(failed.value) == "toolkits: Composio has no toolkit 'githb' (did you mean `github`?)"
    assert [call for call in calls(admin) if not call.startswith("GET ")] == [
        "POST /mcp/servers/custom"
    ], "Composio refused the create; only then was the catalogue read"


def test_the_native_preview_warns_under_the_stack_when_composio_is_out_of_reach(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    warned: list[tuple[str, str]] = []
    provider = NativeProvider(lambda urn, message: warned.append((urn, message)))
    for name in ("COMPOSIO_API_KEY", "COMPOSIO_USER_API_KEY", "COMPOSIO_BASE_URL"):
        monkeypatch.delenv(name, raising=False)

    checked = provider.check(proto.CheckRequest(urn=URN, news=encode({"toolkits": ["githb"]})))
    provider.create(proto.CreateRequest(urn=URN, properties=checked.inputs, preview=True))

    assert list(checked.failures) == []
    [(urn, message)] = warned
    assert urn == ""
    assert "were not checked against Composio at preview" in message
