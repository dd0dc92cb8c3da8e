"""A Composio custom MCP server with GitHub tools, behind Composio's own GitHub OAuth app."""

import pulumi

from pulumi_composio import AuthConfig, CustomMcpServer

github = AuthConfig("github", toolkit="github")
tools = CustomMcpServer(
    "tools",
    toolkits=["github"],
    allowed_tools=["GITHUB_CREATE_ISSUE", "GITHUB_LIST_REPOSITORY_ISSUES"],
    auth_config_ids=[github.id],
)

pulumi.export("serverId", tools.id)
pulumi.export("mcpUrl", tools.mcp_url)
