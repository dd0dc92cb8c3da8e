"""The lookup service over real HTTP to the emulator: what each function answers, the errors
that name what was looked up, and how many calls each makes (a function runs at every
preview, so the count is part of its contract)."""

from __future__ import annotations

import pytest
from pulumi.dynamic import Config

from pulumi_composio.api.client import ComposioClient
from pulumi_composio.api.models import (
    AuthConfigSpec,
    CreateAuthConfigRequest,
    CreateCustomServerRequest,
    ToolkitRef,
)
from pulumi_composio.emulator import BUILT_IN, EmulatorAdmin, RunningEmulator
from pulumi_composio.errors import ConfigurationError, DuplicateName, InvalidArguments, NothingFound
from pulumi_composio.lookups.service import LookupService
from tests.support.api_log import api_calls
from tests.support.emulator_calls import ClientFactory
from tests.support.emulator_keys import API_KEY

GITHUB_TOOLS = list(BUILT_IN.toolkits["github"].tools)


@pytest.fixture
def lookups(emulator: RunningEmulator) -> LookupService:
    config = {"composio:apiKey": API_KEY, "composio:baseUrl": emulator.url}
    return LookupService(Config(raw_config=config, project_name="e2e"))


@pytest.fixture
def api(make_client: ClientFactory) -> ComposioClient:
    return make_client()


def calls(admin: EmulatorAdmin) -> list[tuple[str, str]]:
    return [(call.method, call.path_suffix) for call in api_calls(admin.requests())]


def test_get_toolkit_answers_its_auth_and_every_tool_in_two_calls(
    lookups: LookupService, admin: EmulatorAdmin
) -> None:
    assert lookups.get_toolkit("github") == {
        "slug": "github",
        "name": "GitHub",
        "auth_schemes": ["OAUTH2", "BEARER_TOKEN"],
        "composio_managed_auth": True,
        "tool_slugs": GITHUB_TOOLS,
    }
    assert calls(admin) == [("GET", "/toolkits/github"), ("GET", "/tools")]


def test_an_unknown_toolkit_names_it_and_the_closest_one(
    lookups: LookupService, admin: EmulatorAdmin
) -> None:
    with pytest.raises(NothingFound) as raised:
        lookups.get_toolkit("githb")
    assert (
        str(raised.value) == "get_toolkit: Composio has no toolkit 'githb' (did you mean `github`?)"
    )
    with pytest.raises(NothingFound, match=r"get_tools: Composio has no toolkit 'slak'.*`slack`"):
        lookups.get_tools("slak")


def test_get_tools_filters_and_answers_slugs_and_descriptions(
    lookups: LookupService, admin: EmulatorAdmin
) -> None:
    found = lookups.get_tools("github", search="issue")
    assert found["slugs"] == ["GITHUB_CREATE_ISSUE", "GITHUB_LIST_REPOSITORY_ISSUES"]
    create = BUILT_IN.tool("GITHUB_CREATE_ISSUE")
    assert create is not None
    assert found["tools"][0] == {
        "slug": "GITHUB_CREATE_ISSUE",
        "name": create.name,
        "description": create.description,
    }
    assert lookups.get_tools("github")["slugs"] == GITHUB_TOOLS
    assert calls(admin) == [("GET", "/tools"), ("GET", "/tools")]


def test_get_tools_with_no_match_is_empty_after_one_more_call(
    lookups: LookupService, admin: EmulatorAdmin
) -> None:
    assert lookups.get_tools("github", search="no such words") == {"slugs": [], "tools": []}
    assert calls(admin) == [("GET", "/tools"), ("GET", "/toolkits/github")]


def test_a_server_is_found_by_its_exact_name_over_every_page(
    lookups: LookupService, api: ComposioClient, admin: EmulatorAdmin
) -> None:
    for n in range(55):
        api.create_custom_server(CreateCustomServerRequest(name=f"Ops Team {n:02d}"))
    made = api.create_custom_server(
        CreateCustomServerRequest(
            name="Ops Team", toolkits=["slack"], allowed_tools=["SLACK_SEND_MESSAGE"]
        )
    )
    api.create_custom_server(CreateCustomServerRequest(name="OPS TEAM"))
    admin.clear_requests()

    found = lookups.get_custom_mcp_server(name="Ops Team")
    assert calls(admin) == [("GET", "/mcp/servers"), ("GET", "/mcp/servers")], "57 matches: 2 pages"

    live = api.get_server(made.id)
    assert found == {
        "id": made.id,
        "name": "Ops Team",
        "toolkits": ["slack"],
        "allowed_tools": ["SLACK_SEND_MESSAGE"],
        "auth_config_ids": [],
        "mcp_url": live.mcp_url,
        "commands": live.commands.model_dump(),
    }
    assert lookups.get_custom_mcp_server(id=made.id) == found


def test_a_name_no_server_has_or_several_have_is_an_error_naming_it(
    lookups: LookupService, api: ComposioClient
) -> None:
    api.create_custom_server(CreateCustomServerRequest(name="Support Tools"))
    with pytest.raises(
        NothingFound, match=r"no live Composio MCP server is named 'support tools'.*'Support Tools'"
    ):
        lookups.get_custom_mcp_server(name="support tools")
    twin = api.create_custom_server(CreateCustomServerRequest(name="Support Tools")).id
    with pytest.raises(DuplicateName) as raised:
        lookups.get_custom_mcp_server(name="Support Tools")
    assert twin in raised.value.ids
    assert len(raised.value.ids) == 2


def test_a_deleted_or_unknown_server_id_is_an_error_naming_it(
    lookups: LookupService, api: ComposioClient
) -> None:
    gone = api.create_custom_server(CreateCustomServerRequest(name="Short Lived")).id
    api.delete_server(gone)
    for server_id in (gone, "mcp_nothing"):
        with pytest.raises(NothingFound, match=f"no live Composio MCP server has id '{server_id}'"):
            lookups.get_custom_mcp_server(id=server_id)


def test_get_auth_config_answers_its_outputs_and_no_credential(
    lookups: LookupService, api: ComposioClient, admin: EmulatorAdmin
) -> None:
    secret = "lin_api_LOOKUP-0123456789"
    made = api.create_auth_config(
        CreateAuthConfigRequest(
            toolkit=ToolkitRef(slug="linear"),
            auth_config=AuthConfigSpec(
                type="use_custom_auth",
                name="Linear Key",
                auth_scheme="API_KEY",
                credentials={"api_key": secret},
            ),
        )
    ).auth_config.id
    admin.clear_requests()

    found = lookups.get_auth_config(made)

    assert found["id"] == made
    assert (found["toolkit"], found["name"], found["auth_scheme"]) == (
        "linear",
        "Linear Key",
        "API_KEY",
    )
    assert (found["is_composio_managed"], found["status"], found["enabled"]) == (
        False,
        "ENABLED",
        True,
    )
    assert found["created_at"]
    assert "credentials" not in found
    assert secret not in repr(found)
    assert calls(admin) == [("GET", f"/auth_configs/{made}")]
    with pytest.raises(
        NothingFound, match="get_auth_config: no Composio auth config has id 'ac_none'"
    ):
        lookups.get_auth_config("ac_none")


def test_bad_arguments_fail_before_any_call(lookups: LookupService, admin: EmulatorAdmin) -> None:
    with pytest.raises(InvalidArguments, match="get_toolkit: slug must be"):
        lookups.get_toolkit("")
    with pytest.raises(InvalidArguments, match="get_custom_mcp_server: give exactly one"):
        lookups.get_custom_mcp_server()
    with pytest.raises(InvalidArguments, match="get_auth_config: id must be"):
        lookups.get_auth_config(None)
    assert calls(admin) == []


def test_a_lookup_rides_out_rate_limits_as_the_resources_do(
    lookups: LookupService, admin: EmulatorAdmin
) -> None:
    admin.set_faults(status_rates={429: 0.5}, retry_after_seconds=0.05, seed=7)
    for _ in range(4):
        assert lookups.get_toolkit("slack")["name"] == "Slack"
    statuses = [call.status for call in api_calls(admin.requests())]
    assert 429 in statuses
    assert statuses.count(200) == 8


def test_no_key_is_a_configuration_error_saying_how_to_set_it(
    emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COMPOSIO_API_KEY", raising=False)
    monkeypatch.delenv("COMPOSIO_USER_API_KEY", raising=False)
    lookups = LookupService(Config(raw_config={"composio:baseUrl": emulator.url}, project_name=""))
    with pytest.raises(ConfigurationError, match="pulumi config set --secret composio:apiKey"):
        lookups.get_toolkit("github")
