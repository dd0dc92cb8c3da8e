"""Show users our expected failures as one line, not as a Python traceback.

Pulumi's dynamic-provider server (``python -m pulumi.dynamic``) reports every exception a
provider raises by sending ``traceback.format_exc()`` to the engine, so a rejected toolkit
would reach the user as a stack trace through gRPC and pulumi internals. For the errors we
raise on purpose (:class:`~pulumi_composio.errors.ComposioError`: an API answer, a
configuration problem) the message already says what went wrong and how to fix it, so in
that server process, and only there, ``format_exc`` returns just that message. Any other
exception is a bug and keeps its full traceback.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable

from ..errors import ComposioError

__all__ = ["show_user_errors_without_traceback"]

_original_format_exc: Callable[..., str] = traceback.format_exc


def _format_exc(limit: int | None = None, chain: bool = True) -> str:
    error = sys.exc_info()[1]
    if isinstance(error, ComposioError):
        return str(error)
    return _original_format_exc(limit, chain)


def show_user_errors_without_traceback() -> None:
    """Install the one-line formatting when running inside the dynamic-provider server."""
    if hasattr(sys.modules.get("__main__"), "DynamicResourceProviderServicer"):
        traceback.format_exc = _format_exc
