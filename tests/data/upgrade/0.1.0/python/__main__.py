"""The whole Composio MCP setup in one program.

GitHub authenticates through Composio's own OAuth app; Linear through the team's API key,
kept as a secret in stack config (`pulumi config set --secret linearApiKey ...`). One
server exposes both toolkits, and a service user gets its own URL, exported as a secret.
Set `linearEnabled` to false to disable the Linear auth config without deleting it.
"""

import pulumi

from pulumi_composio import AuthConfig, CustomMcpServer, McpServerUserUrl

config = pulumi.Config()

github = AuthConfig("github", toolkit="github")
linear = AuthConfig(
    "linear",
    toolkit="linear",
    auth_scheme="API_KEY",
    credentials={"api_key": config.require_secret("linearApiKey")},
    enabled=config.get_bool("linearEnabled", True),
)

server = CustomMcpServer(
    "support-tools",
    toolkits=["github", "linear"],
    allowed_tools=["GITHUB_CREATE_ISSUE", "LINEAR_CREATE_ISSUE"],
    auth_config_ids=[github.id, linear.id],
)

service_user = McpServerUserUrl(
    "support-bot", server_id=server.id, user_id=config.get("serviceUser") or "support-bot"
)

pulumi.export("github_auth_config_id", github.id)
pulumi.export("linear_auth_config_id", linear.id)
pulumi.export("linear_status", linear.status)
pulumi.export("server_id", server.id)
pulumi.export("mcp_url", server.mcp_url)
pulumi.export("support_bot_url", service_user.url)
