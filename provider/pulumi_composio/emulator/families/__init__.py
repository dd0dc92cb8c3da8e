"""The emulator's families, each one area of Composio's API in a folder of its own.

This is the one place a family is registered: a new one is its folder and a line here.
Its routes are then served under every API prefix behind the gate, its admin view at
``/_emulator/<name>``, and a reset re-seeds it (see :class:`..family.Family`).
"""

from __future__ import annotations

from ..family import Family
from . import (
    auth_configs,
    catalogue,
    connected_accounts,
    custom_toolkits,
    project_config,
    servers,
    sessions,
    trigger_instances,
    trigger_types,
    webhook_subscriptions,
)

__all__ = ["FAMILIES"]

FAMILIES: tuple[Family, ...] = (
    servers.FAMILY,
    auth_configs.FAMILY,
    catalogue.FAMILY,
    sessions.FAMILY,
    project_config.FAMILY,
    custom_toolkits.FAMILY,
    connected_accounts.FAMILY,
    trigger_types.FAMILY,
    trigger_instances.FAMILY,
    webhook_subscriptions.FAMILY,
)
