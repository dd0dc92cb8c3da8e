"""The whole Composio MCP setup in one program.

GitHub authenticates through Composio's own OAuth app; Linear through the team's API key,
kept as a secret in stack config (`pulumi config set --secret linearApiKey ...`). One
server exposes both toolkits, and a service user gets its own URL, exported as a secret.
Beside them, the same user gets a session with the same tools and auth configs: sessions are
Composio's successor to MCP servers, and exporting both lets the user's agents move to the
session's URL before the server goes (docs/migrating-to-sessions.md).
Set `linearEnabled` to false to disable the Linear auth config without deleting it.
"""

import pulumi

from pulumi_composio import AuthConfig, CustomMcpServer, McpServerUserUrl, Session

config = pulumi.Config()
service_user = config.get("serviceUser") or "support-bot"

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

support_bot = McpServerUserUrl("support-bot", server_id=server.id, user_id=service_user)

# The server's tools, grouped by toolkit; direct_tools serves exactly them, as the server does.
session = Session(
    "support-bot",
    user_id=service_user,
    toolkits=["github", "linear"],
    tools={
        "github": {"enable": ["GITHUB_CREATE_ISSUE"]},
        "linear": {"enable": ["LINEAR_CREATE_ISSUE"]},
    },
    auth_configs={"github": github.id, "linear": linear.id},
    direct_tools=True,
)

pulumi.export("github_auth_config_id", github.id)
pulumi.export("linear_auth_config_id", linear.id)
pulumi.export("linear_status", linear.status)
pulumi.export("server_id", server.id)
pulumi.export("mcp_url", server.mcp_url)
# Secrets: whoever holds either URL acts as the service user.
pulumi.export("support_bot_url", support_bot.url)
pulumi.export("session_id", session.id)
pulumi.export("session_url", session.mcp_url)
