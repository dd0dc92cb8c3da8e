"""The four lookups from a Python program, with the dynamic resources and no plugin."""

import pulumi

import pulumi_composio as composio

config = pulumi.Config()
tools = composio.get_tools(toolkit=config.get("toolkit") or "github", search="issue")
elsewhere = composio.get_custom_mcp_server(name=config.require("elsewhere"))
github = composio.get_toolkit(slug="github")
managed = composio.get_auth_config(id="ac_github_default")

server = composio.CustomMcpServer("issues", toolkits=["github"], allowed_tools=tools.slugs)
looked_up = composio.get_custom_mcp_server_output(id=server.id)

pulumi.export("issueTools", tools.slugs)
pulumi.export("elsewhereId", elsewhere.id)
pulumi.export("elsewhereUrl", elsewhere.mcp_url)
pulumi.export("githubSchemes", github.auth_schemes)
pulumi.export("githubTools", len(github.tool_slugs))
pulumi.export("managedToolkit", managed.toolkit)
pulumi.export("serverId", server.id)
pulumi.export("lookedUpUrl", looked_up.mcp_url)
