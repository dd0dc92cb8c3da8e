import * as composio from "pulumi-composio";

new composio.CustomMcpServer("not-a-list", { toolkits: "github" });
new composio.CustomMcpServer("typo", { toolkits: ["github"], allowedTool: ["GITHUB_CREATE_ISSUE"] });
new composio.AuthConfig("no-toolkit", { authScheme: "API_KEY" });
const server = new composio.CustomMcpServer("fine", { toolkits: ["github"] });
export const port: number = server.mcpUrl;
