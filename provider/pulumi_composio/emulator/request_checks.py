"""The checks every API area (MCP servers, auth configs, the catalogue) applies to requests.

Each returns problem lines (or the parsed value, adding to ``problems``) rather than
raising, so that an area's rules can report every problem of a request at once through
:func:`.api_errors.bad_request`.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

__all__ = [
    "bool_problems",
    "comma_separated",
    "cursor_page",
    "encode_cursor",
    "string_list_problems",
    "whole_number",
]


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


def encode_cursor(page: int, limit: int) -> str:
    """The opaque ``next_cursor``: base64 of ``{"page": N, "limit": M}``, as the SDK describes."""
    return base64.urlsafe_b64encode(json.dumps({"page": page, "limit": limit}).encode()).decode()


def cursor_page(
    params: Mapping[str, str], default_limit: int, max_limit: int, problems: list[str]
) -> tuple[int, int]:
    """The page (1-based) and page size a cursor-paged list query asks for.

    ``cursor`` (a previous answer's ``next_cursor``) picks the page and its size; ``limit``
    overrides the size, up to ``max_limit``.
    """
    page, cursor_limit = _cursor(params.get("cursor"), default_limit, problems)
    limit = whole_number(params, "limit", cursor_limit, problems)
    if limit > max_limit:
        problems.append(f"limit must be at most {max_limit}")
    return page, limit


def _cursor(raw: str | None, default_limit: int, problems: list[str]) -> tuple[int, int]:
    if not raw:
        return 1, default_limit
    try:
        decoded = json.loads(base64.urlsafe_b64decode(raw.encode()))
        page, limit = decoded["page"], decoded["limit"]
    except (ValueError, TypeError, KeyError, binascii.Error):
        page = limit = None
    if not (isinstance(page, int) and isinstance(limit, int) and page >= 1 and limit >= 1):
        problems.append("cursor is not one this API gave out; start again without it")
        return 1, default_limit
    return page, limit
