import * as composio from "pulumi-composio";

const github = new composio.AuthConfig("github", { toolkit: "github" });
const session = new composio.Session("bot", {
    userId: "support-bot",
    toolkits: ["github"],
    tools: { github: { enable: ["GITHUB_CREATE_ISSUE"] } },
    authConfigs: { github: github.id },
    directTools: true,
});

export const sessionId = session.id;
export const mcpUrl = session.mcpUrl;
