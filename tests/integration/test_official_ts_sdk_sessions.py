"""Composio's TypeScript SDK, ``@composio/core`` 0.19.0, runs its session flows unchanged.

The SDK runs unchanged under Node.js (``tests/integration/composio-core-ts``, installed once by
``npm ci`` from its lockfile): one run of ``session-flow.mjs`` creates a direct-tools session,
reuses it by id, changes its tools, executes a tool, reads the config history, lists the tools
at ``session.mcp.url`` with ``session.mcp.headers`` through the official
``@modelcontextprotocol/sdk`` client before and after the update, and deletes the session. The
test reads what the script saw and what the emulator logged.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import httpx

from pulumi_composio.emulator import EmulatorAdmin, RunningEmulator
from tests.support.commands import run_command
from tests.support.emulator_keys import API_KEY
from tests.support.languages import REPO, node, npm_installed
from tests.support.missing_tools import required

FLOW = REPO / "tests" / "integration" / "composio-core-ts"
SCRIPT = "session-flow.mjs"

CREATED_TOOLS = ["GITHUB_CREATE_ISSUE", "GITHUB_GET_A_REPOSITORY", "SLACK_SEND_MESSAGE"]
UPDATED_TOOLS = ["GITHUB_GET_A_REPOSITORY", "SLACK_SEND_MESSAGE", "SLACK_LIST_ALL_CHANNELS"]


def run_session_flow(base_url: str) -> dict[str, Any]:
    """What ``session-flow.mjs`` saw, run once by Node.js against the API at ``base_url``."""
    executable = required(node)
    modules = required(lambda: npm_installed(FLOW))
    script = modules.parent / SCRIPT  # beside node_modules, where its imports resolve
    with tempfile.NamedTemporaryFile("wb", dir=modules.parent, delete=False) as copy:
        copy.write((FLOW / SCRIPT).read_bytes())
    Path(copy.name).replace(script)
    ran = run_command(
        [executable, str(script), base_url],
        cwd=modules.parent,
        env={**os.environ, "COMPOSIO_API_KEY": API_KEY},
        timeout=60,
    )
    assert ran.returncode == 0, f"the @composio/core session flow failed:\n{ran.stderr[-3000:]}"
    seen: dict[str, Any] = json.loads(ran.stdout)
    return seen


def enabled(tools: dict[str, list[str]]) -> dict[str, dict[str, list[str]]]:
    return {kit: {"enabled": slugs} for kit, slugs in tools.items()}


def test_composio_core_creates_uses_updates_executes_and_deletes_a_direct_tools_session(
    emulator: RunningEmulator, admin: EmulatorAdmin
) -> None:
    seen = run_session_flow(emulator.url)
    session_id = seen["session_id"]
    assert seen["used_id"] == session_id
    assert seen["mcp"] == {
        "type": "http",
        "url": f"{emulator.url}/tool_router/{session_id}/mcp",
        "headers": {"x-api-key": API_KEY},
    }

    created = seen["created"]
    assert created["version"] == 1
    assert created["config"]["toolkits"] == {"enabled": ["github", "slack"]}
    assert created["config"]["tools"] == enabled(
        {"github": CREATED_TOOLS[:2], "slack": CREATED_TOOLS[2:]}
    )
    preset = {key: created["config"][key] for key in ("search", "execute", "preload")}
    assert preset == {
        "search": {"enable": False},
        "execute": {"enable_multi_execute": False},
        "preload": {"tools": "all"},
    }, "sessionPreset: 'direct_tools' turns search and multi-execute off and preloads all"
    assert created["config"]["manage_connections"] == {"enabled": False}
    assert created["config"]["workbench"] == {"enable": False}
    assert seen["mcp_before_update"] == CREATED_TOOLS

    updated_tools = enabled({"github": UPDATED_TOOLS[:1], "slack": UPDATED_TOOLS[1:]})
    assert seen["updated"] == {"version": 2, "tools": updated_tools}
    assert seen["mcp_after_update"] == UPDATED_TOOLS, "the MCP list follows the update"
    assert seen["executed"]["data"] == {"ok": True, "ts": "1712345678.000100"}
    assert seen["executed"]["error"] is None
    assert seen["disabled_call"] == {"name": "BadRequestError", "status": 400}, (
        "a tool the update disabled is refused"
    )
    assert seen["history"] == [
        {"version": 2, "is_current": True, "tools": updated_tools},
        {"version": 1, "is_current": False, "tools": created["config"]["tools"]},
    ]
    assert seen["deleted"] == {"sessionId": session_id, "deleted": True}
    assert seen["used_after_delete"] == {"name": "NotFoundError", "status": 404}

    api = f"/api/v3.1/tool_router/session/{session_id}"
    mcp = f"/tool_router/{session_id}/mcp"
    listing = [("POST", mcp, 200, None), ("POST", mcp, 202, None), ("POST", mcp, 200, "tools/list")]
    # The MCP client's GET (its server-sent-event stream) is logged when the stream closes, so
    # its place in the log is the client's timing; every other call is made in turn.
    logged = [
        (r["method"], r["path"], r["status"], r.get("mcp", {}).get("method"))
        for r in admin.requests()
        if (r["method"], r["path"]) != ("GET", mcp)
    ]
    assert logged == [
        ("POST", "/api/v3.1/tool_router/session", 201, None),
        ("GET", api, 200, None),
        *listing,
        ("PATCH", api, 200, None),
        ("POST", f"{api}/execute", 200, None),
        ("POST", f"{api}/execute", 400, None),
        ("GET", f"{api}/config_history", 200, None),
        *listing,
        ("DELETE", api, 200, None),
        ("GET", api, 404, None),
    ]

    (record,) = admin.records("sessions", include_deleted=True)
    assert record["deleted"] is True
    assert record["config"]["tools"] == updated_tools
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    accept = {"accept": "application/json, text/event-stream"}
    gone = httpx.post(seen["mcp"]["url"], json=body, headers={**accept, **seen["mcp"]["headers"]})
    assert gone.status_code == 404
    assert gone.json()["error"]["slug"] == "ToolRouter_SessionNotFound"
