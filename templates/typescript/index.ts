// A Composio custom MCP server with GitHub tools, behind Composio's own GitHub OAuth app.
import * as composio from "pulumi-composio";

const github = new composio.AuthConfig("github", { toolkit: "github" });
const tools = new composio.CustomMcpServer("tools", {
    toolkits: ["github"],
    allowedTools: ["GITHUB_CREATE_ISSUE", "GITHUB_LIST_REPOSITORY_ISSUES"],
    authConfigIds: [github.id],
});

export const serverId = tools.id;
export const mcpUrl = tools.mcpUrl;
