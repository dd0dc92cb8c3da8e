// The whole Composio MCP setup in one TypeScript program.
//
// GitHub authenticates through Composio's own OAuth app; Linear through the team's API key, kept
// as a secret in stack config (`pulumi config set --secret linearApiKey ...`). One server exposes
// both toolkits, and a service user gets its own URL, exported as a secret. Beside them, the same
// user gets a session with the same tools and auth configs: sessions are Composio's successor to
// MCP servers, and exporting both lets the user's agents move to the session's URL before the
// server goes (docs/migrating-to-sessions.md). Set `linearEnabled` to false to disable the Linear
// auth config without deleting it.
//
// Events: a trigger on the service user's GitHub (new issues of `githubOwner`/`githubRepo`), which
// needs the user's GitHub connected account first (Composio's connect flow, see docs/_index.md);
// the project's webhook subscription delivering every trigger event to `webhookUrl` (by default a
// receiver on this machine), signed with its secret, exported as a secret and rotated by changing
// `webhookSecretGeneration`; and the project's settings, so MCP clients of the server and the
// session must send the project's API key.
import * as pulumi from "@pulumi/pulumi";
import * as composio from "pulumi-composio";

const config = new pulumi.Config();
const serviceUser = config.get("serviceUser") ?? "support-bot";

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
    userId: serviceUser,
});

// The server's tools, grouped by toolkit; directTools serves exactly them, as the server does.
const session = new composio.Session("support-bot", {
    userId: serviceUser,
    toolkits: ["github", "linear"],
    tools: {
        github: { enable: ["GITHUB_CREATE_ISSUE"] },
        linear: { enable: ["LINEAR_CREATE_ISSUE"] },
    },
    authConfigs: { github: github.id, linear: linear.id },
    directTools: true,
});

// New issues of the repository, on the service user's GitHub account (the user's first active
// one, as Composio resolves it: the user must have connected it before the first `up`).
const newIssues = new composio.Trigger("new-issues", {
    slug: "GITHUB_ISSUE_ADDED_EVENT",
    userId: serviceUser,
    triggerConfig: { owner: config.require("githubOwner"), repo: config.require("githubRepo") },
});

// Where the project's events go; one subscription per project. Receivers verify each delivery
// with the secret; a new webhookSecretGeneration rotates it in place.
const events = new composio.WebhookSubscription("events", {
    webhookUrl: config.get("webhookUrl") ?? "http://localhost:8788/composio/events",
    enabledEvents: ["composio.trigger.message"],
    keepers: { generation: config.get("webhookSecretGeneration") ?? "1" },
});

// Only these settings are managed; destroy leaves the project's settings as they are.
const settings = new composio.ProjectSettings("project", {
    requireMcpApiKey: true,
    maskSecretKeysInConnectedAccount: true,
});

export const githubAuthConfigId = github.id;
export const linearAuthConfigId = linear.id;
export const linearStatus = linear.status;
export const serverId = server.id;
export const mcpUrl = server.mcpUrl;
export const cursorCommand = server.commands.cursor;
// Secrets: whoever holds either URL acts as the service user.
export const supportBotUrl = supportBot.url;
export const sessionId = session.id;
export const sessionUrl = session.mcpUrl;
export const triggerId = newIssues.id;
export const triggerConnectedAccountId = newIssues.connectedAccountId;
export const webhookSubscriptionId = events.id;
export const webhookUrl = events.webhookUrl;
export const webhookSecret = events.secret; // a secret: it signs every delivery
export const requireMcpApiKey = settings.requireMcpApiKey;
