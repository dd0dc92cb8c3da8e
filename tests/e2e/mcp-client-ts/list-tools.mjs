// Lists the tools an MCP server serves, as an agent built on the official TypeScript SDK
// sees them: `node list-tools.mjs URL` (the key in COMPOSIO_API_KEY, sent as x-api-key).
// Prints one JSON array of tool names.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url] = process.argv.slice(2);
const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { "x-api-key": process.env.COMPOSIO_API_KEY ?? "" } },
});
const client = new Client({ name: "pulumi-composio-e2e", version: "0" });
await client.connect(transport);
const { tools } = await client.listTools();
console.log(JSON.stringify(tools.map((tool) => tool.name)));
await client.close();
