"""An agent's side of an MCP URL: the official ``mcp`` Python client over Streamable HTTP.

Each call connects afresh, as a client configured with a stack output would, sending the
key in ``x-api-key`` as Composio's MCP endpoint requires.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

__all__ = ["call_tool", "list_tools"]


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
