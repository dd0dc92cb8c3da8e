"""Composio's own Python SDK, ``composio`` 0.30, runs its session flows against the emulator.

The SDK runs unchanged in a virtualenv of its own (:mod:`tests.support.composio_sdk`: its
client cannot share ``.venv`` with the dev extra's), and its client validates every answer
against ``composio-client`` 2.0.0rc19's types. An agent's side is the official ``mcp``
client, connecting to ``session.mcp.url`` with ``session.mcp.headers`` as the SDK hands them.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from pulumi_composio.emulator import EmulatorAdmin, RunningEmulator
from tests.support.composio_sdk import run_flow
from tests.support.emulator_keys import API_KEY

META_TOOLS = [
    "COMPOSIO_SEARCH_TOOLS",
    "COMPOSIO_GET_TOOL_SCHEMAS",
    "COMPOSIO_MULTI_EXECUTE_TOOL",
    "COMPOSIO_MANAGE_CONNECTIONS",
    "COMPOSIO_REMOTE_WORKBENCH",
    "COMPOSIO_REMOTE_BASH_TOOL",
]


def _agent(url: str, headers: dict[str, str]) -> Client:
    http: httpx2.AsyncClient = create_mcp_http_client(headers=headers)
    return Client(streamable_http_client(url, http_client=http), cache=None)


def listed(url: str, headers: dict[str, str]) -> list[str]:
    async def names() -> list[str]:
        async with _agent(url, headers) as client:
            return [tool.name for tool in (await client.list_tools()).tools]

    return asyncio.run(names())


def called(url: str, headers: dict[str, str], name: str, arguments: dict[str, Any]) -> Any:
    async def call() -> Any:
        async with _agent(url, headers) as client:
            result = await client.call_tool(name, arguments)
        (content,) = result.content
        assert content.type == "text", content
        return json.loads(content.text)

    return asyncio.run(call())


def test_composio_creates_uses_updates_executes_and_deletes_a_session(
    emulator: RunningEmulator, admin: EmulatorAdmin
) -> None:
    seen = run_flow("lifecycle", emulator.url, API_KEY)
    assert seen["created_version"] == 1
    assert seen["created_toolkits"] == ["github", "slack"]
    assert seen["created_tools"] == {"github": ["GITHUB_CREATE_ISSUE"]}
    assert seen["used_id"] == seen["session_id"]
    assert seen["updated_toolkits"] == ["slack"]
    assert seen["updated_version"] == 2
    assert seen["conflict"] is not None, "a stale expected_config_version must be refused"
    assert "no longer at version 1" in seen["conflict"]
    assert seen["executed"] == {
        "data": {"ok": True, "ts": "1712345678.000100"},
        "result_type": "completed",
    }
    assert seen["searched"][0] == "SLACK_SEND_MESSAGE", "the tool sharing most words first"
    assert seen["history"] == [[2, True, ["slack"]], [1, False, ["github", "slack"]]]
    assert seen["toolkits"] == ["slack"]
    assert seen["deleted"] == {"session_id": seen["session_id"], "deleted": True}

    session = f"/api/v3.1/tool_router/session/{seen['session_id']}"
    assert [(r["method"], r["path"], r["status"]) for r in admin.requests()] == [
        ("POST", "/api/v3.1/tool_router/session", 201),
        ("GET", session, 200),
        ("PATCH", session, 200),
        ("PATCH", session, 409),
        ("POST", f"{session}/execute", 200),
        ("POST", f"{session}/execute_meta", 200),
        ("GET", f"{session}/config_history", 200),
        ("GET", f"{session}/toolkits", 200),
        ("DELETE", session, 200),
    ]
    (record,) = admin.records("sessions", include_deleted=True)
    assert record["deleted"] is True
    assert record["config"]["toolkits"] == {"enabled": ["slack"]}, (
        "the stale update changed nothing"
    )


def test_a_direct_tools_sessions_mcp_url_lists_exactly_its_enabled_tools(
    emulator: RunningEmulator, admin: EmulatorAdmin
) -> None:
    seen = run_flow("mcp_session", emulator.url, API_KEY, "direct_tools")
    assert seen["headers"] == {"x-api-key": API_KEY}
    assert seen["url"] == f"{emulator.url}/tool_router/{seen['session_id']}/mcp"
    enabled = ["GITHUB_CREATE_ISSUE", "GITHUB_GET_A_REPOSITORY"]
    assert seen["tool_router_tools"] == enabled
    assert listed(seen["url"], seen["headers"]) == enabled

    answer = called(
        seen["url"], seen["headers"], "GITHUB_GET_A_REPOSITORY", {"owner": "o", "repo": "r"}
    )
    assert answer["successful"] is True
    assert answer["data"]["full_name"] == "octocat/hello-world"
    calls = [r["mcp"] for r in admin.requests() if r.get("mcp", {}).get("method") == "tools/call"]
    assert calls == [
        {
            "method": "tools/call",
            "tool": "GITHUB_GET_A_REPOSITORY",
            "arguments": {"owner": "o", "repo": "r"},
        }
    ]


def test_a_sessions_mcp_url_without_the_preset_serves_its_meta_tools(
    emulator: RunningEmulator,
) -> None:
    seen = run_flow("mcp_session", emulator.url, API_KEY, "")
    assert seen["tool_router_tools"] == META_TOOLS
    assert listed(seen["url"], seen["headers"]) == META_TOOLS

    found = called(
        seen["url"],
        seen["headers"],
        "COMPOSIO_SEARCH_TOOLS",
        {"queries": [{"use_case": "create an issue on github"}]},
    )
    assert found["data"]["results"][0]["primary_tool_slugs"][0] == "GITHUB_CREATE_ISSUE"
    ran = called(
        seen["url"],
        seen["headers"],
        "COMPOSIO_MULTI_EXECUTE_TOOL",
        {
            "tools": [
                {
                    "tool_slug": "GITHUB_CREATE_ISSUE",
                    "arguments": {"owner": "o", "repo": "r", "title": "t"},
                },
                {"tool_slug": "SLACK_SEND_MESSAGE", "arguments": {"channel": "#x", "text": "t"}},
            ]
        },
    )
    results = ran["data"]["results"]
    assert results[0]["response"]["data"]["number"] == 1347
    assert results[1]["response"]["successful"] is False, "slack is not enabled in the session"


def test_a_sessions_mcp_url_refuses_no_key_and_is_gone_once_deleted(
    emulator: RunningEmulator,
) -> None:
    seen = run_flow("mcp_session", emulator.url, API_KEY, "direct_tools")
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    accept = {"accept": "application/json, text/event-stream"}
    with httpx.Client(timeout=10) as http:
        assert http.post(seen["url"], json=body, headers=accept).status_code == 401
        wrong = {**accept, "x-api-key": "ck_wrong"}
        assert http.post(seen["url"], json=body, headers=wrong).status_code == 401
        deleted = http.delete(
            f"{emulator.url}/api/v3.1/tool_router/session/{seen['session_id']}",
            headers={"x-api-key": API_KEY},
        )
        assert deleted.status_code == 200
        gone = http.post(seen["url"], json=body, headers={**accept, **seen["headers"]})
        assert gone.status_code == 404
        assert gone.json()["error"]["slug"] == "ToolRouter_SessionNotFound"


def test_a_mistyped_toolkit_fails_the_sdks_create_with_composios_error(
    emulator: RunningEmulator,
) -> None:
    seen = run_flow("bad_slug", emulator.url, API_KEY)
    assert seen["error"] is not None
    assert "githb" in seen["message"]
