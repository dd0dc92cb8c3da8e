import * as composio from "pulumi-composio";

const github = new composio.AuthConfig("github", { toolkit: "github" });
const session = new composio.Session("bot", {
    userId: "support-bot",
    toolkits: ["github"],
    tools: { github: { enable: ["GITHUB_CREATE_ISSUE"] } },
    authConfigs: { github: github.id },
    directTools: true,
});

const docs = new composio.CustomToolkit("docs", {
    slug: "acme_docs",
    name: "Acme Docs",
    appUrl: "https://mcp.acme.example/mcp",
    authSchemes: { API_KEY: { headers: { Authorization: "Bearer {{generic_api_key}}" } } },
});

export const sessionId = session.id;
export const mcpUrl = session.mcpUrl;
export const toolkitSlug = docs.toolkitSlug;
