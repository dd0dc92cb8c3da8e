"""The checks both API areas (MCP servers, auth configs) apply to request bodies and queries.

Each returns problem lines (or the parsed value, adding to ``problems``) rather than
raising, so that an area's rules can report every problem of a request at once through
:func:`.api_errors.bad_request`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["bool_problems", "comma_separated", "string_list_problems", "whole_number"]


def bool_problems(key: str, value: Any) -> list[str]:
    """A JSON boolean, or one problem line."""
    return [] if isinstance(value, bool) else [f"{key} must be true or false"]


def string_list_problems(key: str, value: Any) -> list[str]:
    """A JSON array of strings, or one problem line."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return [f"{key} must be an array of strings"]
    return []


def comma_separated(value: str | None) -> frozenset[str]:
    """The non-blank items of a comma-separated query value such as ``github,slack``."""
    return frozenset(part.strip() for part in (value or "").split(",") if part.strip())


def whole_number(params: Mapping[str, str], key: str, default: int, problems: list[str]) -> int:
    """A query number of at least 1; the official SDK sends floats such as ``\"10.0\"``."""
    raw = params.get(key)
    if raw is None:
        return default
    try:
        number = float(raw)
    except ValueError:
        number = 0.0
    if not (number >= 1 and number.is_integer()):
        problems.append(f"{key} must be a whole number of at least 1, not {raw!r}")
        return default
    return int(number)
