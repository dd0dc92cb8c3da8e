"""``CustomMcpServer``: what a Pulumi program declares.

A Composio custom MCP server exposes tools from several toolkits (GitHub, Slack, ...)
to MCP clients such as Cursor, Claude or Windsurf. Its ``mcp_url`` and ``commands`` are
outputs other resources and stacks can consume.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi.dynamic

from ..program_exit import exit_quietly_when_the_engine_stops
from ..registration import hidden_inputs
from .deprecations import CUSTOM_TOOLS_DEPRECATED
from .provider import CustomMcpServerProvider

__all__ = ["CustomMcpServer", "CustomMcpServerArgs"]


@dataclass
class CustomMcpServerArgs:
    """The inputs of a :class:`CustomMcpServer`; each may be a plain value or an ``Output``.

    ``name``: 4-30 letters, digits, spaces or hyphens; omitted, one is made from the
    resource name plus a suffix derived from the organization, project, stack and resource
    name, and kept. ``toolkits``, ``allowed_tools`` and ``auth_config_ids`` are sets: order and
    repeats do not matter. ``custom_tools`` is Composio's deprecated name for
    ``allowed_tools`` and is merged into it.
    ``managed_auth_via_composio`` left unset is not managed by Pulumi. ``adopt_server_id``
    takes over an existing server (for example one made in the dashboard) instead of
    creating one: see "Import" in docs/custom-mcp-server.md.
    """

    name: pulumi.Input[str] | None = None
    toolkits: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    allowed_tools: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    custom_tools: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    auth_config_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    managed_auth_via_composio: pulumi.Input[bool] | None = None
    adopt_server_id: pulumi.Input[str] | None = None


class CustomMcpServer(pulumi.dynamic.Resource, module="composio", name="CustomMcpServer"):
    """A Composio custom MCP server, created with ``POST /api/v3/mcp/servers/custom``.

    Edits are applied in place with one ``PATCH``; the resource's ``id`` is the server id.
    The API key comes from the secret stack config ``composio:apiKey`` (or
    ``COMPOSIO_API_KEY``) where the provider runs, never from these inputs.

    Composio calls MCP servers legacy and points new integrations to tool router sessions;
    the routes work today ("When Composio retires MCP servers" in docs/custom-mcp-server.md
    says what happens the day they answer ``410``).
    """

    name: pulumi.Output[str]
    toolkits: pulumi.Output[list[str]]
    allowed_tools: pulumi.Output[list[str]]
    auth_config_ids: pulumi.Output[list[str]]
    managed_auth_via_composio: pulumi.Output[bool | None]
    """The declared value, as Composio holds it; ``None`` when not declared (not managed)."""
    mcp_url: pulumi.Output[str]
    commands: pulumi.Output[dict[str, str]]
    """Setup commands by client: ``commands["cursor"]``, ``["claude"]``, ``["windsurf"]``."""

    def __init__(
        self,
        resource_name: str,
        args: CustomMcpServerArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        name: pulumi.Input[str] | None = None,
        toolkits: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        allowed_tools: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        custom_tools: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        auth_config_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        managed_auth_via_composio: pulumi.Input[bool] | None = None,
        adopt_server_id: pulumi.Input[str] | None = None,
    ) -> None:
        if args is None:
            args = CustomMcpServerArgs(
                name=name,
                toolkits=toolkits,
                allowed_tools=allowed_tools,
                custom_tools=custom_tools,
                auth_config_ids=auth_config_ids,
                managed_auth_via_composio=managed_auth_via_composio,
                adopt_server_id=adopt_server_id,
            )
        props: dict[str, Any] = {
            **vars(args),
            **hidden_inputs(resource_name, opts),
            "mcp_url": None,
            "commands": None,
        }
        exit_quietly_when_the_engine_stops()
        super().__init__(CustomMcpServerProvider(), resource_name, props, opts)
        if args.custom_tools is not None:
            pulumi.log.warn(CUSTOM_TOOLS_DEPRECATED, resource=self)

    @staticmethod
    def get(
        resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> CustomMcpServer:
        """Read an existing server into the program, without managing it."""
        return CustomMcpServer(
            resource_name, opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id))
        )
