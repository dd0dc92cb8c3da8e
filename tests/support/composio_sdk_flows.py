"""Session flows of Composio's Python SDK (``composio`` 0.30), written as its docs teach them.

Run by :mod:`tests.support.composio_sdk` with the SDK's own virtualenv (this file imports
nothing of the project's): ``python composio_sdk_flows.py FLOW BASE_URL API_KEY [ARGS...]``
prints what the SDK saw as one JSON object. The SDK is unchanged: only its documented
constructor arguments point it at the emulator, and tracking is off so nothing leaves the
machine.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from composio import Composio
from composio.exceptions import SessionConfigConflictError


def _composio(base_url: str, api_key: str) -> Any:
    return Composio(api_key=api_key, base_url=base_url, allow_tracking=False, max_retries=0)


def lifecycle(composio: Any) -> dict[str, Any]:
    """create, use, update (with and without a precondition), execute, history, delete."""
    made = composio.create(
        user_id="support-bot",
        toolkits=["github", "slack"],
        tools={"github": {"enable": ["GITHUB_CREATE_ISSUE"]}},
        mcp=True,
    )
    used = composio.use(made.session_id)
    stale = used.config_version
    config = used.update(toolkits={"enable": ["slack"]}, expected_config_version=stale)
    try:
        used.update(toolkits={"enable": ["github"]}, expected_config_version=stale)
        conflict = None
    except SessionConfigConflictError as error:
        conflict = str(error)
    executed = used.execute("SLACK_SEND_MESSAGE", arguments={"channel": "#ops", "text": "hi"})
    meta = used.execute_meta(
        "COMPOSIO_SEARCH_TOOLS", arguments={"queries": [{"use_case": "send a slack message"}]}
    )
    history = used.list_config_history()
    toolkits = used.toolkits()
    deleted = composio.sessions.delete(made.session_id)
    return {
        "session_id": made.session_id,
        "created_version": made.config_version,
        "created_toolkits": made.config.toolkits.enabled,
        "created_tools": {k: v.enabled for k, v in made.config.tools.items()},
        "used_id": used.session_id,
        "updated_toolkits": config.toolkits.enabled,
        "updated_version": used.config_version,
        "conflict": conflict,
        "executed": {"data": executed.data, "result_type": executed.result_type},
        "searched": meta.data["results"][0]["primary_tool_slugs"],
        "history": [
            (item.version, item.is_current, item.config.toolkits.enabled) for item in history.items
        ],
        "toolkits": [item.slug for item in toolkits.items],
        "deleted": deleted,
    }


def mcp_session(composio: Any, preset: str) -> dict[str, Any]:
    """A session made for MCP, with or without the direct-tools preset: its URL and headers."""
    session = composio.create(
        user_id="support-bot",
        toolkits=["github"],
        tools={"github": {"enable": ["GITHUB_CREATE_ISSUE", "GITHUB_GET_A_REPOSITORY"]}},
        session_preset=preset or None,
        mcp=True,
    )
    raw = composio.client.tool_router.session.retrieve(session.session_id)
    return {
        "session_id": session.session_id,
        "url": session.mcp.url,
        "headers": session.mcp.headers,
        "tool_router_tools": raw.tool_router_tools,
    }


def enable_tools(composio: Any, session_id: str, toolkit: str, tools: str) -> dict[str, Any]:
    """A change made behind Pulumi's back, as a script would make it: ``tools`` (comma
    separated) become the toolkit's enabled tools."""
    session = composio.use(session_id)
    session.update(tools={toolkit: {"enable": tools.split(",")}})
    return {"config_version": session.config_version}


def make_project(composio: Any) -> dict[str, Any]:
    """A project as a team builds it with the SDK before adopting Pulumi: an auth config, a
    server using it, and a service user's session."""
    github = composio.auth_configs.create(
        "github", {"type": "use_composio_managed_auth", "name": "support-github"}
    )
    server = composio.mcp.create(
        "support-tools",
        toolkits=[{"toolkit": "github", "auth_config_id": github.id}],
        allowed_tools=["GITHUB_CREATE_ISSUE"],
    )
    session = composio.create(
        user_id="support-bot",
        toolkits=["github"],
        tools={"github": {"enable": ["GITHUB_CREATE_ISSUE"]}},
        auth_configs={"github": github.id},
    )
    return {"auth_config": github.id, "server": server.id, "session": session.session_id}


def bad_slug(composio: Any) -> dict[str, Any]:
    """A mistyped toolkit: the SDK's error and what it carries."""
    try:
        composio.create(user_id="support-bot", toolkits=["githb"])
    except Exception as error:  # noqa: BLE001 - the test reads which error it was
        return {"error": type(error).__name__, "message": str(error)}
    return {"error": None}


FLOWS: dict[str, Callable[..., dict[str, Any]]] = {
    "lifecycle": lifecycle,
    "mcp_session": mcp_session,
    "bad_slug": bad_slug,
    "enable_tools": enable_tools,
    "make_project": make_project,
}

if __name__ == "__main__":
    name, base_url, api_key, *rest = sys.argv[1:]
    print(json.dumps(FLOWS[name](_composio(base_url, api_key), *rest), default=str))
