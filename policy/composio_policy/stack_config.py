"""The stack's ``composio:*`` configuration and whether this run is a preview, as the engine
sends them to a policy pack.

The engine sends both in ``ConfigureStack`` (config decrypted), under Pulumi's own Python
host and the project's stand-in alike; pulumi-policy 1.21 keeps only the stack's tags from
that call, so the pack wraps it to keep the rest. Pulumi's own host also sets
``PULUMI_CONFIG`` and ``PULUMI_DRY_RUN`` in the pack's environment, read when the call never
came. The API key itself is never printed or kept anywhere but here.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping
from typing import Any

from pulumi_policy.policy import _PolicyAnalyzerServicer

__all__ = ["composio_config", "is_preview", "keep_stack_configuration"]

_lock = threading.Lock()
_sent: dict[str, Any] = {}


def keep_stack_configuration() -> None:
    """Wrap pulumi-policy's ``ConfigureStack`` so the configuration it is sent is kept."""
    original = _PolicyAnalyzerServicer.ConfigureStack
    if getattr(original, "_keeps_configuration", False):
        return

    def configure_stack(self: Any, request: Any, context: Any) -> Any:
        remember(dict(request.config), bool(request.dry_run))
        return original(self, request, context)

    configure_stack._keeps_configuration = True  # type: ignore[attr-defined]
    _PolicyAnalyzerServicer.ConfigureStack = configure_stack  # type: ignore[method-assign, assignment]


def remember(config: Mapping[str, str], dry_run: bool) -> None:
    with _lock:
        _sent["config"] = dict(config)
        _sent["dry_run"] = dry_run


def composio_config() -> dict[str, str]:
    """The stack's ``composio:*`` keys and values (``composio:apiKey``...)."""
    with _lock:
        config = _sent.get("config")
    if config is None:
        try:
            config = json.loads(os.environ.get("PULUMI_CONFIG") or "{}")
        except ValueError:
            config = {}
    return {
        str(key): str(value)
        for key, value in config.items()
        if str(key).startswith("composio:") and value is not None
    }


def is_preview() -> bool:
    """Whether this run is a preview (``pulumi preview``, or the preview of ``pulumi up``),
    when outputs of resources not yet made are unknown."""
    with _lock:
        dry_run = _sent.get("dry_run")
    if dry_run is None:
        return os.environ.get("PULUMI_DRY_RUN", "true") != "false"
    return bool(dry_run)
