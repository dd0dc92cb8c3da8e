"""Stack A: the platform team's MCP servers, exported for other stacks."""

import pulumi

from pulumi_composio import CustomMcpServer

engineering = CustomMcpServer(
    "engineering",
    toolkits=["github", "linear"],
    allowed_tools=["GITHUB_CREATE_ISSUE", "LINEAR_CREATE_ISSUE"],
)
support = CustomMcpServer("support", toolkits=["slack", "gmail"])

pulumi.export("engineering_mcp_url", engineering.mcp_url)
pulumi.export("engineering_toolkits", engineering.toolkits)
pulumi.export("support_mcp_url", support.mcp_url)
pulumi.export("support_server_id", support.id)
