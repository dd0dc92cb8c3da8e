"""The client's endpoint methods, enumerated, for the tests that hold each to its safety."""

from __future__ import annotations

import inspect
from collections.abc import Callable

from pulumi_composio.api.client import ComposioClient

__all__ = ["NOT_ENDPOINTS", "endpoint_methods"]

NOT_ENDPOINTS = frozenset({"close", "from_settings", "stop_retrying"})
"""Public methods of the client that send nothing to Composio."""


def endpoint_methods() -> dict[str, Callable[..., object]]:
    """Every public method of the client that talks to Composio, by name."""
    return {
        name: member
        for name, member in inspect.getmembers(ComposioClient, inspect.isfunction)
        if not name.startswith("_") and name not in NOT_ENDPOINTS
    }
