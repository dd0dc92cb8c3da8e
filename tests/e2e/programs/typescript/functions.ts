import * as pulumi from "@pulumi/pulumi";
import * as composio from "pulumi-composio";

const config = new pulumi.Config();
const tools = composio.getToolsOutput({ toolkit: config.get("toolkit") ?? "github", search: "issue" });
const elsewhere = composio.getCustomMcpServerOutput({ name: config.require("elsewhere") });
const github = composio.getToolkit({ slug: "github" });
const managed = composio.getAuthConfigOutput({ id: "ac_github_default" });

const server = new composio.CustomMcpServer("issues", {
    toolkits: ["github"],
    allowedTools: tools.slugs,
});
const lookedUp = composio.getCustomMcpServerOutput({ id: server.id });

export const issueTools = tools.slugs;
export const elsewhereId = elsewhere.id;
export const elsewhereUrl = elsewhere.mcpUrl;
export const githubSchemes = github.then((kit) => kit.authSchemes);
export const githubTools = github.then((kit) => kit.toolSlugs.length);
export const managedToolkit = managed.toolkit;
export const serverId = server.id;
export const lookedUpUrl = lookedUp.mcpUrl;
