"""Pydantic models of the Composio API's request and response bodies: MCP servers, auth configs
and the catalogue of toolkits and tools.

Responses ignore fields they do not know, so Composio can add fields without breaking
``pulumi refresh``; a missing required field is an error that names the field. Requests
forbid unknown fields, so a typo in our own code fails loudly instead of being dropped.

The server-name rule is in :mod:`.naming`, which Pulumi programs import without pydantic.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "AUTH_SCHEMES",
    "AuthConfigList",
    "AuthConfigSpec",
    "AuthConfigStatus",
    "AuthConfigToolkit",
    "ComposioAuthConfig",
    "ComposioTool",
    "ComposioToolkit",
    "CreateAuthConfigRequest",
    "CreateCustomServerRequest",
    "CreatedAuthConfig",
    "CreatedAuthConfigBody",
    "CreatedCustomServer",
    "CursorPage",
    "DeleteResult",
    "DeletedCustomToolkit",
    "DeletedTrigger",
    "DeletedWebhookSubscription",
    "ErrorBody",
    "ErrorEnvelope",
    "GenerateUrlsRequest",
    "GenerateUrlsResponse",
    "ManagedTrigger",
    "McpCommands",
    "McpServer",
    "OrderBy",
    "OrderDirection",
    "PatchProjectConfigRequest",
    "ProjectConfig",
    "RotatedSecret",
    "ServerList",
    "ToolAccess",
    "ToolAccessConfig",
    "ToolList",
    "ToolToolkit",
    "ToolkitAuthDetail",
    "ToolkitList",
    "ToolkitMeta",
    "ToolkitRef",
    "ToolkitSummary",
    "TriggerInstance",
    "TriggerInstanceList",
    "TriggerType",
    "TriggerTypeList",
    "TriggerTypeToolkit",
    "UpdateAuthConfigRequest",
    "UpdateServerRequest",
    "UpsertCustomToolkitRequest",
    "UpsertTriggerRequest",
    "UpsertedCustomToolkit",
    "UpsertedTrigger",
    "WebhookEventType",
    "WebhookEventTypeList",
    "WebhookSubscription",
    "WebhookSubscriptionList",
    "WebhookSubscriptionRequest",
]

OrderBy = Literal["created_at", "updated_at"]
OrderDirection = Literal["asc", "desc"]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_body(self) -> dict[str, Any]:
        """The JSON body to send: only the fields that were given, never ``null``, under
        the API's own field names."""
        return self.model_dump(mode="json", exclude_unset=True, exclude_none=True, by_alias=True)


class _Response(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class CursorPage(_Response):
    """One page of a cursor-paged list: ``next_cursor`` (absent on the last page) asks for
    the next one; it holds the page, not the filters, which are sent again with it."""

    next_cursor: str | None = None


class CreateCustomServerRequest(_Request):
    """Body of ``POST /mcp/servers/custom``.

    The name rule is not enforced here: the provider's ``check`` reports it to the user
    (see :func:`validate_server_name`), and Composio stays the final judge.
    """

    name: str
    toolkits: list[str] | None = None
    allowed_tools: list[str] | None = None
    auth_config_ids: list[str] | None = None
    custom_tools: list[str] | None = Field(
        default=None, description="Deprecated by Composio in favour of allowed_tools."
    )
    managed_auth_via_composio: bool | None = None


class UpdateServerRequest(_Request):
    """Body of ``PATCH /mcp/{id}``: Composio changes exactly the fields that are sent."""

    name: str | None = None
    toolkits: list[str] | None = None
    allowed_tools: list[str] | None = None
    auth_config_ids: list[str] | None = None
    managed_auth_via_composio: bool | None = None


class GenerateUrlsRequest(_Request):
    """Body of ``POST /mcp/servers/generate``: per-user or per-account URLs of a server."""

    mcp_server_id: str
    user_ids: list[str] | None = None
    connected_account_ids: list[str] | None = None
    managed_auth_by_composio: bool | None = None


class McpCommands(_Response):
    """Shell commands that register the server with each MCP client."""

    cursor: str
    claude: str
    windsurf: str


class McpServer(_Response):
    """A server as ``GET /mcp/{id}``, ``PATCH`` and list items return it.

    List items carry no ``deleted`` flag, hence its default.
    """

    id: str
    name: str
    toolkits: list[str]
    allowed_tools: list[str]
    auth_config_ids: list[str]
    managed_auth_via_composio: bool
    mcp_url: str
    commands: McpCommands
    created_at: str
    updated_at: str
    deleted: bool = False
    server_instance_count: int = 0
    toolkit_icons: dict[str, str | None] = Field(default_factory=dict)


class CreatedCustomServer(_Response):
    """The ``201`` answer to a create: fewer fields than :class:`McpServer`."""

    id: str
    name: str
    auth_config_ids: list[str]
    allowed_tools: list[str]
    mcp_url: str
    commands: McpCommands
    toolkits: list[str] | None = None
    managed_auth_via_composio: bool | None = None
    created_at: str | None = None
    updated_at: str | None = None


class ServerList(_Response):
    """One page of ``GET /mcp/servers``; ``current_page`` is 1-based."""

    items: list[McpServer]
    current_page: int
    total_pages: int


class DeleteResult(_Response):
    """The answer to ``DELETE /mcp/{id}``; Composio deletes softly."""

    id: str
    deleted: bool


class GenerateUrlsResponse(_Response):
    """Generated URLs, in the order of the requested user and account ids."""

    mcp_url: str
    user_ids_url: list[str] = Field(default_factory=list)
    connected_account_urls: list[str] = Field(default_factory=list)


class ErrorBody(_Response):
    """The inside of Composio's error envelope.

    Only ``message`` is required here although the API documents ``code``, ``slug`` and
    ``status`` as required too: an error is read on a best-effort basis, since failing
    to parse it would hide the message the user needs.
    """

    message: str
    code: int | None = None
    slug: str | None = None
    status: int | None = None
    request_id: str | None = None
    suggested_fix: str | None = None
    errors: list[str] | None = None

    @field_validator("errors", mode="before")
    @classmethod
    def _errors_as_text(cls, value: Any) -> Any:
        """Documented as strings; render anything else as compact JSON rather than fail."""
        if isinstance(value, list):
            return [
                item if isinstance(item, str) else json.dumps(item, separators=(",", ":"))
                for item in value
            ]
        return value


class ErrorEnvelope(_Response):
    """``{"error": {...}}``, the body of every Composio error answer."""

    error: ErrorBody


# --- auth configs ----------------------------------------------------------------------

AuthConfigStatus = Literal["ENABLED", "DISABLED"]

AUTH_SCHEMES = frozenset(
    {
        "OAUTH2",
        "OAUTH1",
        "API_KEY",
        "BASIC",
        "BILLCOM_AUTH",
        "BEARER_TOKEN",
        "GOOGLE_SERVICE_ACCOUNT",
        "NO_AUTH",
        "BASIC_WITH_JWT",
        "CALCOM_AUTH",
        "SERVICE_ACCOUNT",
        "SAML",
        "DCR_OAUTH",
        "S2S_OAUTH2",
    }
)
"""Composio's custom auth schemes: the ``authScheme`` values of a ``use_custom_auth`` create."""


class ToolkitRef(_Request):
    """``{"slug": ...}``: the toolkit an auth config authenticates."""

    slug: str


class ToolAccess(_Request):
    """``tool_access_config`` of an update: which tools the auth config may execute."""

    tools_available_for_execution: list[str] | None = None


class AuthConfigSpec(_Request):
    """The ``auth_config`` part of a create body.

    ``type`` picks Composio-managed auth (``use_composio_managed_auth``) or the team's own
    credentials (``use_custom_auth``, which needs ``auth_scheme``, sent as ``authScheme``).
    ``credentials`` hold secrets and never appear in this object's ``repr``.
    """

    type: Literal["use_composio_managed_auth", "use_custom_auth"]
    name: str | None = None
    auth_scheme: str | None = Field(default=None, serialization_alias="authScheme")
    credentials: dict[str, Any] | None = Field(default=None, repr=False)
    restrict_to_following_tools: list[str] | None = None


class CreateAuthConfigRequest(_Request):
    """Body of ``POST /auth_configs``."""

    toolkit: ToolkitRef
    auth_config: AuthConfigSpec

    def __repr__(self) -> str:
        return (
            f"CreateAuthConfigRequest(toolkit={self.toolkit.slug!r}, "
            f"type={self.auth_config.type!r}, name={self.auth_config.name!r})"
        )


class UpdateAuthConfigRequest(_Request):
    """Body of ``PATCH /auth_configs/{id}``; only the fields that are sent change.

    ``type`` says which kind of config is being updated (``custom`` or ``default``, i.e.
    Composio-managed); a config cannot switch kinds in place. Scopes travel inside
    ``credentials`` for a custom config and at the top level for a managed one.
    """

    type: Literal["custom", "default"]
    name: str | None = None
    credentials: dict[str, Any] | None = Field(default=None, repr=False)
    scopes: list[str] | None = None
    tool_access_config: ToolAccess | None = None


class AuthConfigToolkit(_Response):
    slug: str
    logo: str | None = None


class ToolAccessConfig(_Response):
    tools_available_for_execution: list[str] | None = None
    tools_for_connected_account_creation: list[str] | None = None


class ComposioAuthConfig(_Response):
    """An auth config as ``GET /auth_configs/{id}`` and list items return it.

    Composio redacts secret ``credentials`` in answers, so they can be sent but never
    read back; ``credentials`` is left out of this object's ``repr`` all the same.
    """

    id: str
    name: str
    status: AuthConfigStatus
    type: Literal["default", "custom"]
    toolkit: AuthConfigToolkit
    auth_scheme: str | None = None
    is_composio_managed: bool | None = None
    credentials: dict[str, Any] | None = Field(default=None, repr=False)
    tool_access_config: ToolAccessConfig = Field(default_factory=ToolAccessConfig)
    restrict_to_following_tools: list[str] | None = None
    created_at: str | None = None
    last_updated_at: str | None = None

    @property
    def allowed_tools(self) -> list[str]:
        """The tools the config may execute; empty means no restriction."""
        tools = self.tool_access_config.tools_available_for_execution
        return list(tools if tools is not None else self.restrict_to_following_tools or [])

    @property
    def scopes(self) -> list[str]:
        """OAuth scopes, which Composio keeps beside the (redacted) credentials."""
        scopes = (self.credentials or {}).get("scopes")
        if isinstance(scopes, str):
            return [scope for scope in scopes.replace(",", " ").split() if scope]
        if isinstance(scopes, list):
            return [str(scope) for scope in scopes]
        return []


class CreatedAuthConfigBody(_Response):
    id: str
    auth_scheme: str
    is_composio_managed: bool
    restrict_to_following_tools: list[str] | None = None


class CreatedAuthConfig(_Response):
    """The answer to a create: the id and kind, not the name, status or timestamps."""

    auth_config: CreatedAuthConfigBody
    toolkit: AuthConfigToolkit


class AuthConfigList(CursorPage):
    """One page of ``GET /auth_configs``."""

    items: list[ComposioAuthConfig]
    total_pages: float = 1
    current_page: float = 1


# --- the catalogue: toolkits and tools --------------------------------------------------


class ToolkitMeta(_Response):
    """What ``meta`` of a toolkit says about it; counts are floats in Composio's answers."""

    description: str = ""
    logo: str | None = None
    tools_count: float | None = None
    triggers_count: float | None = None


class ToolkitAuthDetail(_Response):
    """One way a toolkit authenticates: ``mode`` is the scheme (``OAUTH2``, ``API_KEY``...)."""

    mode: str
    name: str | None = None


class ComposioToolkit(_Response):
    """A toolkit as ``GET /toolkits/{slug}`` returns it: not its tools (``GET /tools`` lists
    those), but how it authenticates.

    Composio's answer names each scheme in ``auth_config_details`` and those it manages in
    ``composio_managed_auth_schemes``; the properties read them as the lookups show them.
    """

    slug: str
    name: str
    meta: ToolkitMeta = Field(default_factory=ToolkitMeta)
    auth_config_details: list[ToolkitAuthDetail] | None = None
    composio_managed_auth_schemes: list[str] | None = None

    @property
    def auth_schemes(self) -> list[str]:
        """The schemes it takes, in Composio's order, each once."""
        return list(dict.fromkeys(detail.mode for detail in self.auth_config_details or []))

    @property
    def composio_managed_auth(self) -> bool:
        """Whether Composio can manage its auth (an auth config with no credentials of yours)."""
        return bool(self.composio_managed_auth_schemes)


class ToolkitSummary(_Response):
    """A toolkit as the items of ``GET /toolkits`` show it."""

    slug: str
    name: str
    auth_schemes: list[str] | None = None
    composio_managed_auth_schemes: list[str] | None = None


class ToolkitList(CursorPage):
    """One page of ``GET /toolkits``."""

    items: list[ToolkitSummary]


class ToolToolkit(_Response):
    slug: str
    name: str | None = None


class ComposioTool(_Response):
    """A tool as ``GET /tools/{slug}`` and the items of ``GET /tools`` show it."""

    slug: str
    name: str
    description: str = ""
    toolkit: ToolToolkit
    input_parameters: dict[str, Any] = Field(default_factory=dict)
    tags: list[str] = Field(default_factory=list)
    """Composio's tags: MCP hints such as ``readOnlyHint`` or ``destructiveHint``, and others."""


class ToolList(CursorPage):
    """One page of ``GET /tools``."""

    items: list[ComposioTool]


class SessionSettingsRequest(_Request):
    """The policy blocks a session is created or patched with, in ``composio-client``
    2.0.0rc19's words (``session_create_params``); each block passes as Composio has it."""

    toolkits: dict[str, Any] | None = None
    tools: dict[str, Any] | None = None
    tags: list[str] | dict[str, Any] | None = None
    auth_configs: dict[str, str] | None = None
    connected_accounts: dict[str, list[str]] | None = None
    manage_connections: dict[str, Any] | None = None
    search: dict[str, Any] | None = None
    workbench: dict[str, Any] | None = None
    multi_account: dict[str, Any] | None = None
    preload: dict[str, Any] | None = None
    execute: dict[str, Any] | None = None


class CreateSessionRequest(SessionSettingsRequest):
    """``POST /tool_router/session``."""

    user_id: str


class PatchSessionRequest(SessionSettingsRequest):
    """``PATCH /tool_router/session/{id}``: a block set to ``None`` goes back to Composio's
    default, so unlike other requests its ``None`` fields are sent; ``expected_config_version``
    makes Composio refuse (409) a session changed since it was read."""

    expected_config_version: int | None = None

    def to_body(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_unset=True, by_alias=True)


class SessionMcp(_Response):
    type: str = "http"
    url: str


class ToolRouterSession(_Response):
    """A session as create, ``GET`` and ``PATCH`` answer it."""

    session_id: str
    config: dict[str, Any] = Field(default_factory=dict)
    config_version: int = 1
    mcp: SessionMcp
    tool_router_tools: list[str] = Field(default_factory=list)


class SessionList(CursorPage):
    """One page of ``GET /tool_router/session``."""

    items: list[ToolRouterSession]


class DeletedSession(_Response):
    session_id: str
    deleted: bool = True


# --- triggers, the webhook subscription, project settings, custom toolkits --------------
# In the shapes of composio-client 2.0.0rc19 (triggers_type_*, trigger_instance_*,
# webhook_subscription_*, custom_*); project settings as Composio's OpenAPI file has them.


class TriggerTypeToolkit(_Response):
    slug: str
    name: str | None = None


class TriggerType(_Response):
    """A trigger type as ``GET /triggers_types/{slug}`` and list items show it: what its
    instances are set up with (``config``, a JSON schema) and what its events carry
    (``payload``)."""

    slug: str
    name: str = ""
    description: str = ""
    instructions: str = ""
    type: str = ""
    toolkit: TriggerTypeToolkit
    config: dict[str, Any] = Field(default_factory=dict)
    payload: dict[str, Any] = Field(default_factory=dict)
    version: str | None = None


class TriggerTypeList(CursorPage):
    """One page of ``GET /triggers_types``."""

    items: list[TriggerType]


class UpsertTriggerRequest(_Request):
    """``POST /trigger_instances/{slug}/upsert``: the account by ``connected_account_id``, or
    the user's first active one of the toolkit."""

    user_id: str | None = None
    connected_account_id: str | None = None
    trigger_config: dict[str, Any] = Field(default_factory=dict)
    toolkit_versions: str | dict[str, str] | None = None


class UpsertedTrigger(_Response):
    trigger_id: str


class TriggerInstance(_Response):
    """A trigger instance as the items of ``GET /trigger_instances/active`` show it;
    ``disabled_at`` is set while it is disabled."""

    id: str
    trigger_name: str
    user_id: str = ""
    connected_account_id: str = ""
    auth_config_id: str = ""
    trigger_config: dict[str, Any] = Field(default_factory=dict)
    disabled_at: str | None = None
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def enabled(self) -> bool:
        return self.disabled_at is None


class TriggerInstanceList(CursorPage):
    """One page of ``GET /trigger_instances/active``."""

    items: list[TriggerInstance]


class ManagedTrigger(_Response):
    status: str = "success"


class DeletedTrigger(_Response):
    trigger_id: str


class WebhookSubscriptionRequest(_Request):
    """``POST`` (all fields) and ``PATCH`` (the changed ones) of ``/webhook_subscriptions``."""

    webhook_url: str | None = None
    enabled_events: list[str] | None = None
    version: str | None = None


class WebhookSubscription(_Response):
    """The subscription as create, ``GET`` and ``PATCH`` answer it; the v3.1 routes show
    the ``secret`` whole (v3's reads mask it)."""

    id: str
    webhook_url: str
    enabled_events: list[str] = Field(default_factory=list)
    version: str = "V3"
    secret: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class WebhookSubscriptionList(CursorPage):
    """One page of ``GET /webhook_subscriptions``."""

    items: list[WebhookSubscription]


class RotatedSecret(_Response):
    id: str
    secret: str


class WebhookEventType(_Response):
    event_type: str
    description: str = ""
    supported_versions: list[str] = Field(default_factory=list)


class WebhookEventTypeList(_Response):
    items: list[WebhookEventType]


class DeletedWebhookSubscription(_Response):
    success: bool = True


class ProjectConfig(_Response):
    """``GET`` and ``PATCH /org/project/config``: every setting of the project."""

    model_config = ConfigDict(extra="allow", frozen=True)

    require_mcp_api_key: bool | None = None
    mask_secret_keys_in_connected_account: bool | None = None
    log_visibility_setting: str | None = None
    is_2FA_enabled: bool | None = None
    display_name: str | None = None
    logo_url: str | None = None


class PatchProjectConfigRequest(_Request):
    """``PATCH /org/project/config``: only the fields given change."""

    require_mcp_api_key: bool | None = None
    mask_secret_keys_in_connected_account: bool | None = None
    log_visibility_setting: str | None = None
    is_2FA_enabled: bool | None = None
    display_name: str | None = None
    logo_url: str | None = None


class UpsertCustomToolkitRequest(_Request):
    """``POST /custom/toolkits/upsert``: ``toolkit_config`` holds ``name``, ``app_url`` and
    ``auth_schemes`` (a list of ``{mode, ...}``)."""

    slug: str
    toolkit_config: dict[str, Any]


class UpsertedCustomToolkit(_Response):
    slug: str


class DeletedCustomToolkit(_Response):
    slug: str
    deleted: bool = True
