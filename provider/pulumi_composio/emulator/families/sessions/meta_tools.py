"""The meta-tools a session serves when it is not the direct-tools preset.

Composio's sessions hand an agent a few ``COMPOSIO_*`` tools through which it searches the
enabled tools and executes them (the ``slug`` literals of ``session_execute_meta_params``).
Which ones a session has follows from its config: search (with ``COMPOSIO_GET_TOOL_SCHEMAS``
beside it), multi-execute, the connection manager (and its wait tool when asked for), the
workbench (and its bash tool), and proxy execute. Each is described as a tool of a
``composio`` toolkit, with an input schema, so the session's ``/tools`` route and its MCP
endpoint list them like any other tool.
"""

from __future__ import annotations

from typing import Any, Final

from ...catalogue import Tool, Toolkit

__all__ = ["META_TOOLKIT", "meta_tool_slugs"]


def _object(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required}


_STRINGS: Final = {"type": "array", "items": {"type": "string"}}
_QUERIES: Final = {
    "type": "array",
    "description": "One entry per task: what the agent wants to do.",
    "items": _object(
        {"use_case": {"type": "string"}, "known_fields": {"type": "string"}}, ["use_case"]
    ),
}
_CALLS: Final = {
    "type": "array",
    "description": "The tools to run, each with its arguments.",
    "items": _object(
        {"tool_slug": {"type": "string"}, "arguments": {"type": "object"}}, ["tool_slug"]
    ),
}

_DEFINED: Final = {
    "COMPOSIO_SEARCH_TOOLS": (
        "Search tools",
        "Finds the session's tools for each use case, with their schemas.",
        _object({"queries": _QUERIES, "session": {"type": "object"}}, ["queries"]),
    ),
    "COMPOSIO_GET_TOOL_SCHEMAS": (
        "Get tool schemas",
        "Returns the full input schemas of the named tools.",
        _object({"tool_slugs": _STRINGS}, ["tool_slugs"]),
    ),
    "COMPOSIO_MULTI_EXECUTE_TOOL": (
        "Execute tools",
        "Runs one or more of the session's tools with their arguments.",
        _object({"tools": _CALLS, "thought": {"type": "string"}}, ["tools"]),
    ),
    "COMPOSIO_MANAGE_CONNECTIONS": (
        "Manage connections",
        "Checks and starts the user's connections to toolkits.",
        _object({"toolkits": _STRINGS}, ["toolkits"]),
    ),
    "COMPOSIO_WAIT_FOR_CONNECTIONS": (
        "Wait for connections",
        "Waits until the user has finished connecting the named toolkits.",
        _object({"toolkits": _STRINGS}, ["toolkits"]),
    ),
    "COMPOSIO_REMOTE_WORKBENCH": (
        "Remote workbench",
        "Runs Python code in the session's sandbox.",
        _object({"code_to_execute": {"type": "string"}}, ["code_to_execute"]),
    ),
    "COMPOSIO_REMOTE_BASH_TOOL": (
        "Remote bash",
        "Runs a shell command in the session's sandbox.",
        _object({"command": {"type": "string"}}, ["command"]),
    ),
    "COMPOSIO_PROXY_EXECUTE": (
        "Proxy execute",
        "Sends an authenticated HTTP request to a connected app's API.",
        _object(
            {
                "toolkit_slug": {"type": "string"},
                "endpoint": {"type": "string"},
                "method": {"type": "string"},
            },
            ["toolkit_slug", "endpoint", "method"],
        ),
    ),
}

META_TOOLKIT: Final = Toolkit(
    slug="composio",
    name="Composio",
    auth_schemes=(),
    composio_managed_auth=False,
    tools={
        slug: Tool(slug=slug, toolkit="composio", name=name, description=text, input_schema=schema)
        for slug, (name, text, schema) in _DEFINED.items()
    },
    description="The session's own tools: search, execute, connections, workbench.",
)
"""The meta-tools as a toolkit, so that they are shown as any tool is."""


def meta_tool_slugs(config: dict[str, Any]) -> list[str]:
    """The meta-tools of a session whose answers' ``config`` is ``config``, in a fixed order."""
    connections = config["manage_connections"]
    on = {
        "COMPOSIO_SEARCH_TOOLS": config["search"]["enable"],
        "COMPOSIO_GET_TOOL_SCHEMAS": config["search"]["enable"],
        "COMPOSIO_MULTI_EXECUTE_TOOL": config["execute"]["enable_multi_execute"],
        "COMPOSIO_MANAGE_CONNECTIONS": connections["enabled"],
        "COMPOSIO_WAIT_FOR_CONNECTIONS": connections["enabled"]
        and connections.get("enable_wait_for_connections", False),
        "COMPOSIO_REMOTE_WORKBENCH": config["workbench"]["enable"],
        "COMPOSIO_REMOTE_BASH_TOOL": config["workbench"]["enable"],
        "COMPOSIO_PROXY_EXECUTE": config.get("proxy_execute", {}).get("enable", False),
    }
    return [slug for slug in _DEFINED if on[slug]]
