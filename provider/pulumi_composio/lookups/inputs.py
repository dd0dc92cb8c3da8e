"""The lookups' decisions as plain functions: which arguments they take, and what they answer.

Each function's result is a plain mapping under the services' (snake_case) names, the same
for the Python functions and the native plugin's ``Invoke``, which renames them. Results
hold no secret: an auth config's answer leaves its credentials out altogether, not even as
a redacted placeholder, since a program that needs them already has them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from ..api.models import (
    ComposioAuthConfig,
    ComposioTool,
    ComposioToolkit,
    McpServer,
    TriggerType,
    WebhookEventType,
)
from ..core.input_rules import describe
from ..errors import DuplicateName, InvalidArguments, NothingFound

__all__ = [
    "FROM_A_MISSING_OUTPUT",
    "GET_AUTH_CONFIG",
    "GET_CUSTOM_MCP_SERVER",
    "GET_TOOLKIT",
    "GET_TOOLS",
    "GET_TRIGGER_TYPE",
    "GET_TRIGGER_TYPES",
    "GET_WEBHOOK_EVENT_TYPES",
    "auth_config_result",
    "id_or_name",
    "one_server_named",
    "optional_text",
    "server_result",
    "slug_argument",
    "toolkit_result",
    "tools_result",
    "trigger_type_result",
    "webhook_event_types_result",
]

GET_TOOLKIT: Final = "get_toolkit"
GET_TOOLS: Final = "get_tools"
GET_CUSTOM_MCP_SERVER: Final = "get_custom_mcp_server"
GET_AUTH_CONFIG: Final = "get_auth_config"
GET_TRIGGER_TYPES: Final = "get_trigger_types"
GET_TRIGGER_TYPE: Final = "get_trigger_type"
GET_WEBHOOK_EVENT_TYPES: Final = "get_webhook_event_types"
"""The functions' names as Python programs call them; the native plugin's messages say them
in Pulumi's camelCase (``getToolkit``), as it does property names."""


FROM_A_MISSING_OUTPUT = (
    ", and one fed from another stack's output arrives so when that stack does not export it"
)
"""Why an argument a program did write can reach a function as missing: the SDKs drop an
argument whose ``Output`` resolved to nothing (Python's ``_output`` forms say which one)."""


def slug_argument(function: str, argument: str, value: Any, *, example: str) -> str:
    """A required slug or id argument: a non-empty string without surrounding spaces."""
    if isinstance(value, str) and value.strip() == value and value:
        return value
    shown = f"nothing{FROM_A_MISSING_OUTPUT}" if value is None else describe(value)
    raise InvalidArguments(
        f"{function}: {argument} must be {example} (a non-empty string without spaces around "
        f"it), not {shown}"
    )


def optional_text(function: str, argument: str, value: Any) -> str | None:
    """An optional text argument; an empty string counts as not given."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    raise InvalidArguments(f"{function}: {argument} must be a string, not {describe(value)}")


def id_or_name(function: str, id_: Any, name: Any) -> tuple[str | None, str | None]:
    """Exactly one of ``id`` and ``name``, as ``(id, None)`` or ``(None, name)``."""
    given = [argument for argument, value in (("id", id_), ("name", name)) if value is not None]
    if len(given) != 1:
        how = "both were given" if given else f"neither was given{FROM_A_MISSING_OUTPUT}"
        raise InvalidArguments(
            f"{function}: give exactly one of id and name ({how}); a name is matched exactly, "
            "case and all"
        )
    if id_ is not None:
        return slug_argument(function, "id", id_, example="a server id"), None
    return None, slug_argument(function, "name", name, example="a server's exact name")


def one_server_named(
    name: str, listed: Sequence[McpServer], exact: Sequence[McpServer]
) -> McpServer:
    """The one server of ``exact`` (the live servers named exactly ``name``); ``listed`` (what
    the API's partial match found) names the near misses when there is none."""
    if len(exact) > 1:
        raise DuplicateName(
            name,
            [server.id for server in exact],
            fix=f"look the one you mean up by id with {GET_CUSTOM_MCP_SERVER}",
        )
    if exact:
        return exact[0]
    near = sorted({server.name for server in listed if not server.deleted})
    hint = f"; servers with names like it: {', '.join(map(repr, near))}" if near else ""
    raise NothingFound(
        f"{GET_CUSTOM_MCP_SERVER}: no live Composio MCP server is named {name!r} (names are "
        f"matched exactly, case and all){hint}"
    )


def toolkit_result(toolkit: ComposioToolkit, tools: Sequence[ComposioTool]) -> dict[str, Any]:
    return {
        "slug": toolkit.slug,
        "name": toolkit.name,
        "auth_schemes": toolkit.auth_schemes,
        "composio_managed_auth": toolkit.composio_managed_auth,
        "tool_slugs": [tool.slug for tool in tools],
    }


def tools_result(tools: Sequence[ComposioTool]) -> dict[str, Any]:
    return {
        "slugs": [tool.slug for tool in tools],
        "tools": [
            {"slug": tool.slug, "name": tool.name, "description": tool.description}
            for tool in tools
        ],
    }


def server_result(server: McpServer) -> dict[str, Any]:
    """The server as a ``CustomMcpServer``'s outputs show it (lists as sorted sets)."""
    return {
        "id": server.id,
        "name": server.name,
        "toolkits": sorted(set(server.toolkits)),
        "allowed_tools": sorted(set(server.allowed_tools)),
        "auth_config_ids": sorted(set(server.auth_config_ids)),
        "mcp_url": server.mcp_url,
        "commands": server.commands.model_dump(),
    }


def auth_config_result(config: ComposioAuthConfig) -> dict[str, Any]:
    """The config as an ``AuthConfig``'s outputs show it, without any credential."""
    return {
        "id": config.id,
        "toolkit": config.toolkit.slug,
        "name": config.name,
        "auth_scheme": config.auth_scheme,
        "is_composio_managed": bool(config.is_composio_managed),
        "status": config.status,
        "enabled": config.status == "ENABLED",
        "scopes": sorted(set(config.scopes)),
        "allowed_tools": sorted(set(config.allowed_tools)),
        "created_at": config.created_at,
    }


def trigger_type_result(kind: TriggerType) -> dict[str, Any]:
    """A trigger type: what a Trigger's ``slug`` takes, and the JSON schema its
    ``trigger_config`` is checked against."""
    return {
        "slug": kind.slug,
        "name": kind.name,
        "description": kind.description,
        "toolkit": kind.toolkit.slug,
        "instructions": kind.instructions,
        "config": dict(kind.config),
        "payload": dict(kind.payload),
        "config_fields": sorted((kind.config.get("properties") or {}).keys()),
        "required_config_fields": sorted(kind.config.get("required") or []),
    }


def webhook_event_types_result(kinds: Sequence[WebhookEventType]) -> dict[str, Any]:
    """The event types a webhook subscription may enable, with the versions carrying each."""
    return {
        "event_types": [kind.event_type for kind in kinds],
        "versions": {kind.event_type: ",".join(kind.supported_versions) for kind in kinds},
        "descriptions": {kind.event_type: kind.description for kind in kinds},
    }
