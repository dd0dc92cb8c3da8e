// Composio custom MCP servers, auth configs and per-user URLs.
package composio
