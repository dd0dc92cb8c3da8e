"""The dynamic provider behind :class:`~pulumi_composio.CustomMcpServer`."""

from __future__ import annotations

from ..core.dynamic_provider import DynamicProvider

__all__ = ["CustomMcpServerProvider"]


class CustomMcpServerProvider(DynamicProvider):
    """Composio custom MCP servers as a Pulumi dynamic provider."""

    service = "pulumi_composio.servers.service:ServerService"
