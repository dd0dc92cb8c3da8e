"""The Pulumi package schema the plugin serves (``pulumi package get-schema composio``).

Every language reads it: YAML checks programs against it, ``pulumi package gen-sdk`` makes
SDKs from it, ``pulumi import`` writes code from it. It is built from the declarations of
:mod:`.resource_types`, so names, types, secrets and descriptions are written once.
"""

from __future__ import annotations

import importlib.metadata
import json
from collections.abc import Iterable
from functools import cache
from typing import Any, Final

from .properties import Property
from .resource_types import CONFIG, RESOURCE_TYPES, ResourceType

__all__ = ["COMMANDS_TYPE", "PACKAGE", "plugin_version", "schema", "schema_json"]

PACKAGE: Final = "composio"
COMMANDS_TYPE: Final = "composio:index:McpServerCommands"
_COMMANDS: Final = {
    "cursor": "The command that adds the server to Cursor.",
    "claude": "The command that adds the server to Claude.",
    "windsurf": "The command that adds the server to Windsurf.",
}


def plugin_version() -> str:
    """This distribution's version, which the plugin reports as its own."""
    try:
        return importlib.metadata.version("pulumi-composio")
    except importlib.metadata.PackageNotFoundError:
        return "0.0.0"


@cache
def schema() -> dict[str, Any]:
    config = {p.wire: _spec(p) for p in CONFIG}
    return {
        "name": PACKAGE,
        "displayName": "Composio",
        "version": plugin_version(),
        "description": "Composio custom MCP servers, auth configs and per-user URLs.",
        "keywords": ["composio", "mcp", "category/utility"],
        "license": "Apache-2.0",
        "config": {"variables": config},
        "provider": {
            "description": "The composio provider: the API key and where the API is.",
            "inputProperties": config,
        },
        "types": {
            COMMANDS_TYPE: {
                "type": "object",
                "description": "Setup commands of an MCP server, by client.",
                "properties": {
                    client: {"type": "string", "description": text}
                    for client, text in _COMMANDS.items()
                },
                "required": sorted(_COMMANDS),
            }
        },
        "resources": {kind.token: _resource(kind) for kind in RESOURCE_TYPES.values()},
        # A Python SDK generated from this schema must not shadow this package (the
        # dynamic resources), which the same virtualenv may hold.
        "language": {"python": {"packageName": "pulumi_composio_native"}},
    }


def schema_json() -> str:
    return json.dumps(schema(), indent=2, sort_keys=False)


def _resource(kind: ResourceType) -> dict[str, Any]:
    return {
        "description": kind.description,
        "properties": {p.wire: _spec(p) for p in kind.outputs()},
        "required": _wire_names(p for p in kind.outputs() if p.required_output),
        "inputProperties": {p.wire: _spec(p) for p in kind.inputs()},
        "requiredInputs": _wire_names(p for p in kind.inputs() if p.required_input),
    }


def _spec(prop: Property) -> dict[str, Any]:
    spec: dict[str, Any] = {"description": prop.description}
    if prop.type == "strings":
        spec.update(type="array", items={"type": "string"})
    elif prop.type == "string_map":
        spec.update(type="object", additionalProperties={"type": "string"})
    elif prop.type == "commands":
        spec["$ref"] = f"#/types/{COMMANDS_TYPE}"
    else:
        spec["type"] = prop.type
    if prop.secret:
        spec["secret"] = True
    return spec


def _wire_names(props: Iterable[Property]) -> list[str]:
    return sorted(p.wire for p in props)
