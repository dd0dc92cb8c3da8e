"""The plugin's type tokens, each with its properties and the service that does its work.

Descriptions here are what every language's users read (the schema carries them to SDKs,
YAML editors and ``pulumi import``); the rules behind them live in each resource's
``inputs.py``, where the Python resources' docstrings describe them too.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from ..core.dynamic_provider import ResourceService
from ..servers.deprecations import CUSTOM_TOOLS_DEPRECATED
from .imports import auth_config_declaration, session_declaration, user_url_from_id
from .listings import (
    AUTH_CONFIG_LISTING,
    SERVER_LISTING,
    SESSION_LISTING,
    USER_URL_LISTING,
    Listing,
)
from .project_imports import trigger_declaration, webhook_subscription_declaration
from .project_listings import (
    CUSTOM_TOOLKIT_LISTING,
    PROJECT_SETTINGS_LISTING,
    TRIGGER_LISTING,
    WEBHOOK_SUBSCRIPTION_LISTING,
)
from .properties import Property

__all__ = [
    "AUTH_CONFIG",
    "CONFIG",
    "CUSTOM_MCP_SERVER",
    "CUSTOM_TOOLKIT",
    "MCP_SERVER_USER_URL",
    "PROJECT_SETTINGS",
    "RESOURCE_TYPES",
    "SESSION",
    "TRIGGER",
    "WEBHOOK_SUBSCRIPTION",
    "ResourceType",
]


@dataclass(frozen=True)
class ResourceType:
    """One resource of the plugin: its token, its properties and its service."""

    token: str
    description: str
    properties: tuple[Property, ...]
    service: str
    """``"module:Class"`` of the :class:`ResourceService` that does its work."""
    default_name: bool
    """Whether a name left out is made from the resource's URN (see ``naming.autoname``)."""
    docs_page: str
    """Its page under docs/, whose property tables ``make docs`` writes."""
    python_example: str
    """A Python program declaring it, which its Python class's docstring shows
    (``make python-resources`` writes the class)."""
    listing: Listing
    """How ``List`` (``pulumi do ... list``) enumerates the type's live objects, with the
    filters Composio's list route takes (the schema's ``listInputs``); a type Composio keeps
    no list of declares why instead (see :mod:`.listings`)."""
    updates_in_place: bool = True
    """Whether some change is applied in place. When every change replaces, the Python class
    does not pass the ``replace_on_changes`` option to its provider, which would have
    nothing to add (see ``core.input_rules.REPLACE_ON_CHANGES``)."""
    deprecated_inputs: Mapping[str, str] = field(default_factory=dict)
    """Inputs (service names) Composio has deprecated, each with the warning a resource
    declaring it gets (from the engine, and in a Python program from the class itself, which
    the dynamic host's ``check`` cannot attach to the resource)."""
    import_state: Callable[[str], dict[str, Any]] | None = None
    """What ``pulumi import`` knows from an id alone, when the id is more than the object's
    id (a user URL's is ``SERVER/users/USER``). Such a type's Python class has no ``get``:
    the dynamic host reads a ``get`` with the id alone and no inputs."""
    import_declaration: Callable[[dict[str, Any], Mapping[str, Any]], dict[str, Any]] | None = None
    """The imported object's declaration from its non-empty inputs and its outputs, when some
    of them would mean something else declared (see :mod:`.imports`)."""
    by_wire: Mapping[str, Property] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_wire", {p.wire: p for p in self.properties})

    @property
    def name(self) -> str:
        """The type's own name: ``CustomMcpServer``."""
        return self.token.rsplit(":", 1)[-1]

    def service_class(self) -> type[ResourceService]:
        module, _, name = self.service.partition(":")
        service: type[ResourceService] = getattr(importlib.import_module(module), name)
        return service

    def inputs(self) -> tuple[Property, ...]:
        return tuple(p for p in self.properties if p.input)

    def outputs(self) -> tuple[Property, ...]:
        return tuple(p for p in self.properties if p.output)

    def to_service(self, props: Mapping[str, Any]) -> dict[str, Any]:
        """Wire properties under the services' names; properties it does not have are left
        out (:meth:`unknown_properties` names them for ``check``)."""
        return {
            self.by_wire[key].name: value for key, value in props.items() if key in self.by_wire
        }

    def to_wire(self, props: Mapping[str, Any], *, outputs: bool) -> dict[str, Any]:
        """Service properties under Pulumi's names, only the declared inputs or outputs."""
        wanted = {p.name: p for p in (self.outputs() if outputs else self.inputs())}
        return {
            wanted[key].wire: value
            for key, value in props.items()
            if key in wanted and value is not None
        }

    def secret_properties(self) -> frozenset[str]:
        """Wire names of the properties that are always secret."""
        return frozenset(p.wire for p in self.properties if p.secret)

    def unknown_properties(self, props: Mapping[str, Any]) -> list[str]:
        return sorted(key for key in props if key not in self.by_wire and not key.startswith("__"))


_NAME_DEFAULT = (
    "Omitted: the resource name plus a 7-character suffix derived from the project, stack and "
    "resource name, kept once made (so a create interrupted by a killed run is recognised "
    "and taken back)."
)

CUSTOM_MCP_SERVER: Final = ResourceType(
    token="composio:index:CustomMcpServer",  # noqa: S106 - a type token
    description=(
        "A Composio custom MCP server: one server exposing tools from several toolkits (GitHub, "
        "Slack, ...) to MCP clients such as Cursor, Claude or Windsurf. Its id is the server "
        "id. Every change is applied in place with one PATCH. Composio calls MCP servers "
        "legacy and points new integrations to tool router sessions; the routes work today "
        '(see "When Composio retires MCP servers" in the docs).'
    ),
    service="pulumi_composio.servers.service:ServerService",
    default_name=True,
    docs_page="custom-mcp-server.md",
    listing=SERVER_LISTING,
    python_example="""\
server = CustomMcpServer(
    "support-tools",
    toolkits=["github", "slack"],
    allowed_tools=["GITHUB_CREATE_ISSUE"],
    auth_config_ids=[github.id],
)
pulumi.export("mcp_url", server.mcp_url)
pulumi.export("cursor_command", server.commands["cursor"])
""",
    deprecated_inputs={"custom_tools": CUSTOM_TOOLS_DEPRECATED},
    properties=(
        Property(
            "name",
            "string",
            "The server's name: 4-30 letters, digits, spaces or hyphens. " + _NAME_DEFAULT,
            required_output=True,
        ),
        Property(
            "toolkits",
            "strings",
            'Toolkit slugs, such as ["github", "slack"]; a set: order and repeats never cause '
            "a change.",
            required_output=True,
        ),
        Property(
            "allowed_tools",
            "strings",
            'Tool slugs to enable, such as ["GITHUB_CREATE_ISSUE"]; a set.',
            required_output=True,
        ),
        Property(
            "custom_tools",
            "strings",
            "Composio's deprecated name for allowedTools: merged into allowedTools.",
            output=False,
        ),
        Property(
            "auth_config_ids",
            "strings",
            "Ids of the auth configs the server's toolkits authenticate with; a set.",
            required_output=True,
        ),
        Property(
            "managed_auth_via_composio",
            "boolean",
            "Whether Composio manages the users' authentication; left unset, Pulumi does not "
            "manage it.",
        ),
        Property(
            "adopt_server_id",
            "string",
            "Take over this existing server (for example one made in the dashboard) instead of "
            "creating one, and make it match the declaration.",
        ),
        Property(
            "mcp_url",
            "string",
            "The server's bare MCP URL. Composio refuses it without a user: an MCP client "
            "connects with a McpServerUserUrl's url (this URL with ?user_id=...) and sends "
            "the project's API key in the x-api-key header. Composio's API marks this field "
            "deprecated.",
            input=False,
            required_output=True,
        ),
        Property(
            "commands",
            "commands",
            "Setup commands by MCP client: cursor, claude and windsurf (npx @composio/mcp "
            "setup with the bare mcpUrl). Composio's API marks them deprecated: configure a "
            "client with a McpServerUserUrl's clientConfig instead.",
            input=False,
            required_output=True,
        ),
    ),
)

AUTH_CONFIG: Final = ResourceType(
    token="composio:index:AuthConfig",  # noqa: S106 - a type token
    description=(
        "A Composio auth config: how one toolkit authenticates, Composio-managed OAuth (no "
        "authScheme) or the team's own app, key or token (authScheme plus credentials). Its "
        "id is ac_...; a change of toolkit or kind replaces it, anything else is one PATCH."
    ),
    service="pulumi_composio.auth_configs.service:AuthConfigService",
    default_name=True,
    docs_page="auth-config.md",
    listing=AUTH_CONFIG_LISTING,
    python_example="""\
github = AuthConfig("github", toolkit="github")
linear = AuthConfig(
    "linear",
    toolkit="linear",
    auth_scheme="API_KEY",
    credentials={"api_key": config.require_secret("linearApiKey")},
)
server = CustomMcpServer(
    "support", toolkits=["github", "linear"], auth_config_ids=[github.id, linear.id]
)
""",
    import_declaration=auth_config_declaration,
    properties=(
        Property(
            "toolkit",
            "string",
            'The toolkit slug, such as "github"; changing it replaces the auth config.',
            required_input=True,
            required_output=True,
        ),
        Property(
            "name",
            "string",
            "The auth config's name; changing it renames it in place. " + _NAME_DEFAULT,
            required_output=True,
        ),
        Property(
            "auth_scheme",
            "string",
            "Unset: Composio-managed auth. Set (API_KEY, OAUTH2, BEARER_TOKEN, BASIC, ...): "
            "the team's own credentials. Switching between the two, or between schemes, "
            "replaces the auth config: Composio cannot switch it in place. As an output, the "
            "scheme Composio uses (OAUTH2 for Composio-managed OAuth).",
        ),
        Property(
            "credentials",
            "string_map",
            'Custom auth only, such as {"api_key": ...} or {"client_id": ..., '
            '"client_secret": ...}; always secret. Composio never shows them again, so a '
            "change is noticed against a salted, slow hash of what was last sent.",
            output=False,
            secret=True,
        ),
        Property(
            "scopes",
            "strings",
            "OAuth scopes; a set.",
            required_output=True,
        ),
        Property(
            "allowed_tools",
            "strings",
            "The only tools the auth config may execute; a set.",
            required_output=True,
        ),
        Property(
            "enabled",
            "boolean",
            "False disables the auth config; default true.",
            required_output=True,
        ),
        Property(
            "adopt_auth_config_id",
            "string",
            "Take over this existing auth config (say, one made in the dashboard) instead of "
            "creating one, and apply the declared inputs to it.",
        ),
        Property(
            "is_composio_managed",
            "boolean",
            "Whether Composio manages the authentication.",
            input=False,
            required_output=True,
        ),
        Property(
            "status",
            "string",
            "ENABLED or DISABLED.",
            input=False,
            required_output=True,
        ),
        Property(
            "created_at",
            "string",
            "When Composio made it; not in Composio's create answer, so the first refresh "
            "fills it in.",
            input=False,
        ),
        Property(
            "credentials_fingerprint",
            "string",
            "Internal: a salted scrypt hash of the credentials last sent, by which a rotated "
            "key is noticed; never the credentials themselves.",
            input=False,
            secret=True,
        ),
    ),
)

MCP_SERVER_USER_URL: Final = ResourceType(
    token="composio:index:McpServerUserUrl",  # noqa: S106 - a type token
    description=(
        "A server's URL for one user or one connected account, from Composio's generate "
        "call. Whoever holds the URL acts as that user, so it is a secret. Any change "
        "replaces it; delete calls nothing, since nothing exists on Composio's side. A "
        "session's MCP URL is its successor: Composio calls MCP servers legacy."
    ),
    service="pulumi_composio.user_urls.service:UserUrlService",
    default_name=False,
    docs_page="mcp-server-user-url.md",
    updates_in_place=False,
    listing=USER_URL_LISTING,
    python_example="""\
url = McpServerUserUrl("support-bot", server_id=server.id, user_id="support-bot")
pulumi.export("support_bot_url", url.url)  # a secret
pulumi.export("cursor_mcp_json", url.client_config)
""",
    import_state=user_url_from_id,
    properties=(
        Property(
            "server_id",
            "string",
            "The server, usually a CustomMcpServer's id.",
            required_input=True,
            required_output=True,
        ),
        Property(
            "user_id",
            "string",
            "A user of your app; give exactly one of userId and connectedAccountId.",
        ),
        Property(
            "connected_account_id",
            "string",
            "One connected account; give exactly one of userId and connectedAccountId.",
        ),
        Property(
            "managed_auth_by_composio",
            "boolean",
            "Passed to Composio as is: whether Composio manages the user's authentication.",
        ),
        Property(
            "url",
            "string",
            "The URL to connect an MCP client with, acting as the user: a secret. The client "
            "also sends the project's API key in the x-api-key header.",
            input=False,
            required_output=True,
            secret=True,
        ),
        Property(
            "client_config",
            "string",
            'mcp.json for Cursor ({"mcpServers": {"composio": {"url", "headers"}}}): the url, '
            "and an x-api-key header that the client reads from COMPOSIO_API_KEY in its own "
            "environment, never the key itself. A secret, since it holds the url.",
            input=False,
            required_output=True,
            secret=True,
        ),
        Property(
            "base_url",
            "string",
            "The server's bare MCP URL, which Composio refuses without a user.",
            input=False,
            required_output=True,
        ),
    ),
)

SESSION: Final = ResourceType(
    token="composio:index:Session",  # noqa: S106 - a type token
    description=(
        "A Composio tool router session: one user's toolkits, tools, auth configs and "
        "policies behind one MCP URL, the successor of a CustomMcpServer plus its "
        "McpServerUserUrl. Its id is the session id. A change of userId replaces it; any "
        "other change is one PATCH carrying the session's configVersion, which Composio "
        "refuses when the session changed elsewhere since the last refresh."
    ),
    service="pulumi_composio.sessions.service:SessionService",
    default_name=False,
    docs_page="session.md",
    listing=SESSION_LISTING,
    python_example="""\
github = AuthConfig("github", toolkit="github")
session = Session(
    "support-bot",
    user_id="support-bot",
    toolkits=["github"],
    tools={"github": {"enable": ["GITHUB_CREATE_ISSUE", "GITHUB_LIST_ISSUES"]}},
    auth_configs={"github": github.id},
    direct_tools=True,
)
pulumi.export("cursor_mcp_json", session.client_config)  # a secret
""",
    import_declaration=session_declaration,
    properties=(
        Property(
            "user_id",
            "string",
            "The user of your app the session acts for; changing it replaces the session.",
            required_input=True,
            required_output=True,
        ),
        Property(
            "toolkits",
            "strings",
            'The toolkit slugs to enable, such as ["github"]; a set. Left out (with '
            "disabledToolkits left out too), every toolkit is enabled.",
        ),
        Property(
            "disabled_toolkits",
            "strings",
            "Instead of toolkits: every toolkit but these; a set.",
        ),
        Property(
            "tools",
            "object",
            "Per toolkit, which of its tools: "
            '{"github": {"enable": ["GITHUB_CREATE_ISSUE"]}}, or "disable": [...], or '
            '"tags": [...] (MCP hints such as readOnlyHint).',
        ),
        Property(
            "tags",
            "strings",
            "Only tools carrying these MCP hints (readOnlyHint, destructiveHint, "
            "idempotentHint, openWorldHint, createHint, updateHint).",
        ),
        Property(
            "auth_configs",
            "string_map",
            'The auth config each toolkit authenticates with, such as {"github": githubConfig.id}.',
        ),
        Property(
            "connected_accounts",
            "object",
            'The connected accounts to use, by toolkit: {"github": ["ca_..."]}.',
        ),
        Property(
            "manage_connections",
            "object",
            "Composio's manage_connections block (enable, callback_url, "
            "enable_connection_removal, enable_wait_for_connections); managed only when set, "
            "and only the keys set.",
        ),
        Property(
            "search",
            "object",
            'Composio\'s search block ({"enable": false} turns the search meta-tools off); '
            "managed only when set.",
        ),
        Property(
            "workbench",
            "object",
            "Composio's workbench block (enable, enable_proxy_execution, "
            "auto_offload_threshold, sandbox_size, enable_tool_execution); managed only when set.",
        ),
        Property(
            "multi_account",
            "object",
            "Composio's multi_account block (enable, max_accounts_per_toolkit, "
            "require_explicit_selection); managed only when set.",
        ),
        Property(
            "preload",
            "object",
            'Composio\'s preload block: {"tools": [...]} or {"tools": "all"}, the tools '
            "offered to the client directly; managed only when set.",
        ),
        Property(
            "direct_tools",
            "boolean",
            "Composio's direct-tools preset: the MCP URL serves exactly the enabled tools, with "
            "no meta-tools, connection manager or workbench (as a CustomMcpServer does). It "
            "sets search, workbench, manageConnections and preload itself, and needs toolkits "
            "or a tools enable list.",
        ),
        Property(
            "adopt_session_id",
            "string",
            "Take over this existing session of the same user (for example one made with "
            "Composio's SDK) instead of creating one, and make it match the declaration.",
        ),
        Property(
            "mcp_url",
            "string",
            "The session's MCP URL. A client connects with it and sends the project's API key "
            "in the x-api-key header; it acts as the user, so it is a secret.",
            input=False,
            required_output=True,
            secret=True,
        ),
        Property(
            "client_config",
            "string",
            'mcp.json for Cursor ({"mcpServers": {"composio": {"url", "headers"}}}): the '
            "mcpUrl, and an x-api-key header that the client reads from COMPOSIO_API_KEY in "
            "its own environment, never the key itself. A secret, since it holds the URL.",
            input=False,
            required_output=True,
            secret=True,
        ),
        Property(
            "config_version",
            "integer",
            "The session's configuration version, which each change raises; an update sends "
            "the one last read, so a session changed elsewhere is not overwritten.",
            input=False,
            required_output=True,
        ),
        Property(
            "tool_router_tools",
            "strings",
            "The tools the MCP URL serves directly: the meta-tools, then the preloaded tools.",
            input=False,
            required_output=True,
        ),
        Property(
            "config",
            "object",
            "The configuration Composio applies, in its answers' words, defaults filled in.",
            input=False,
            required_output=True,
        ),
    ),
)

TRIGGER: Final = ResourceType(
    token="composio:index:Trigger",  # noqa: S106 - a type token
    description=(
        "A Composio trigger (a trigger instance): a trigger type, such as "
        "GITHUB_ISSUE_ADDED_EVENT, set up with its config on one user's connected account, "
        "whose events Composio delivers to the project's WebhookSubscription. Its id is the "
        "trigger id (ti_...). Another trigger type or account replaces it; a new "
        "triggerConfig or toolkitVersions is one upsert in place, enabled one call of "
        "Composio's manage route."
    ),
    service="pulumi_composio.triggers.service:TriggerService",
    default_name=False,
    docs_page="trigger.md",
    listing=TRIGGER_LISTING,
    python_example="""\
issues = Trigger(
    "new-issues",
    slug="GITHUB_ISSUE_ADDED_EVENT",
    user_id="support-bot",
    trigger_config={"owner": "acme", "repo": "api"},
)
pulumi.export("trigger_id", issues.id)
""",
    import_declaration=trigger_declaration,
    properties=(
        Property(
            "slug",
            "string",
            "The trigger type, such as GITHUB_ISSUE_ADDED_EVENT (getTriggerTypes lists a "
            "toolkit's), checked at preview with a did-you-mean; upper-cased as Composio "
            "keeps it. Changing it replaces the trigger.",
            required_input=True,
            required_output=True,
        ),
        Property(
            "user_id",
            "string",
            "The user of your app whose connected account of the trigger type's toolkit "
            "receives the events (Composio picks the user's first active one); give it or "
            "connectedAccountId. Changing it replaces the trigger.",
        ),
        Property(
            "connected_account_id",
            "string",
            "The connected account (ca_...) the trigger is set up on; give it or userId. As an "
            "output, the account Composio resolved. Changing it replaces the trigger.",
        ),
        Property(
            "trigger_config",
            "object",
            'The trigger type\'s config, such as {"owner": "acme", "repo": "api"}, checked '
            "against the type's config schema at preview (required fields, fields it lacks, "
            "types). A change is one upsert in place.",
        ),
        Property(
            "toolkit_versions",
            "string_map",
            'The toolkit version to use, such as {"github": "20250905_00"}; left out, the '
            "latest. A change is one upsert in place.",
        ),
        Property(
            "enabled",
            "boolean",
            "False disables the trigger (no events are delivered); default true.",
            required_output=True,
        ),
        Property(
            "adopt_trigger_id",
            "string",
            "Take over this existing trigger (ti_..., for example one made with Composio's "
            "SDK) instead of creating one, and make it match the declaration.",
        ),
        Property(
            "auth_config_id",
            "string",
            "The auth config of the connected account the trigger is on.",
            input=False,
        ),
    ),
)

WEBHOOK_SUBSCRIPTION: Final = ResourceType(
    token="composio:index:WebhookSubscription",  # noqa: S106 - a type token
    description=(
        "The project's webhook subscription: where Composio delivers the project's events "
        "(trigger messages, expired connections), signed with its secret. Composio allows "
        "one per project: creating a second fails, saying how to adopt the one there. Its "
        "id is whs_...; every change is one PATCH, and a change of keepers rotates the "
        "secret in place."
    ),
    service="pulumi_composio.webhook_subscriptions.service:WebhookSubscriptionService",
    default_name=False,
    docs_page="webhook-subscription.md",
    listing=WEBHOOK_SUBSCRIPTION_LISTING,
    python_example="""\
hook = WebhookSubscription(
    "events",
    webhook_url="https://agents.example.com/composio/events",
    enabled_events=["composio.trigger.message"],
    keepers={"rotated": "2026-01"},  # change it to rotate the secret
)
pulumi.export("webhook_secret", hook.secret)  # a secret
""",
    import_declaration=webhook_subscription_declaration,
    properties=(
        Property(
            "webhook_url",
            "string",
            "Where events go: an https URL (plain http only to this machine, for a local "
            "receiver in tests).",
            required_input=True,
            required_output=True,
        ),
        Property(
            "enabled_events",
            "strings",
            'The event types delivered, such as ["composio.trigger.message"] '
            "(getWebhookEventTypes lists them), checked at preview; a set.",
            required_input=True,
            required_output=True,
        ),
        Property(
            "version",
            "string",
            "The payload format: V1, V2 or V3 (default).",
            required_output=True,
        ),
        Property(
            "keepers",
            "string_map",
            "Anything the secret should follow, as in pulumi-random: any change to this map "
            "rotates the secret in place (receivers must then take the new one).",
        ),
        Property(
            "adopt_webhook_subscription_id",
            "string",
            "Take over the project's existing subscription (whs_...) instead of creating one, "
            "and make it match the declaration; its secret is read from Composio.",
        ),
        Property(
            "secret",
            "string",
            "The signing secret receivers verify deliveries with (webhook-signature, an "
            "HMAC-SHA256): kept in state from creation, since Composio shows it whole only then "
            "and at a rotation. Always secret.",
            input=False,
            secret=True,
        ),
        Property(
            "created_at",
            "string",
            "When Composio made it.",
            input=False,
        ),
    ),
)

PROJECT_SETTINGS: Final = ResourceType(
    token="composio:index:ProjectSettings",  # noqa: S106 - a type token
    description=(
        "The settings of the provider key's Composio project (one per project; its id is "
        "project). Only the settings declared are managed: one left out is never changed or "
        "read as drift. Every change is one PATCH. Destroying it changes nothing in Composio: "
        "the settings stay as the stack last set them."
    ),
    service="pulumi_composio.project_settings.service:ProjectSettingsService",
    default_name=False,
    docs_page="project-settings.md",
    listing=PROJECT_SETTINGS_LISTING,
    python_example="""\
settings = ProjectSettings(
    "project",
    require_mcp_api_key=True,
    mask_secret_keys_in_connected_account=True,
    log_visibility_setting="dont_store_data",
)
""",
    properties=(
        Property(
            "require_mcp_api_key",
            "boolean",
            "Whether MCP clients of the project's servers and sessions must send the "
            "project's API key (x-api-key).",
        ),
        Property(
            "mask_secret_keys_in_connected_account",
            "boolean",
            "Whether Composio's answers mask the secrets of connected accounts.",
        ),
        Property(
            "log_visibility_setting",
            "string",
            "show_all, or dont_store_data (Composio keeps no tool inputs and outputs in its logs).",
        ),
        Property(
            "is_2fa_enabled",
            "boolean",
            "Composio's is_2FA_enabled: a userId sent beside a connected account must own it.",
        ),
        Property("display_name", "string", "The project's display name."),
        Property("logo_url", "string", "The project's logo: an https URL."),
        Property(
            "settings",
            "object",
            "Every setting of the project as Composio answers it, the undeclared ones too.",
            input=False,
            required_output=True,
        ),
    ),
)

CUSTOM_TOOLKIT: Final = ResourceType(
    token="composio:index:CustomToolkit",  # noqa: S106 - a type token
    description=(
        "A Composio custom toolkit (Composio's experimental Custom MCP): a remote MCP server "
        "registered under a project-scoped slug, which auth configs, servers and sessions "
        "then name by its toolkitSlug (CUSTOM_...), its id. A new name is one upsert in "
        "place; Composio cannot change the appUrl or auth schemes of a registered toolkit, "
        "so those replace it under the same slug (deleted first, with its auth configs and "
        "connected accounts, as destroy does)."
    ),
    service="pulumi_composio.custom_toolkits.service:CustomToolkitService",
    default_name=False,
    docs_page="custom-toolkit.md",
    listing=CUSTOM_TOOLKIT_LISTING,
    python_example="""\
docs = CustomToolkit(
    "docs",
    slug="acme_docs",
    name="Acme Docs",
    app_url="https://mcp.acme.example/mcp",
    auth_schemes={"API_KEY": {"headers": {"Authorization": "Bearer {{generic_api_key}}"}}},
)
pulumi.export("toolkit", docs.toolkit_slug)  # CUSTOM_ACME_DOCS
""",
    properties=(
        Property(
            "slug",
            "string",
            "The toolkit's slug: 1-30 letters, digits, '_' or spaces, such as acme_docs; "
            "Composio answers CUSTOM_ and it in capitals (toolkitSlug). Changing it replaces "
            "the toolkit.",
            required_input=True,
            required_output=True,
        ),
        Property(
            "name",
            "string",
            "The toolkit's display name; a change is one upsert in place.",
            required_input=True,
            required_output=True,
        ),
        Property(
            "app_url",
            "string",
            "The MCP server's URL (https). Changing it replaces the toolkit under its slug.",
            required_input=True,
        ),
        Property(
            "auth_schemes",
            "object",
            "How users authenticate to the server, by mode (each once): "
            '{"NO_AUTH": {}} (the default), {"API_KEY": {"headers": {"Authorization": "Bearer '
            '{{generic_api_key}}"}, "api_key_field": {"display_name": ..., "description": '
            '...}}}, {"DCR_OAUTH": {"discovery_url": "https://..."}}. A change of mode, '
            "headers or discovery URL replaces the toolkit under its slug; of api_key_field, "
            "one upsert in place.",
        ),
        Property(
            "toolkit_slug",
            "string",
            "The slug to use with Composio: CUSTOM_ and the slug in capitals, such as "
            "CUSTOM_ACME_DOCS (an AuthConfig's toolkit, a Session's toolkits).",
            input=False,
            required_output=True,
        ),
    ),
)

RESOURCE_TYPES: Final[Mapping[str, ResourceType]] = {
    kind.token: kind
    for kind in (
        CUSTOM_MCP_SERVER,
        AUTH_CONFIG,
        MCP_SERVER_USER_URL,
        SESSION,
        TRIGGER,
        WEBHOOK_SUBSCRIPTION,
        PROJECT_SETTINGS,
        CUSTOM_TOOLKIT,
    )
}

CONFIG: Final = (
    Property(
        "api_key",
        "string",
        "Composio project API key, sent as x-api-key. Default: the COMPOSIO_API_KEY "
        "environment variable. Set it with `pulumi config set --secret composio:apiKey`.",
        secret=True,
    ),
    Property(
        "user_api_key",
        "string",
        "Composio user API key, sent as x-user-api-key, instead of apiKey. Default: the "
        "COMPOSIO_USER_API_KEY environment variable.",
        secret=True,
    ),
    Property(
        "base_url",
        "string",
        "Composio API base URL. Default: COMPOSIO_BASE_URL, else https://backend.composio.dev.",
    ),
    Property(
        "allow_insecure_http",
        "boolean",
        "Allow a plain http:// base URL off this machine (refused otherwise, since the key "
        "travels in a header). Default: COMPOSIO_ALLOW_INSECURE_HTTP.",
    ),
)
"""The provider's configuration, ``composio:apiKey`` and so on."""
