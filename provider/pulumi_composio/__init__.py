"""Manage a whole Composio MCP setup as Pulumi resources.

What a Pulumi program declares: ``AuthConfig`` (how a toolkit authenticates),
``CustomMcpServer`` (one server exposing several toolkits), ``McpServerUserUrl`` (the
URL one user connects with), ``Session`` (a tool router session, their successor),
``Trigger``, ``WebhookSubscription``, ``ProjectSettings`` and ``CustomToolkit``;
what it looks up: ``get_toolkit``, ``get_tools``,
``get_custom_mcp_server`` and ``get_auth_config`` (each with an ``_output`` form).
``ComposioClient`` is the typed HTTP client they run on, usable on its own; the errors form
one tree under ``ComposioError``.

Importing the package is cheap on purpose: a Pulumi program needs only the resources, so
:class:`ComposioClient` (httpx, pydantic) loads on first use.
"""

from typing import TYPE_CHECKING

from .auth_configs import AuthConfig, AuthConfigArgs
from .custom_toolkits import CustomToolkit, CustomToolkitArgs
from .errors import (
    AdoptionFailed,
    AlreadyExists,
    AmbiguousCreateError,
    AuthenticationFailed,
    ChangedElsewhere,
    ComposioApiError,
    ComposioError,
    ComposioTransportError,
    ConfigurationError,
    DuplicateName,
    DuplicateServerName,
    InvalidArguments,
    InvalidResponse,
    NameTaken,
    NotFound,
    NothingFound,
    PartlyCreated,
    RateLimited,
    Retired,
    ServerNotFound,
    ServerSideError,
)
from .lookups import (
    GetAuthConfigResult,
    GetCustomMcpServerResult,
    GetToolkitResult,
    GetToolsResult,
    GetTriggerTypeResult,
    GetTriggerTypesResult,
    GetWebhookEventTypesResult,
    ToolSummary,
    get_auth_config,
    get_auth_config_output,
    get_custom_mcp_server,
    get_custom_mcp_server_output,
    get_toolkit,
    get_toolkit_output,
    get_tools,
    get_tools_output,
    get_trigger_type,
    get_trigger_type_output,
    get_trigger_types,
    get_trigger_types_output,
    get_webhook_event_types,
    get_webhook_event_types_output,
)
from .project_settings import ProjectSettings, ProjectSettingsArgs
from .servers import CustomMcpServer, CustomMcpServerArgs
from .sessions import Session, SessionArgs
from .triggers import Trigger, TriggerArgs
from .user_urls import McpServerUserUrl, McpServerUserUrlArgs
from .webhook_subscriptions import WebhookSubscription, WebhookSubscriptionArgs

if TYPE_CHECKING:
    from .api.client import ComposioClient

    __version__: str
    """This distribution's version, from its installed metadata (read on first use)."""

__all__ = [
    "AdoptionFailed",
    "AlreadyExists",
    "AmbiguousCreateError",
    "AuthConfig",
    "AuthConfigArgs",
    "AuthenticationFailed",
    "ChangedElsewhere",
    "ComposioApiError",
    "ComposioClient",
    "ComposioError",
    "ComposioTransportError",
    "ConfigurationError",
    "CustomMcpServer",
    "CustomMcpServerArgs",
    "CustomToolkit",
    "CustomToolkitArgs",
    "DuplicateName",
    "DuplicateServerName",
    "GetAuthConfigResult",
    "GetCustomMcpServerResult",
    "GetToolkitResult",
    "GetToolsResult",
    "GetTriggerTypeResult",
    "GetTriggerTypesResult",
    "GetWebhookEventTypesResult",
    "InvalidArguments",
    "InvalidResponse",
    "McpServerUserUrl",
    "McpServerUserUrlArgs",
    "NameTaken",
    "NotFound",
    "NothingFound",
    "PartlyCreated",
    "ProjectSettings",
    "ProjectSettingsArgs",
    "RateLimited",
    "Retired",
    "ServerNotFound",
    "ServerSideError",
    "Session",
    "SessionArgs",
    "ToolSummary",
    "Trigger",
    "TriggerArgs",
    "WebhookSubscription",
    "WebhookSubscriptionArgs",
    "get_auth_config",
    "get_auth_config_output",
    "get_custom_mcp_server",
    "get_custom_mcp_server_output",
    "get_toolkit",
    "get_toolkit_output",
    "get_tools",
    "get_tools_output",
    "get_trigger_type",
    "get_trigger_type_output",
    "get_trigger_types",
    "get_trigger_types_output",
    "get_webhook_event_types",
    "get_webhook_event_types_output",
]


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib.metadata import version

        return version("pulumi-composio")
    if name == "ComposioClient":
        from .api.client import ComposioClient

        return ComposioClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
