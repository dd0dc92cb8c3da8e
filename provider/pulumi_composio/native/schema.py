"""The Pulumi package schema the plugin serves (``pulumi package get-schema composio``).

Every language reads it: YAML checks programs against it, ``pulumi package gen-sdk`` makes
SDKs from it, ``pulumi import`` writes code from it. It is built from the declarations of
:mod:`.resource_types` and :mod:`.function_types`, so names, types, secrets and descriptions
are written once.
"""

from __future__ import annotations

import importlib.metadata
import json
from collections.abc import Iterable
from functools import cache
from typing import Any, Final

from .function_types import FUNCTION_TYPES, FunctionType
from .properties import Property
from .resource_types import CONFIG, RESOURCE_TYPES, ResourceType

__all__ = [
    "COMMANDS_TYPE",
    "GO_MODULE",
    "LANGUAGES",
    "PACKAGE",
    "PLUGIN_DOWNLOAD_URL",
    "REPOSITORY",
    "TOOL_SUMMARY_TYPE",
    "plugin_version",
    "schema",
    "schema_json",
]

PACKAGE: Final = "composio"
REPOSITORY: Final = "github.com/pulumi-composio/pulumi-composio"
"""Where the provider's source and releases live: the one line a fork changes. The engine
downloads the plugin from this repository's releases (``PLUGIN_DOWNLOAD_URL``), the Go SDK is
fetched from it (``GO_MODULE``), and the schema names it as home, so every generated SDK
carries it."""
_OWNER_AND_NAME: Final = REPOSITORY.removeprefix("github.com/")
PLUGIN_DOWNLOAD_URL: Final = f"github://api.github.com/{_OWNER_AND_NAME}"
"""Where the engine fetches ``pulumi-resource-composio-v<version>-<os>-<arch>.tar.gz`` on first
use (a GitHub release ``v<version>``). An internal mirror either sets an ``https://`` URL here
(``${VERSION}``, ``${OS}`` and ``${ARCH}`` are filled in) or leaves it and redirects the fetch
with ``PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES``."""
GO_MODULE: Final = f"{REPOSITORY}/sdk/go"
"""The Go SDK's module (``sdk/go``, tagged ``sdk/go/v<version>``); its package is ``composio``."""
COMMANDS_TYPE: Final = "composio:index:McpServerCommands"
TOOL_SUMMARY_TYPE: Final = "composio:index:ToolSummary"
_TOOL_SUMMARY: Final = {
    "slug": "The tool's slug, as allowedTools takes it.",
    "name": "The tool's display name.",
    "description": "What the tool does.",
}
_COMMANDS: Final = {
    "cursor": "The command that adds the server to Cursor.",
    "claude": "The command that adds the server to Claude.",
    "windsurf": "The command that adds the server to Windsurf.",
}


_NODE_README: Final = """\
# pulumi-composio for TypeScript and JavaScript

Composio custom MCP servers, auth configs and per-user URLs as Pulumi resources. The resources
are served by the `composio` resource plugin, which the Pulumi engine downloads by itself on
first use (from the release this package names); Python 3.11 or newer must be on `PATH`.

    npm install pulumi-composio

Generated from the plugin's schema: never edit these files by hand.
"""

LANGUAGES: Final[dict[str, dict[str, Any]]] = {
    # A Python SDK generated from this schema must not shadow this package (the dynamic
    # resources), which the same virtualenv may hold.
    "python": {"packageName": "pulumi_composio_native"},
    # What sdk/nodejs is published as, and what `pulumi import` writes in a TypeScript program's
    # import line; never Pulumi's own @pulumi scope. typescript ^5 for the package's
    # install-time build lets npm share the program's compiler instead of nesting a second one.
    "nodejs": {
        "packageName": "pulumi-composio",
        "packageDescription": (
            "Composio custom MCP servers, auth configs and per-user URLs as Pulumi resources."
        ),
        "readme": _NODE_README,
        "respectSchemaVersion": True,
        "typescriptVersion": "^5.0.0",
    },
    # respectSchemaVersion: programs ask the engine for this version of the plugin, as the
    # Node.js SDK does.
    "go": {
        "importBasePath": f"{GO_MODULE}/composio",
        "respectSchemaVersion": True,
    },
}
"""Per-language settings of the SDKs generated from this schema; every tool that reads the
schema (`pulumi package gen-sdk`, `pulumi import`, `pulumi package add`) gets the same names."""


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
        "publisher": "pulumi-composio",
        "homepage": f"https://{REPOSITORY}",
        "repository": f"https://{REPOSITORY}",
        "logoUrl": f"https://raw.githubusercontent.com/{_OWNER_AND_NAME}/main/docs/logo.svg",
        "pluginDownloadURL": PLUGIN_DOWNLOAD_URL,
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
            },
            TOOL_SUMMARY_TYPE: {
                "type": "object",
                "description": "One tool of a toolkit, as getTools answers it.",
                "properties": {
                    field: {"type": "string", "description": text}
                    for field, text in _TOOL_SUMMARY.items()
                },
                "required": sorted(_TOOL_SUMMARY),
            },
        },
        "resources": {kind.token: _resource(kind) for kind in RESOURCE_TYPES.values()},
        "functions": {function.token: _function(function) for function in FUNCTION_TYPES.values()},
        # supportPack: a generated Go SDK gets its go.mod, so sdk/go is a module of its own.
        "meta": {"supportPack": True},
        "language": LANGUAGES,
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
        # `pulumi do ... list` and the engine's List: the filters, and what is listed (or,
        # for a type Composio keeps no list of, why not: List then fails saying it).
        "listInputs": {
            "type": "object",
            "description": kind.listing.description,
            "properties": {p.wire: _spec(p) for p in kind.listing.filters},
        },
    }


def _function(function: FunctionType) -> dict[str, Any]:
    return {
        "description": function.description,
        "inputs": {
            "properties": {p.wire: _spec(p) for p in function.inputs},
            "required": _wire_names(p for p in function.inputs if p.required_input),
        },
        "outputs": {
            "properties": {p.wire: _spec(p) for p in function.outputs},
            "required": _wire_names(p for p in function.outputs if p.required_output),
        },
    }


def _spec(prop: Property) -> dict[str, Any]:
    spec: dict[str, Any] = {"description": prop.description}
    if prop.type == "strings":
        spec.update(type="array", items={"type": "string"})
    elif prop.type == "string_map":
        spec.update(type="object", additionalProperties={"type": "string"})
    elif prop.type == "object":
        spec.update(type="object", additionalProperties={"$ref": "pulumi.json#/Any"})
    elif prop.type == "commands":
        spec["$ref"] = f"#/types/{COMMANDS_TYPE}"
    elif prop.type == "tools":
        spec.update(type="array", items={"$ref": f"#/types/{TOOL_SUMMARY_TYPE}"})
    else:
        spec["type"] = prop.type
    if prop.secret:
        spec["secret"] = True
    return spec


def _wire_names(props: Iterable[Property]) -> list[str]:
    return sorted(p.wire for p in props)
