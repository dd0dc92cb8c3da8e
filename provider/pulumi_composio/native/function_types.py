"""The plugin's functions (Pulumi's ``functions``; Terraform's data sources): their tokens,
arguments and results, and the lookup each one runs.

Like :mod:`.resource_types`, these declarations are what every language reads (the schema
carries them to the SDKs, YAML and editors); the lookups themselves are
:class:`~pulumi_composio.lookups.service.LookupService`'s, which Python programs call in
their own process.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from .properties import Property

__all__ = [
    "FUNCTION_TYPES",
    "GET_AUTH_CONFIG",
    "GET_CUSTOM_MCP_SERVER",
    "GET_TOOLKIT",
    "GET_TOOLS",
    "GET_TRIGGER_TYPE",
    "GET_TRIGGER_TYPES",
    "GET_WEBHOOK_EVENT_TYPES",
    "FunctionType",
]


@dataclass(frozen=True)
class FunctionType:
    """One function of the plugin: its token, arguments, results and the lookup it runs."""

    token: str
    description: str
    inputs: tuple[Property, ...]
    outputs: tuple[Property, ...]
    method: str
    """The :class:`~pulumi_composio.lookups.service.LookupService` method that answers it,
    which is also the Python function's name."""

    @property
    def name(self) -> str:
        """The function's own name: ``getToolkit``."""
        return self.token.rsplit(":", 1)[-1]

    def to_service(self, args: Mapping[str, Any]) -> dict[str, Any]:
        """Wire arguments as the lookup takes them; unknown argument names are left for
        :meth:`unknown_arguments` to name."""
        by_wire = {p.wire: p.name for p in self.inputs}
        return {by_wire[key]: value for key, value in args.items() if key in by_wire}

    def to_wire(self, result: Mapping[str, Any]) -> dict[str, Any]:
        """The lookup's result under Pulumi's names, only the declared outputs."""
        wanted = {p.name: p.wire for p in self.outputs}
        return {wanted[key]: value for key, value in result.items() if key in wanted}

    def unknown_arguments(self, args: Mapping[str, Any]) -> list[str]:
        known = {p.wire for p in self.inputs}
        return sorted(key for key in args if key not in known)


_SLUG = "The toolkit's slug, such as github."
_CALLS_AT_PREVIEW = " Like any function it runs at preview too; "

GET_TOOLKIT: Final = FunctionType(
    token="composio:index:getToolkit",  # noqa: S106 - a function token
    description=(
        "A Composio toolkit: its name, the auth schemes it takes, whether Composio can manage "
        "its auth, and every one of its tools." + _CALLS_AT_PREVIEW + "it makes one API call "
        "for the toolkit and one per 100 of its tools. An unknown slug fails, offering the "
        "closest ones."
    ),
    method="get_toolkit",
    inputs=(Property("slug", "string", _SLUG, required_input=True),),
    outputs=(
        Property("slug", "string", "The toolkit's slug.", required_output=True),
        Property("name", "string", "The toolkit's display name.", required_output=True),
        Property(
            "auth_schemes",
            "strings",
            "The auth schemes it takes: OAUTH2, API_KEY, BEARER_TOKEN, ...",
            required_output=True,
        ),
        Property(
            "composio_managed_auth",
            "boolean",
            "Whether Composio can manage its auth: an AuthConfig without authScheme or "
            "credentials of yours.",
            required_output=True,
        ),
        Property(
            "tool_slugs",
            "strings",
            "Every tool of the toolkit, in Composio's order.",
            required_output=True,
        ),
    ),
)

GET_TOOLS: Final = FunctionType(
    token="composio:index:getTools",  # noqa: S106 - a function token
    description=(
        "The tools of a toolkit, optionally those whose slug, name or description contains "
        "search: for example to build a server's allowedTools." + _CALLS_AT_PREVIEW + "it "
        "makes one API call per 100 tools found, and one more when none is (to tell an "
        "unknown toolkit, which fails, from an empty answer)."
    ),
    method="get_tools",
    inputs=(
        Property("toolkit", "string", _SLUG, required_input=True),
        Property(
            "search",
            "string",
            "Only tools whose slug, name or description contains this, ignoring case.",
        ),
    ),
    outputs=(
        Property(
            "slugs", "strings", "The tools' slugs, in Composio's order.", required_output=True
        ),
        Property("tools", "tools", "Each tool's slug, name and description.", required_output=True),
    ),
)

_SERVER_OUTPUTS: Final = (
    Property("id", "string", "The server's id.", required_output=True),
    Property("name", "string", "The server's name.", required_output=True),
    Property("toolkits", "strings", "Its toolkit slugs, sorted.", required_output=True),
    Property("allowed_tools", "strings", "Its allowed tool slugs, sorted.", required_output=True),
    Property("auth_config_ids", "strings", "Its auth config ids, sorted.", required_output=True),
    Property("mcp_url", "string", "The server's MCP URL.", required_output=True),
    Property(
        "commands",
        "commands",
        "Setup commands by MCP client: cursor, claude and windsurf.",
        required_output=True,
    ),
)

GET_CUSTOM_MCP_SERVER: Final = FunctionType(
    token="composio:index:getCustomMcpServer",  # noqa: S106 - a function token
    description=(
        "A live Composio custom MCP server made elsewhere (another stack, the dashboard), by "
        "id or by its exact name, case and all: give one of them. A name no server has, or "
        "several have, fails naming it or their ids." + _CALLS_AT_PREVIEW + "by id it makes "
        "one API call, by name one per 50 servers whose name contains it."
    ),
    method="get_custom_mcp_server",
    inputs=(
        Property("id", "string", "The server's id."),
        Property("name", "string", "The server's exact name, case and all."),
    ),
    outputs=_SERVER_OUTPUTS,
)

GET_AUTH_CONFIG: Final = FunctionType(
    token="composio:index:getAuthConfig",  # noqa: S106 - a function token
    description=(
        "A Composio auth config by id, as an AuthConfig's outputs show it, and no credential "
        "at all." + _CALLS_AT_PREVIEW + "it makes one API call."
    ),
    method="get_auth_config",
    inputs=(Property("id", "string", "The auth config's id (ac_...).", required_input=True),),
    outputs=(
        Property("id", "string", "The auth config's id.", required_output=True),
        Property("toolkit", "string", "The toolkit it authenticates.", required_output=True),
        Property("name", "string", "Its name.", required_output=True),
        Property(
            "auth_scheme", "string", "The scheme it uses (OAUTH2 for Composio-managed OAuth)."
        ),
        Property(
            "is_composio_managed",
            "boolean",
            "Whether Composio manages the authentication.",
            required_output=True,
        ),
        Property("status", "string", "ENABLED or DISABLED.", required_output=True),
        Property("enabled", "boolean", "Whether it is enabled.", required_output=True),
        Property("scopes", "strings", "OAuth scopes, sorted.", required_output=True),
        Property(
            "allowed_tools",
            "strings",
            "The only tools it may execute, sorted; empty: no restriction.",
            required_output=True,
        ),
        Property("created_at", "string", "When Composio made it."),
    ),
)

_TRIGGER_TYPE_OUTPUTS: Final = (
    Property(
        "slug",
        "string",
        "The trigger type's slug: what a Trigger's slug takes.",
        required_output=True,
    ),
    Property("name", "string", "Its display name.", required_output=True),
    Property("description", "string", "What it reports.", required_output=True),
    Property(
        "toolkit", "string", "The toolkit whose connected account it needs.", required_output=True
    ),
    Property(
        "instructions", "string", "How to set it up, in Composio's words.", required_output=True
    ),
    Property(
        "config",
        "object",
        "The JSON schema of its config: what a Trigger's triggerConfig is checked against.",
        required_output=True,
    ),
    Property("payload", "object", "The JSON schema of its events' payload.", required_output=True),
    Property("config_fields", "strings", "Its config's fields, sorted.", required_output=True),
    Property(
        "required_config_fields",
        "strings",
        "The config fields a Trigger must give, sorted.",
        required_output=True,
    ),
)

GET_TRIGGER_TYPES: Final = FunctionType(
    token="composio:index:getTriggerTypes",  # noqa: S106 - a function token
    description=(
        "Composio's trigger types, of one toolkit when given: the slugs a Trigger takes, each "
        "with its config schema." + _CALLS_AT_PREVIEW + "it makes one API call per 100 trigger "
        "types; a toolkit with none costs one more, failing when Composio has no such toolkit."
    ),
    method="get_trigger_types",
    inputs=(
        Property("toolkit", "string", "Only the trigger types of this toolkit, such as github."),
    ),
    outputs=(
        Property(
            "slugs",
            "strings",
            "The trigger types' slugs, in Composio's order.",
            required_output=True,
        ),
        Property(
            "trigger_types",
            "object",
            "Each trigger type by slug: name, description, toolkit, instructions, config, "
            "payload, configFields and requiredConfigFields, as getTriggerType answers.",
            required_output=True,
        ),
    ),
)

GET_TRIGGER_TYPE: Final = FunctionType(
    token="composio:index:getTriggerType",  # noqa: S106 - a function token
    description=(
        "One Composio trigger type, with the JSON schema of its config and of its events' "
        "payload." + _CALLS_AT_PREVIEW + "it makes one API call. An unknown slug fails, "
        "offering the closest ones."
    ),
    method="get_trigger_type",
    inputs=(
        Property(
            "slug",
            "string",
            "The trigger type's slug, such as GITHUB_COMMIT_EVENT.",
            required_input=True,
        ),
    ),
    outputs=_TRIGGER_TYPE_OUTPUTS,
)

GET_WEBHOOK_EVENT_TYPES: Final = FunctionType(
    token="composio:index:getWebhookEventTypes",  # noqa: S106 - a function token
    description=(
        "The event types a WebhookSubscription's enabledEvents may name, with the payload "
        "versions that carry each." + _CALLS_AT_PREVIEW + "it makes one API call."
    ),
    method="get_webhook_event_types",
    inputs=(),
    outputs=(
        Property(
            "event_types", "strings", "The event types, in Composio's order.", required_output=True
        ),
        Property(
            "versions",
            "string_map",
            'The payload versions carrying each event type, comma-separated: "V1,V2,V3".',
            required_output=True,
        ),
        Property("descriptions", "string_map", "What each event type means.", required_output=True),
    ),
)

FUNCTION_TYPES: Final[Mapping[str, FunctionType]] = {
    function.token: function
    for function in (
        GET_TOOLKIT,
        GET_TOOLS,
        GET_CUSTOM_MCP_SERVER,
        GET_AUTH_CONFIG,
        GET_TRIGGER_TYPES,
        GET_TRIGGER_TYPE,
        GET_WEBHOOK_EVENT_TYPES,
    )
}
