"""Manage Composio custom MCP servers as Pulumi resources."""
