"""``ComposioClient``'s catalogue endpoints over real HTTP, under both API prefixes.

A toolkit of 250 tools (from a ``--catalogue`` file) takes three pages at the client's page
size, so following the cursor to the end is seen on the wire, as the lookups need it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from pulumi_composio.api.client import ComposioClient
from pulumi_composio.api.models import ComposioTool
from pulumi_composio.emulator import BUILT_IN, RunningEmulator, start_emulator
from pulumi_composio.errors import NotFound
from tests.support.emulator_keys import ADMIN_TOKEN, API_KEY, PREFIXES

BIG = [f"BIGKIT_TOOL_{n:03d}" for n in range(250)]


@pytest.fixture(scope="module")
def big_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningEmulator]:
    catalogue = tmp_path_factory.mktemp("catalogue") / "catalogue.json"
    catalogue.write_text(
        json.dumps({"toolkits": {"bigkit": {"name": "Big Kit", "tools": {s: {} for s in BIG}}}})
    )
    with start_emulator(api_key=API_KEY, admin_token=ADMIN_TOKEN, catalogue=catalogue) as running:
        yield running


@pytest.fixture(params=PREFIXES)
def big_client(
    big_emulator: RunningEmulator, request: pytest.FixtureRequest
) -> Iterator[ComposioClient]:
    big_emulator.admin.reset()
    with ComposioClient(API_KEY, base_url=big_emulator.url, api_prefix=request.param) as client:
        yield client


def tool_pages(emulator: RunningEmulator) -> list[str]:
    return [r.get("query", "") for r in emulator.admin.requests() if r["path"].endswith("/tools")]


def test_every_tool_of_a_big_toolkit_comes_back_over_three_pages(
    big_client: ComposioClient, big_emulator: RunningEmulator
) -> None:
    tools = list(big_client.list_tools(toolkit_slug="bigkit"))

    assert [t.slug for t in tools] == BIG
    assert all(isinstance(t, ComposioTool) and t.toolkit.slug == "bigkit" for t in tools)
    queries = tool_pages(big_emulator)
    assert len(queries) == 3
    assert all("toolkit_slug=bigkit" in query for query in queries), queries


def test_a_toolkit_reads_its_schemes_and_tool_count(big_client: ComposioClient) -> None:
    github = big_client.get_toolkit("github")
    assert (github.slug, github.name) == ("github", "GitHub")
    assert github.auth_schemes == ["OAUTH2", "BEARER_TOKEN"]
    assert github.composio_managed_auth is True
    assert github.meta.tools_count == len(BUILT_IN.toolkits["github"].tools)
    assert big_client.get_toolkit("bigkit").meta.tools_count == len(BIG)


def test_unknown_slugs_raise_not_found(big_client: ComposioClient) -> None:
    with pytest.raises(NotFound, match="githb"):
        big_client.get_toolkit("githb")
    with pytest.raises(NotFound, match="GITHUB_CREATE_ISSU"):
        big_client.get_tool("GITHUB_CREATE_ISSU")


def test_tools_by_slug_answer_those_that_exist(big_client: ComposioClient) -> None:
    asked = {"GITHUB_CREATE_ISSUE", "GITHUB_CREATE_ISSU", "BIGKIT_TOOL_249"}
    found = {t.slug for t in big_client.list_tools(tool_slugs=asked)}
    assert found == {"GITHUB_CREATE_ISSUE", "BIGKIT_TOOL_249"}
    assert big_client.get_tool("BIGKIT_TOOL_007").name == "Bigkit tool 007"


def test_toolkits_list_every_page_and_filter(big_client: ComposioClient) -> None:
    assert [k.slug for k in big_client.list_toolkits(page_size=2)] == [*BUILT_IN.toolkits, "bigkit"]
    assert [k.slug for k in big_client.list_toolkits(category="communication")] == [
        "slack",
        "gmail",
    ]
    assert [k.slug for k in big_client.list_toolkits(search="big")] == ["bigkit"]


def test_a_catalogue_file_written_by_hand_is_read_the_same_way(tmp_path: Path) -> None:
    """The list form of a toolkit (only slugs) gets the defaults: OAuth2, managed by Composio."""
    catalogue = tmp_path / "catalogue.json"
    catalogue.write_text(json.dumps({"toolkits": {"jira": ["JIRA_CREATE_ISSUE"]}}))
    with (
        start_emulator(api_key=API_KEY, catalogue=catalogue) as running,
        ComposioClient(API_KEY, base_url=running.url) as client,
    ):
        jira = client.get_toolkit("jira")
        assert (jira.auth_schemes, jira.composio_managed_auth) == (["OAUTH2"], True)
        assert [t.slug for t in client.list_tools(toolkit_slug="jira")] == ["JIRA_CREATE_ISSUE"]
