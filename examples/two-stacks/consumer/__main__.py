"""Stack B: an application team's stack that builds on stack A's servers.

Set ``producerStack`` to stack A's fully qualified name, for example
``pulumi config set producerStack organization/mcp-producer/dev`` on a local backend.
"""

import pulumi

from pulumi_composio import CustomMcpServer

config = pulumi.Config()
producer = pulumi.StackReference(config.require("producerStack"))

# A staging twin of stack A's engineering server: same toolkits, fed from A's outputs.
staging = CustomMcpServer(
    "engineering-staging",
    toolkits=producer.get_output("engineering_toolkits"),
)

pulumi.export("engineering_mcp_url", producer.get_output("engineering_mcp_url"))
pulumi.export("staging_mcp_url", staging.mcp_url)
pulumi.export(
    "cursor_mcp_json",
    pulumi.Output.json_dumps(
        {"mcpServers": {"engineering": {"url": producer.get_output("engineering_mcp_url")}}}
    ),
)
