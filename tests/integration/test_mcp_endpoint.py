"""The emulator's MCP endpoint, through the official ``mcp`` client and plain HTTP.

A server's per-user URL from ``POST /mcp/servers/generate`` is what an agent connects with;
these tests hold the endpoint to Composio's rules for it (user named, key sent, server live)
and to what it serves (exactly the server's tools, calls checked against their schemas).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pulumi_composio.emulator import BUILT_IN, EmulatorAdmin, RunningEmulator, start_emulator
from tests.support.api_log import api_calls, mcp_calls
from tests.support.emulator_keys import API_KEY, READ_ONLY_KEY
from tests.support.mcp_clients import call_tool, list_tools

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "raw", "version": "0"},
    },
}
MCP_HEADERS = {"accept": "application/json, text/event-stream"}


@contextlib.contextmanager
def own_emulator(**options: Any) -> Iterator[httpx.Client]:
    """Plain httpx with the write key against an emulator started with ``options``."""
    with (
        start_emulator(api_key=API_KEY, **options) as emulator,
        httpx.Client(base_url=emulator.url, headers={"x-api-key": API_KEY}) as raw,
    ):
        yield raw


def new_server(raw: httpx.Client, **body: Any) -> dict[str, Any]:
    answer = raw.post("/api/v3/mcp/servers/custom", json={"name": "agent tools", **body})
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def user_url(raw: httpx.Client, server_id: str, user_id: str = "agent-1") -> str:
    answer = raw.post(
        "/api/v3/mcp/servers/generate", json={"mcp_server_id": server_id, "user_ids": [user_id]}
    )
    assert answer.status_code == 200, answer.text
    (url,) = answer.json()["user_ids_url"]
    return str(url)


def test_urls_the_api_hands_out_point_at_the_emulator_in_composios_current_shape(
    raw: httpx.Client, emulator: RunningEmulator
) -> None:
    server = new_server(raw, toolkits=["github"])
    bare = f"{emulator.url}/v3/mcp/{server['id']}"
    assert server["mcp_url"] == bare
    assert f'"{bare}"' in server["commands"]["cursor"]
    assert raw.get(f"/api/v3/mcp/{server['id']}").json()["mcp_url"] == bare
    assert user_url(raw, server["id"], "a b") == f"{bare}?user_id=a%20b"


def test_the_official_client_lists_exactly_the_allowed_tools_with_their_schemas(
    raw: httpx.Client,
) -> None:
    allowed = ["GITHUB_CREATE_ISSUE", "SLACK_SEND_MESSAGE"]
    server = new_server(raw, toolkits=["github", "slack"], allowed_tools=allowed)
    tools = list_tools(user_url(raw, server["id"]), API_KEY)
    assert set(tools) == {"GITHUB_CREATE_ISSUE", "SLACK_SEND_MESSAGE"}
    issue = tools["GITHUB_CREATE_ISSUE"]
    assert issue["description"] == "Creates a new issue in a GitHub repository."
    assert issue["input_schema"]["required"] == ["owner", "repo", "title"]


def test_a_server_that_allows_no_tool_in_particular_serves_every_tool_of_its_toolkits(
    raw: httpx.Client,
) -> None:
    server = new_server(raw, toolkits=["linear"])
    tools = list_tools(user_url(raw, server["id"]), API_KEY)
    assert set(tools) == set(BUILT_IN.toolkits["linear"].tools)
    assert "LINEAR_DELETE_LINEAR_ISSUE" in tools, "destructive ones too: nothing filters them"


def test_an_update_shows_in_the_next_tools_list(raw: httpx.Client) -> None:
    server = new_server(raw, toolkits=["github"], allowed_tools=["GITHUB_CREATE_ISSUE"])
    url = user_url(raw, server["id"])
    assert set(list_tools(url, API_KEY)) == {"GITHUB_CREATE_ISSUE"}
    patched = raw.patch(
        f"/api/v3/mcp/{server['id']}", json={"allowed_tools": ["GITHUB_GET_A_REPOSITORY"]}
    )
    assert patched.status_code == 200, patched.text
    assert set(list_tools(url, API_KEY)) == {"GITHUB_GET_A_REPOSITORY"}


def test_a_call_answers_as_composio_does_and_the_request_log_names_the_tool(
    raw: httpx.Client, admin: EmulatorAdmin
) -> None:
    server = new_server(raw, toolkits=["github"], allowed_tools=["GITHUB_CREATE_ISSUE"])
    url = user_url(raw, server["id"], "agent-7")
    arguments = {"owner": "octocat", "repo": "hello-world", "title": "Offline"}
    answer = call_tool(url, API_KEY, "GITHUB_CREATE_ISSUE", arguments)
    assert answer["successful"] is True
    assert answer["error"] is None
    assert answer["data"]["number"] == 1347  # the catalogue's sample result
    (logged,) = mcp_calls(admin.requests())
    assert logged["tool"] == "GITHUB_CREATE_ISSUE"
    assert logged["arguments"] == arguments
    assert logged["path"] == f"/v3/mcp/{server['id']}"
    assert logged["query"] == "user_id=agent-7"
    assert not [call for call in api_calls(admin.requests()) if call.path.startswith("/v3/")]


def test_a_tool_without_a_sample_result_echoes_its_arguments(tmp_path: Path) -> None:
    catalogue = tmp_path / "catalogue.json"
    catalogue.write_text('{"toolkits": {"acme": ["ACME_PING"]}}')
    with own_emulator(catalogue=catalogue) as own:
        server = new_server(own, toolkits=["acme"])
        answer = call_tool(user_url(own, server["id"]), API_KEY, "ACME_PING", {"host": "x"})
    assert answer == {"data": {"host": "x"}, "error": None, "successful": True}


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        ({"owner": "octocat", "repo": "hello-world"}, "'title' is a required property"),
        ({"owner": "octocat", "repo": "hello-world", "title": 7}, "title: 7 is not of type"),
    ],
)
def test_arguments_that_break_the_tools_schema_are_refused_naming_the_problem(
    raw: httpx.Client, arguments: dict[str, Any], problem: str
) -> None:
    server = new_server(raw, toolkits=["github"], allowed_tools=["GITHUB_CREATE_ISSUE"])
    answer = call_tool(user_url(raw, server["id"]), API_KEY, "GITHUB_CREATE_ISSUE", arguments)
    assert answer["successful"] is False
    assert answer["data"] is None
    assert problem in answer["error"]


def test_a_tool_the_server_does_not_allow_cannot_be_called(raw: httpx.Client) -> None:
    server = new_server(raw, toolkits=["github"], allowed_tools=["GITHUB_CREATE_ISSUE"])
    answer = call_tool(user_url(raw, server["id"]), API_KEY, "GITHUB_GET_A_REPOSITORY", {})
    assert answer["successful"] is False
    assert "GITHUB_GET_A_REPOSITORY is not enabled" in answer["error"]


def test_a_request_that_names_no_user_is_400_with_composios_message(
    raw: httpx.Client, admin: EmulatorAdmin
) -> None:
    server = new_server(raw, toolkits=["github"])
    answer = raw.post(server["mcp_url"], json=INITIALIZE, headers=MCP_HEADERS)
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["message"] == "user_id or connected_account_id query parameter is required"
    assert answer.json()["error"]["status"] == 400
    (logged,) = [r for r in admin.requests() if r["path"].startswith("/v3/mcp/")]
    assert logged["status"] == 400


def test_a_connected_account_names_the_user_as_well(raw: httpx.Client) -> None:
    server = new_server(raw, toolkits=["slack"], allowed_tools=["SLACK_SEND_MESSAGE"])
    url = f"{server['mcp_url']}?connected_account_id=ca_123"
    assert set(list_tools(url, API_KEY)) == {"SLACK_SEND_MESSAGE"}


@pytest.mark.parametrize("key", [None, "ck_wrong"], ids=["no key", "wrong key"])
def test_without_the_projects_key_the_endpoint_answers_401(
    raw: httpx.Client, key: str | None
) -> None:
    server = new_server(raw, toolkits=["github"])
    headers = {**MCP_HEADERS, **({"x-api-key": key} if key else {})}
    with httpx.Client() as bare:
        answer = bare.post(user_url(raw, server["id"]), json=INITIALIZE, headers=headers)
    assert answer.status_code == 401
    assert API_KEY not in answer.text


def test_the_read_only_key_may_use_the_endpoint(raw: httpx.Client) -> None:
    server = new_server(raw, toolkits=["github"], allowed_tools=["GITHUB_CREATE_ISSUE"])
    assert set(list_tools(user_url(raw, server["id"]), READ_ONLY_KEY)) == {"GITHUB_CREATE_ISSUE"}


def test_started_without_the_key_requirement_a_client_needs_no_key() -> None:
    with own_emulator(require_mcp_api_key=False) as own:
        server = new_server(own, toolkits=["gmail"], allowed_tools=["GMAIL_SEND_EMAIL"])
        assert set(list_tools(user_url(own, server["id"]), None)) == {"GMAIL_SEND_EMAIL"}


def test_a_deleted_servers_url_is_404(raw: httpx.Client) -> None:
    server = new_server(raw, toolkits=["github"])
    url = user_url(raw, server["id"])
    assert raw.delete(f"/api/v3/mcp/{server['id']}").status_code == 200
    answer = raw.post(url, json=INITIALIZE, headers=MCP_HEADERS)
    assert answer.status_code == 404
    assert answer.json()["error"]["slug"] == "MCP_ServerNotFound"


def test_composios_host_keeps_the_shape_of_the_urls_only() -> None:
    with own_emulator(mcp_base_url="https://backend.composio.dev") as own:
        server = new_server(own, toolkits=["github"])
    assert server["mcp_url"] == f"https://backend.composio.dev/v3/mcp/{server['id']}"
