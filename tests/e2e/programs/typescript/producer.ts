import * as composio from "pulumi-composio";

const server = new composio.CustomMcpServer("engineering", {
    toolkits: ["github", "linear"],
    allowedTools: ["GITHUB_CREATE_ISSUE"],
});

export const serverId = server.id;
export const mcpUrl = server.mcpUrl;
