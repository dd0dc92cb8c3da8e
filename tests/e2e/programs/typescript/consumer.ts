import * as pulumi from "@pulumi/pulumi";
import * as composio from "pulumi-composio";

const config = new pulumi.Config();
const producer = new pulumi.StackReference(config.require("producerStack"));

// The other stack's server, by id, gets a URL for this team's on-call user.
const onCall = new composio.McpServerUserUrl("on-call", {
    serverId: producer.requireOutput("serverId").apply(id => `${id}`),
    userId: "on-call",
});

export const producerMcpUrl = producer.requireOutput("mcpUrl");
export const onCallUrl = onCall.url;
