// An agent's session flow, written as Composio's TypeScript SDK (@composio/core 0.19) teaches it,
// against the Composio API at a base URL: `node session-flow.mjs BASE_URL` (the key in
// COMPOSIO_API_KEY). Creates a direct-tools session, reuses it by id, changes its tools,
// executes a tool, reads its config history, lists its tools with the official MCP client at
// session.mcp.url with session.mcp.headers, then deletes it. Prints one JSON object.
import { Composio } from "@composio/core";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [baseURL] = process.argv.slice(2);
// Only documented constructor options point the SDK at the emulator; tracking and the npm
// version check are off so that nothing leaves the machine.
const composio = new Composio({
    apiKey: process.env.COMPOSIO_API_KEY,
    baseURL,
    allowTracking: false,
    disableVersionCheck: true,
});

async function mcpToolNames(mcp) {
    const transport = new StreamableHTTPClientTransport(new URL(mcp.url), {
        requestInit: { headers: mcp.headers },
    });
    const client = new Client({ name: "composio-core-session-check", version: "0" });
    await client.connect(transport);
    try {
        const { tools } = await client.listTools();
        return tools.map((tool) => tool.name);
    } finally {
        await client.close();
    }
}

async function refused(run) {
    try {
        await run();
        return null;
    } catch (error) {
        return { name: error.constructor.name, status: error.status ?? error.cause?.status ?? null };
    }
}

const created = await composio.create("support-bot", {
    toolkits: ["github", "slack"],
    tools: {
        github: ["GITHUB_CREATE_ISSUE", "GITHUB_GET_A_REPOSITORY"],
        slack: ["SLACK_SEND_MESSAGE"],
    },
    sessionPreset: "direct_tools",
    mcp: true,
});
const session = await composio.use(created.sessionId);
const mcpBefore = await mcpToolNames(session.mcp);
const updated = await session.update({
    tools: {
        github: ["GITHUB_GET_A_REPOSITORY"],
        slack: ["SLACK_SEND_MESSAGE", "SLACK_LIST_ALL_CHANNELS"],
    },
});
const executed = await session.execute("SLACK_SEND_MESSAGE", { channel: "#ops", text: "hi" });
const disabledCall = await refused(() =>
    session.execute("GITHUB_CREATE_ISSUE", { owner: "o", repo: "r", title: "t" }),
);
// @composio/core 0.19 has no method for the history; its own API client, composio.client, has.
const history = await composio.client.toolRouter.session.configHistory(session.sessionId);
const mcpAfter = await mcpToolNames(session.mcp);
const deleted = await session.delete();
const usedAfterDelete = await refused(() => composio.use(created.sessionId));

console.log(
    JSON.stringify({
        session_id: created.sessionId,
        used_id: session.sessionId,
        mcp: session.mcp,
        created: { version: created.configVersion, config: created.config },
        mcp_before_update: mcpBefore,
        updated: { version: session.configVersion, tools: updated.tools },
        executed,
        disabled_call: disabledCall,
        history: history.items.map((item) => ({
            version: item.version,
            is_current: item.is_current,
            tools: item.config.tools,
        })),
        mcp_after_update: mcpAfter,
        deleted,
        used_after_delete: usedAfterDelete,
    }),
);
