"""``McpServerUserUrl``: the URL one user (or one connected account) connects an agent with.

::

    url = McpServerUserUrl("support-bot", server_id=server.id, user_id="support-bot")
    pulumi.export("support_bot_url", url.url)   # a secret
    pulumi.export("cursor_mcp_json", url.client_config)

Whoever holds the URL acts as that user, so ``url`` and ``client_config`` are always secret
outputs. A client sends the project's API key in ``x-api-key`` beside the URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi.dynamic

from ..program_exit import exit_quietly_when_the_engine_stops
from ..registration import with_secret_outputs
from .provider import McpServerUserUrlProvider

__all__ = ["McpServerUserUrl", "McpServerUserUrlArgs"]


@dataclass
class McpServerUserUrlArgs:
    """The inputs of a :class:`McpServerUserUrl`; each may be a plain value or an ``Output``.

    ``server_id``: the server, usually ``server.id``. Exactly one of ``user_id`` (a user of
    your app) and ``connected_account_id`` (one connected account). ``managed_auth_by_composio``
    is passed to Composio as is. Any change replaces the resource: it is another URL.
    """

    server_id: pulumi.Input[str]
    user_id: pulumi.Input[str] | None = None
    connected_account_id: pulumi.Input[str] | None = None
    managed_auth_by_composio: pulumi.Input[bool] | None = None


class McpServerUserUrl(pulumi.dynamic.Resource, module="composio", name="McpServerUserUrl"):
    """A server's URL for one user, from ``POST /mcp/servers/generate``.

    Create and refresh generate it (a refresh of a URL whose server is gone drops it);
    delete calls nothing, since nothing exists on Composio's side. A session's MCP URL is its
    successor: Composio calls MCP servers legacy.
    """

    url: pulumi.Output[str]
    """The URL to connect an MCP client with, acting as the user: a secret. The client also
    sends the project's API key in the ``x-api-key`` header."""
    client_config: pulumi.Output[str]
    """``mcp.json`` for Cursor (``{"mcpServers": {"composio": {"url", "headers"}}}``): the
    URL, and an ``x-api-key`` header read from ``COMPOSIO_API_KEY`` where the client runs,
    never the key itself. A secret, since it holds the URL."""
    base_url: pulumi.Output[str]
    """The server's bare MCP URL, which Composio refuses without a user."""

    def __init__(
        self,
        resource_name: str,
        args: McpServerUserUrlArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        server_id: pulumi.Input[str] | None = None,
        user_id: pulumi.Input[str] | None = None,
        connected_account_id: pulumi.Input[str] | None = None,
        managed_auth_by_composio: pulumi.Input[bool] | None = None,
    ) -> None:
        if args is None:
            args = McpServerUserUrlArgs(
                server_id=server_id,  # type: ignore[arg-type]  # check() names it when missing
                user_id=user_id,
                connected_account_id=connected_account_id,
                managed_auth_by_composio=managed_auth_by_composio,
            )
        props: dict[str, Any] = {
            **vars(args),
            "url": None,
            "client_config": None,
            "base_url": None,
        }
        opts = with_secret_outputs(opts, ["url", "client_config"])
        exit_quietly_when_the_engine_stops()
        super().__init__(McpServerUserUrlProvider(), resource_name, props, opts)
