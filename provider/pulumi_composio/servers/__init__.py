"""Composio custom MCP servers: the resource, its input rules, its provider and service."""

from .resource import CustomMcpServer, CustomMcpServerArgs

__all__ = ["CustomMcpServer", "CustomMcpServerArgs"]
