"""Lookups of what a program does not own: toolkits, their tools, servers, auth
configs, trigger types and webhook event types.

The same functions for every language: Python programs call :mod:`.functions` in their
own process; the native plugin serves them to YAML, TypeScript and Go through ``Invoke``;
both run :class:`~.service.LookupService`.
"""

from .functions import (
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

__all__ = [
    "GetAuthConfigResult",
    "GetCustomMcpServerResult",
    "GetToolkitResult",
    "GetToolsResult",
    "GetTriggerTypeResult",
    "GetTriggerTypesResult",
    "GetWebhookEventTypesResult",
    "ToolSummary",
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
