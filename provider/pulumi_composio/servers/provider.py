"""The dynamic provider behind :class:`~pulumi_composio.CustomMcpServer`."""

from __future__ import annotations

from ..plugin.dynamic_provider import ServiceProvider

__all__ = ["CustomMcpServerProvider"]


class CustomMcpServerProvider(ServiceProvider):
    """Composio custom MCP servers as a Pulumi dynamic provider."""

    service = "pulumi_composio.servers.service:ServerService"
