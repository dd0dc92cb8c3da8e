"""One custom MCP server that gives Cursor, Claude or Windsurf tools from GitHub and Slack,
and the URL an agent connects to it with; beside them, the same tools for the same agent as a
session, Composio's successor to MCP servers (docs/migrating-to-sessions.md). Then a trigger on
the agent's GitHub (its connected account, which the agent's user connects first) and the
project's webhook subscription, which delivers the trigger's events to `webhookUrl` signed with
the exported secret."""

import pulumi

from pulumi_composio import (
    CustomMcpServer,
    McpServerUserUrl,
    Session,
    Trigger,
    WebhookSubscription,
)

config = pulumi.Config()

server = CustomMcpServer(
    "support-tools",
    toolkits=["github", "slack"],
    allowed_tools=["GITHUB_CREATE_ISSUE", "SLACK_SEND_MESSAGE"],
    auth_config_ids=["ac_github_default", "ac_slack_default"],
    managed_auth_via_composio=True,
)
agent = McpServerUserUrl("support-agent", server_id=server.id, user_id="support-agent")
session = Session(
    "support-agent",
    user_id="support-agent",
    toolkits=["github", "slack"],
    tools={
        "github": {"enable": ["GITHUB_CREATE_ISSUE"]},
        "slack": {"enable": ["SLACK_SEND_MESSAGE"]},
    },
    auth_configs={"github": "ac_github_default", "slack": "ac_slack_default"},
    direct_tools=True,
)
issues = Trigger(
    "new-issues",
    slug="GITHUB_ISSUE_ADDED_EVENT",
    user_id="support-agent",
    trigger_config={"owner": "acme", "repo": "support"},
)
events = WebhookSubscription(
    "events",
    webhook_url=config.get("webhookUrl") or "http://localhost:8788/composio/events",
    enabled_events=["composio.trigger.message"],
)

pulumi.export("server_id", server.id)
pulumi.export("server_name", server.name)
pulumi.export("mcp_url", server.mcp_url)
pulumi.export("cursor_command", server.commands["cursor"])
pulumi.export("claude_command", server.commands["claude"])
pulumi.export("windsurf_command", server.commands["windsurf"])
# Secrets: whoever holds the URL acts as the user. The client sends the key in x-api-key.
pulumi.export("agent_url", agent.url)
pulumi.export("agent_mcp_json", agent.client_config)
pulumi.export("session_url", session.mcp_url)
pulumi.export("session_mcp_json", session.client_config)
pulumi.export("trigger_id", issues.id)
pulumi.export("webhook_secret", events.secret)  # a secret: it signs every delivery
