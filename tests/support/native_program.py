"""Python programs that use the native plugin, as any language does: by type token.

A program declares ``pulumi.CustomResource("composio:index:CustomMcpServer", ...)`` with
Pulumi's camelCase property names; the engine finds ``pulumi-resource-composio`` on ``PATH``
(``PulumiStack`` puts the virtualenv's ``bin`` there) and the dynamic provider is not
involved at all. Outputs a program reads must be named among the properties it passes, so
:data:`PRELUDE` passes every output as ``None``.
"""

from __future__ import annotations

import textwrap

__all__ = ["PRELUDE", "native_program"]

PRELUDE = """
import pulumi

OUTPUTS = {
    "CustomMcpServer": ["name", "toolkits", "allowedTools", "authConfigIds", "mcpUrl", "commands"],
    "AuthConfig": [
        "name", "authScheme", "isComposioManaged", "status", "scopes", "allowedTools",
        "enabled", "createdAt",
    ],
    "McpServerUserUrl": ["url", "baseUrl"],
}


def composio(kind, resource_name, /, opts=None, **inputs):
    props = {**{output: None for output in OUTPUTS[kind]}, **inputs}
    return pulumi.CustomResource(f"composio:index:{kind}", resource_name, props, opts)
"""


def native_program(body: str) -> str:
    """A program of :data:`PRELUDE` plus ``body`` (dedented)."""
    return PRELUDE + textwrap.dedent(body)
