"""One sample declaration per resource type, every input given, keyed by type token: the one
table the tests that try every input of every type read (unknown at preview in the dynamic
host, wired from another resource under the CLI). ``tests/unit/test_unknowns_at_preview.py``
holds it complete against ``RESOURCE_TYPES``, so a new type or input fails there until it
has a sample here; everything else about a type comes from its declaration.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any, Final

from pulumi.dynamic import ResourceProvider

from pulumi_composio.native.resource_types import (
    AUTH_CONFIG,
    CUSTOM_MCP_SERVER,
    CUSTOM_TOOLKIT,
    MCP_SERVER_USER_URL,
    PROJECT_SETTINGS,
    SESSION,
    TRIGGER,
    WEBHOOK_SUBSCRIPTION,
    ResourceType,
)

__all__ = ["HIDDEN_INPUTS", "LEFT_OUT", "SAMPLE_INPUTS", "adoption_inputs", "dynamic_provider"]

Props = dict[str, Any]

HIDDEN_INPUTS: Final = frozenset({"default_name"})
"""Inputs the Python classes send besides the declared ones (``registration.py``), which a
sample may give too."""

SAMPLE_INPUTS: Final[Mapping[str, Props]] = {
    CUSTOM_MCP_SERVER.token: {
        "name": "Support Tools",
        "toolkits": ["github", "slack"],
        "allowed_tools": ["GITHUB_CREATE_ISSUE"],
        "custom_tools": ["SLACK_SEND_MESSAGE"],
        "auth_config_ids": ["ac_github_default", "ac_slack_default"],
        "managed_auth_via_composio": True,
        "adopt_server_id": "srv_1",
        "default_name": "support-tools-abc1234",
    },
    AUTH_CONFIG.token: {
        "toolkit": "linear",
        "name": "support linear",
        "auth_scheme": "API_KEY",
        "credentials": {"api_key": "lin-key", "region": "eu"},
        "scopes": ["read", "write"],
        "allowed_tools": ["LINEAR_CREATE_ISSUE"],
        "enabled": True,
        "adopt_auth_config_id": "ac_1",
        "default_name": "linear-abc1234",
    },
    MCP_SERVER_USER_URL.token: {
        "server_id": "srv_1",
        "user_id": "support-bot",
        "managed_auth_by_composio": True,
    },
    SESSION.token: {
        "user_id": "support-bot",
        "toolkits": ["github", "slack"],
        "tools": {"github": {"enable": ["GITHUB_CREATE_ISSUE"]}},
        "tags": ["readOnlyHint"],
        "auth_configs": {"github": "ac_github_default"},
        "connected_accounts": {"github": ["ca_1"]},
        "multi_account": {"enable": True},
        "direct_tools": True,
        "adopt_session_id": "trs_1",
    },
    TRIGGER.token: {
        "slug": "GITHUB_ISSUE_ADDED_EVENT",
        "user_id": "support-bot",
        "connected_account_id": "ca_1",
        "trigger_config": {"owner": "acme", "repo": "api"},
        "toolkit_versions": {"github": "20250905_00"},
        "enabled": False,
        "adopt_trigger_id": "ti_1",
    },
    WEBHOOK_SUBSCRIPTION.token: {
        "webhook_url": "https://hooks.example.com/composio",
        "enabled_events": ["composio.trigger.message"],
        "version": "V3",
        "keepers": {"rotated": "2026-01"},
        "adopt_webhook_subscription_id": "whs_1",
    },
    PROJECT_SETTINGS.token: {
        "require_mcp_api_key": True,
        "mask_secret_keys_in_connected_account": True,
        "log_visibility_setting": "dont_store_data",
        "is_2fa_enabled": False,
        "display_name": "Acme",
        "logo_url": "https://acme.example/logo.png",
    },
    CUSTOM_TOOLKIT.token: {
        "slug": "acme_docs",
        "name": "Acme Docs",
        "app_url": "https://mcp.acme.example/mcp",
        "auth_schemes": {"API_KEY": {"headers": {"Authorization": "Bearer {{generic_api_key}}"}}},
    },
}


LEFT_OUT: Final[Mapping[str, Mapping[str, str]]] = {
    MCP_SERVER_USER_URL.token: {
        "connected_account_id": "a user URL takes exactly one of user_id and connected_account_id"
    },
    SESSION.token: {
        "disabled_toolkits": "a session takes toolkits or disabled_toolkits, not both",
        "manage_connections": "direct_tools sets it",
        "search": "direct_tools sets it",
        "workbench": "direct_tools sets it",
        "preload": "direct_tools sets it",
    },
}
"""Inputs a sample cannot give beside the others, each with why."""


def adoption_inputs(kind: ResourceType) -> frozenset[str]:
    """The type's ``adopt_*_id`` inputs: they matter only to a create, so a diff never
    compares them."""
    return frozenset(
        prop.name
        for prop in kind.inputs()
        if prop.name.startswith("adopt_") and prop.name.endswith("_id")
    )


def dynamic_provider(kind: ResourceType) -> ResourceProvider:
    """A new dynamic provider of the type, from the home of its service, where
    ``make python-resources`` writes it (``<home>.provider.<Name>Provider``)."""
    home = kind.service.partition(":")[0].rpartition(".")[0]
    provider: ResourceProvider = getattr(
        importlib.import_module(f"{home}.provider"), f"{kind.name}Provider"
    )()
    return provider
