"""The whole Composio MCP setup in one program.

GitHub authenticates through Composio's own OAuth app; Linear through the team's API key,
kept as a secret in stack config (`pulumi config set --secret linearApiKey ...`). One
server exposes both toolkits, and a service user gets its own URL, exported as a secret.
Beside them, the same user gets a session with the same tools and auth configs: sessions are
Composio's successor to MCP servers, and exporting both lets the user's agents move to the
session's URL before the server goes (docs/migrating-to-sessions.md).
Set `linearEnabled` to false to disable the Linear auth config without deleting it.

Events: a trigger on the service user's GitHub (new issues in `githubOwner`/`githubRepo`),
which needs the user's GitHub connected account first (Composio's connect flow, see
docs/_index.md); the project's webhook subscription delivering every trigger event to
`webhookUrl` (by default a receiver on this machine), signed with its secret, which is
exported as a secret and rotated by changing `webhookSecretGeneration`; and the project's
settings, so MCP clients of the server and the session must send the project's API key.
"""

import pulumi

from pulumi_composio import (
    AuthConfig,
    CustomMcpServer,
    McpServerUserUrl,
    ProjectSettings,
    Session,
    Trigger,
    WebhookSubscription,
)

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

# New issues of the repository, on the service user's GitHub account (the user's first active
# one, as Composio resolves it: the user must have connected it before the first `up`).
new_issues = Trigger(
    "new-issues",
    slug="GITHUB_ISSUE_ADDED_EVENT",
    user_id=service_user,
    trigger_config={"owner": config.require("githubOwner"), "repo": config.require("githubRepo")},
)

# Where the project's events go; one subscription per project. Receivers verify each delivery
# with the secret; a new webhookSecretGeneration rotates it in place.
events = WebhookSubscription(
    "events",
    webhook_url=config.get("webhookUrl") or "http://localhost:8788/composio/events",
    enabled_events=["composio.trigger.message"],
    keepers={"generation": config.get("webhookSecretGeneration") or "1"},
)

# Only these settings are managed; destroy leaves the project's settings as they are.
settings = ProjectSettings(
    "project",
    require_mcp_api_key=True,
    mask_secret_keys_in_connected_account=True,
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
pulumi.export("trigger_id", new_issues.id)
pulumi.export("trigger_connected_account_id", new_issues.connected_account_id)
pulumi.export("webhook_subscription_id", events.id)
pulumi.export("webhook_url", events.webhook_url)
pulumi.export("webhook_secret", events.secret)  # a secret: it signs every delivery
pulumi.export("require_mcp_api_key", settings.require_mcp_api_key)
