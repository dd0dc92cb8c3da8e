"""Checks that need an answer from Composio (a trigger type's config schema, the webhook event
types, the project's one subscription), made at preview (``ServiceBase.asked``): what to say
when it cannot answer.

A check must never fail a preview because Composio could not be asked: a missing key (its
own error comes with the first call that needs it) or an unreachable API leaves the inputs
unchecked with one warning per process, and Composio's own 400 says the same at apply.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from ..errors import ComposioError, NotFound

__all__ = ["asked_at_preview"]

T = TypeVar("T")

_warned: set[str] = set()
_lock = threading.Lock()


def asked_at_preview(what: str, ask: Callable[[], T]) -> tuple[T | None, str | None]:
    """``ask()``'s answer, or ``None`` and the warning (once per process) that ``what`` was
    not checked at preview and why. :class:`NotFound` is an answer, so it is raised."""
    try:
        return ask(), None
    except NotFound:
        raise
    except ComposioError as error:
        reason = error
    message = f"{what} were not checked at preview ({reason}); Composio checks them at apply"
    with _lock:
        if message in _warned:
            return None, None
        _warned.add(message)
    return None, message
