"""An agent's side of an MCP URL: the official MCP clients over Streamable HTTP.

The Python ``mcp`` client, and the TypeScript ``@modelcontextprotocol/sdk`` client run by
Node.js (``tests/e2e/mcp-client-ts``, installed once by ``npm ci``). Each call connects afresh,
as a client configured with a stack output would, sending the key in ``x-api-key`` as
Composio's MCP endpoint requires.
"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from tests.support.commands import run_command
from tests.support.languages import REPO, node, npm_installed

__all__ = ["call_tool", "list_tools", "typescript_tool_names"]

TS_CLIENT = REPO / "tests" / "e2e" / "mcp-client-ts"


def _client(url: str, api_key: str | None) -> Client:
    headers = {"x-api-key": api_key} if api_key else {}
    http: httpx2.AsyncClient = create_mcp_http_client(headers=headers)
    return Client(streamable_http_client(url, http_client=http), cache=None)


def list_tools(url: str, api_key: str | None) -> dict[str, dict[str, Any]]:
    """Tool name -> ``{"description", "input_schema"}``, as the server at ``url`` lists them."""

    async def listed() -> dict[str, dict[str, Any]]:
        async with _client(url, api_key) as client:
            result = await client.list_tools()
        return {
            tool.name: {"description": tool.description, "input_schema": tool.input_schema}
            for tool in result.tools
        }

    return asyncio.run(listed())


def call_tool(url: str, api_key: str | None, name: str, arguments: dict[str, Any]) -> Any:
    """What a call of tool ``name`` answers: Composio's JSON result, decoded from its text."""

    async def called() -> Any:
        async with _client(url, api_key) as client:
            result = await client.call_tool(name, arguments)
        (content,) = result.content
        assert content.type == "text", content
        return json.loads(content.text)

    return asyncio.run(called())


def typescript_tool_names(url: str, api_key: str) -> list[str]:
    """The tool names the TypeScript SDK's client lists at ``url``, in the order served."""
    modules = npm_installed(TS_CLIENT)
    script = modules.parent / "list-tools.mjs"  # beside node_modules, where its imports resolve
    with tempfile.NamedTemporaryFile("wb", dir=modules.parent, delete=False) as copy:
        copy.write((TS_CLIENT / script.name).read_bytes())
    Path(copy.name).replace(script)
    listed = run_command(
        [node(), str(script), url],
        cwd=modules.parent,
        env={**os.environ, "COMPOSIO_API_KEY": api_key},
        timeout=120,
    )
    assert listed.returncode == 0, f"the TypeScript MCP client failed:\n{listed.stderr[-3000:]}"
    names: list[str] = json.loads(listed.stdout)
    return names
