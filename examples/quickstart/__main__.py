"""One custom MCP server that gives Cursor, Claude or Windsurf tools from GitHub and Slack,
and the URL an agent connects to it with."""

import pulumi

from pulumi_composio import CustomMcpServer, McpServerUserUrl

server = CustomMcpServer(
    "support-tools",
    toolkits=["github", "slack"],
    allowed_tools=["GITHUB_CREATE_ISSUE", "SLACK_SEND_MESSAGE"],
    auth_config_ids=["ac_github_default", "ac_slack_default"],
    managed_auth_via_composio=True,
)
agent = McpServerUserUrl("support-agent", server_id=server.id, user_id="support-agent")

pulumi.export("server_id", server.id)
pulumi.export("server_name", server.name)
pulumi.export("mcp_url", server.mcp_url)
pulumi.export("cursor_command", server.commands["cursor"])
pulumi.export("claude_command", server.commands["claude"])
pulumi.export("windsurf_command", server.commands["windsurf"])
# Secrets: whoever holds the URL acts as the user. The client sends the key in x-api-key.
pulumi.export("agent_url", agent.url)
pulumi.export("agent_mcp_json", agent.client_config)
