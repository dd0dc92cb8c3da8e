"""Tool tags as Composio serves them: every tool of the emulator's catalogue carries its MCP
hints (and others such as ``important``), each toolkit has a destructive tool, ``GET /tools``
returns the tags and filters by them (as the official SDK sends the filter), the client reads
them, and a session's tag filters keep what they name.
"""

from __future__ import annotations

import composio_client
import httpx

from pulumi_composio import ComposioClient
from pulumi_composio.emulator import BUILT_IN
from pulumi_composio.emulator.families.sessions.config import enabled_tools
from pulumi_composio.emulator.families.sessions.requests import SessionSettings

HINTS = {"readOnlyHint", "createHint", "updateHint", "destructiveHint"}


def listed(raw: httpx.Client, **params: object) -> dict[str, list[str]]:
    response = raw.get("/api/v3/tools", params={"limit": 1000, **params})
    assert response.status_code == 200, response.text
    return {item["slug"]: item["tags"] for item in response.json()["items"]}


def test_every_tool_carries_one_action_hint_and_each_toolkit_a_destructive_tool() -> None:
    for kit in BUILT_IN.toolkits.values():
        for tool in kit.tools.values():
            assert len(HINTS & set(tool.tags)) == 1, tool.slug
        assert any("destructiveHint" in tool.tags for tool in kit.tools.values()), kit.slug
    delete = BUILT_IN.tool("GITHUB_DELETE_A_REPOSITORY")
    assert delete is not None
    assert "destructiveHint" in delete.tags


def test_the_tool_routes_return_tags_and_filter_by_them(raw: httpx.Client) -> None:
    every = listed(raw, toolkit_slug="github")
    assert every["GITHUB_DELETE_A_REPOSITORY"] == ["destructiveHint", "idempotentHint"]
    one = raw.get("/api/v3/tools/GITHUB_CREATE_ISSUE").json()
    assert one["tags"] == ["important", "createHint", "openWorldHint"]

    destructive = listed(raw, tags="destructiveHint")
    assert len(destructive) == len(BUILT_IN.toolkits)
    assert all("destructiveHint" in tags for tags in destructive.values())
    either = listed(raw, toolkit_slug="github", tags="destructiveHint,readOnlyHint")
    assert set(either) == {
        "GITHUB_DELETE_A_REPOSITORY",
        "GITHUB_GET_A_REPOSITORY",
        "GITHUB_LIST_REPOSITORY_ISSUES",
    }
    repeated = raw.get("/api/v3/tools?tags=destructiveHint&tags=readOnlyHint&toolkit_slug=github")
    assert {item["slug"] for item in repeated.json()["items"]} == set(either)


def test_the_official_sdk_filters_by_tags(composio: composio_client.Composio) -> None:
    page = composio.tools.list(toolkit_slug="slack", tags=["destructiveHint"])
    assert [tool.slug for tool in page.items] == ["SLACK_DELETES_A_MESSAGE_FROM_A_CHAT"]
    assert page.items[0].tags == ["destructiveHint", "idempotentHint"]


def test_the_client_reads_the_tags(client: ComposioClient) -> None:
    tools = {tool.slug: tool.tags for tool in client.list_tools(toolkit_slug="gmail")}
    assert "destructiveHint" in tools["GMAIL_DELETE_MESSAGE"]
    assert "readOnlyHint" in tools["GMAIL_FETCH_EMAILS"]


def session_tools(**settings: object) -> list[str]:
    return [tool.slug for tool in enabled_tools(SessionSettings.model_validate(settings), BUILT_IN)]


def test_a_sessions_tag_filters_keep_the_tools_carrying_them() -> None:
    read_only = session_tools(toolkits={"enable": ["github"]}, tags=["readOnlyHint"])
    assert read_only == ["GITHUB_LIST_REPOSITORY_ISSUES", "GITHUB_GET_A_REPOSITORY"]
    no_deletes = session_tools(
        toolkits={"enable": ["slack"]}, tags={"disable": ["destructiveHint"]}
    )
    assert "SLACK_DELETES_A_MESSAGE_FROM_A_CHAT" not in no_deletes
    assert len(no_deletes) == len(BUILT_IN.toolkits["slack"].tools) - 1


def test_a_toolkits_own_rule_wins_over_the_sessions_tags() -> None:
    own_tags = session_tools(
        toolkits={"enable": ["github"]},
        tags=["readOnlyHint"],
        tools={"github": {"tags": ["destructiveHint"]}},
    )
    assert own_tags == ["GITHUB_DELETE_A_REPOSITORY"]
    named = session_tools(
        toolkits={"enable": ["github"]},
        tags=["readOnlyHint"],
        tools={"github": {"enable": ["GITHUB_CREATE_ISSUE"]}},
    )
    assert named == ["GITHUB_CREATE_ISSUE"], "an enable list takes precedence over tags"
