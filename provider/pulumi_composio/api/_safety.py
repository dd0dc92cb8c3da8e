"""What sending a request twice would do: declared by every request and every endpoint.

The request core (:mod:`._requests`) takes a :class:`Safety` with every request, and the
retry rules (:mod:`._retry`) read nothing else, so no method or path is ever guessed to be
safe. Each public method of the client declares, with :func:`endpoint`, the safeties of the
requests it sends; the core tags every request it builds with its safety
(:data:`SAFETY_EXTENSION`), so a test can enumerate the client's methods and hold each one
to its declaration.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TypeVar

__all__ = ["SAFETY_EXTENSION", "Safety", "check_method", "declared_safety", "endpoint"]

SAFETY_EXTENSION = "pulumi_composio.safety"
"""The ``httpx`` request extension holding the request's :class:`Safety` value; transports
ignore extensions they do not know."""

MethodT = TypeVar("MethodT", bound=Callable[..., object])

_ATTRIBUTE = "__composio_safety__"


class Safety(enum.Enum):
    """What sending a request twice would do."""

    READ = "read"
    """A ``GET``: changes nothing."""
    IDEMPOTENT = "idempotent"
    """Changes something, but twice is the same as once (a ``PATCH`` with explicit values, a
    ``DELETE``, a ``POST`` that only computes)."""
    CREATE = "create"
    """A ``POST`` that makes a new object each time it lands."""


_METHODS = {
    Safety.READ: frozenset({"GET"}),
    Safety.IDEMPOTENT: frozenset({"POST", "PUT", "PATCH", "DELETE"}),
    Safety.CREATE: frozenset({"POST"}),
}


def check_method(method: str, safety: Safety) -> None:
    """Refuse a request whose method contradicts its safety (a ``GET`` declared a create, a
    ``DELETE`` declared a read): a slip that would otherwise change what gets retried."""
    if method not in _METHODS[safety]:
        allowed = ", ".join(sorted(_METHODS[safety]))
        raise ValueError(f"a {safety.value} request is sent with {allowed}, not {method}")


def endpoint(*safeties: Safety) -> Callable[[MethodT], MethodT]:
    """Declare the safeties of the requests a client method sends (several for a method
    that, say, looks a name up and then creates)."""
    if not safeties:
        raise ValueError("an endpoint declares at least one safety")
    declared = frozenset(safeties)

    def declare(method: MethodT) -> MethodT:
        setattr(method, _ATTRIBUTE, declared)
        return method

    return declare


def declared_safety(method: object) -> frozenset[Safety] | None:
    """The safeties ``method`` declared with :func:`endpoint`, or ``None``."""
    declared = getattr(method, _ATTRIBUTE, None)
    return declared if isinstance(declared, frozenset) else None
