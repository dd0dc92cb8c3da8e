"""What ``pulumi import`` declares for the rest of a project (see :mod:`.imports`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["trigger_declaration", "webhook_subscription_declaration"]


def trigger_declaration(inputs: dict[str, Any], outputs: Mapping[str, Any]) -> dict[str, Any]:
    """A trigger's declaration leaves out ``enabled: true`` (the default) and names its
    account by id only (its user follows from it)."""
    if inputs.get("enabled") is True:
        del inputs["enabled"]
    if inputs.get("connected_account_id"):
        inputs.pop("user_id", None)
    if not inputs.get("trigger_config"):
        inputs.pop("trigger_config", None)
    return inputs


def webhook_subscription_declaration(
    inputs: dict[str, Any], outputs: Mapping[str, Any]
) -> dict[str, Any]:
    """The subscription's declaration leaves out ``version: V3`` (the default)."""
    if inputs.get("version") == "V3":
        del inputs["version"]
    return inputs
