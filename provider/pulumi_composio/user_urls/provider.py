"""The dynamic provider behind :class:`~pulumi_composio.McpServerUserUrl`."""

from __future__ import annotations

from ..core.dynamic_provider import DynamicProvider

__all__ = ["McpServerUserUrlProvider"]


class McpServerUserUrlProvider(DynamicProvider):
    """Per-user URLs of Composio MCP servers as a Pulumi dynamic provider."""

    service = "pulumi_composio.user_urls.service:UserUrlService"
