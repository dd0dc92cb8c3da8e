"""Composio's error answers, as every part of the emulator raises them.

A route, a request check or the gate raises :class:`ApiError`; :mod:`.wire` turns it into
Composio's envelope (``{"error": {message, code, slug, status, request_id, ...}}``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ApiError", "bad_request"]


@dataclass
class ApiError(Exception):
    """An answer in Composio's error envelope."""

    status: int
    slug: str
    message: str
    suggested_fix: str | None = None
    errors: list[str] = field(default_factory=list)


def bad_request(problems: list[str], fix: str, slug: str) -> ApiError:
    """A 400 naming the first problem in its message and listing all of them in ``errors``.

    Composio checks a whole request before answering, so a caller learns every problem
    at once rather than one per attempt.
    """
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return ApiError(400, slug, f"Invalid request: {problems[0]}{more}", fix, problems)
