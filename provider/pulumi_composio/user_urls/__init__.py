"""Per-user URLs of an MCP server: the resource, its input rules, its provider and service."""

from .resource import McpServerUserUrl, McpServerUserUrlArgs

__all__ = ["McpServerUserUrl", "McpServerUserUrlArgs"]
