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
from .properties import Property

__all__ = [
    "AUTH_CONFIG",
    "CONFIG",
    "CUSTOM_MCP_SERVER",
    "MCP_SERVER_USER_URL",
    "RESOURCE_TYPES",
    "SESSION",
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

RESOURCE_TYPES: Final[Mapping[str, ResourceType]] = {
    kind.token: kind for kind in (CUSTOM_MCP_SERVER, AUTH_CONFIG, MCP_SERVER_USER_URL, SESSION)
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
