// The whole Composio MCP setup in one TypeScript program.
//
// GitHub authenticates through Composio's own OAuth app; Linear through the team's API key, kept
// as a secret in stack config (`pulumi config set --secret linearApiKey ...`). One server exposes
// both toolkits, and a service user gets its own URL, exported as a secret. Set `linearEnabled`
// to false to disable the Linear auth config without deleting it.
import * as pulumi from "@pulumi/pulumi";
import * as composio from "pulumi-composio";

const config = new pulumi.Config();

const github = new composio.AuthConfig("github", { toolkit: "github" });
const linear = new composio.AuthConfig("linear", {
    toolkit: "linear",
    authScheme: "API_KEY",
    credentials: { api_key: config.requireSecret("linearApiKey") },
    enabled: config.getBoolean("linearEnabled") ?? true,
});

const server = new composio.CustomMcpServer("support-tools", {
    toolkits: ["github", "linear"],
    allowedTools: ["GITHUB_CREATE_ISSUE", "LINEAR_CREATE_ISSUE"],
    authConfigIds: [github.id, linear.id],
});

const supportBot = new composio.McpServerUserUrl("support-bot", {
    serverId: server.id,
    userId: config.get("serviceUser") ?? "support-bot",
});

export const githubAuthConfigId = github.id;
export const linearAuthConfigId = linear.id;
export const linearStatus = linear.status;
export const serverId = server.id;
export const mcpUrl = server.mcpUrl;
export const cursorCommand = server.commands.cursor;
export const supportBotUrl = supportBot.url; // a secret: whoever holds it acts as that user
