"""Composio's request rules, checked the way the API checks them: every problem at once.

Each function returns the cleaned fields or raises :class:`ApiError` with status 400,
one line per problem in ``errors`` and a ``suggested_fix``, as the real API's envelope
carries them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .catalogue import Catalogue

__all__ = [
    "ApiError",
    "AuthConfigProblem",
    "ListQuery",
    "bad_request",
    "bool_problems",
    "comma_separated",
    "generate_fields",
    "list_query",
    "server_fields",
    "string_list_problems",
    "whole_number",
]

_NAME = re.compile(r"[A-Za-z0-9 -]{4,30}")
_SERVER_FIELDS = (
    "name",
    "toolkits",
    "allowed_tools",
    "custom_tools",
    "auth_config_ids",
    "managed_auth_via_composio",
)
MAX_PAGE_SIZE = 100


@dataclass
class ApiError(Exception):
    """An answer in Composio's error envelope."""

    status: int
    slug: str
    message: str
    suggested_fix: str | None = None
    errors: list[str] = field(default_factory=list)


AuthConfigProblem = Callable[[str], str | None]
"""Why an auth config id cannot be used by a server (``"unknown"``, ``"disabled"``,
``"deleted"``), or ``None`` when it can."""


def bad_request(problems: list[str], fix: str, slug: str = "MCP_InvalidRequest") -> ApiError:
    """A 400 naming the first problem in its message and listing all of them in ``errors``."""
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return ApiError(400, slug, f"Invalid request: {problems[0]}{more}", fix, problems)


def server_fields(
    body: Any, catalogue: Catalogue, auth_config_problem: AuthConfigProblem, *, create: bool
) -> dict[str, Any]:
    """The fields of a create (``create=True``) or PATCH body, checked against the catalogue
    and, for ``auth_config_ids``, against the auth configs that exist now.

    On create, the deprecated ``custom_tools`` join ``allowed_tools`` and omitted lists
    are empty; on PATCH only the given fields are returned. ``custom_tools`` is not a
    PATCH field, as in Composio's reference.
    """
    if not isinstance(body, dict):
        raise bad_request(["the request body must be a JSON object"], "Send a JSON object.")
    allowed = _SERVER_FIELDS if create else tuple(f for f in _SERVER_FIELDS if f != "custom_tools")
    problems = [f"unknown field {key!r}" for key in body if key not in allowed]
    checks: dict[str, Callable[[str, Any], list[str]]] = {
        "name": _name_problems,
        "toolkits": _slug_list_problems(catalogue.toolkits.__contains__, "toolkit"),
        "allowed_tools": _slug_list_problems(catalogue.is_tool, "tool"),
        "custom_tools": _slug_list_problems(catalogue.is_tool, "tool"),
        "auth_config_ids": _auth_config_id_problems(auth_config_problem),
        "managed_auth_via_composio": bool_problems,
    }
    if create and "name" not in body:
        problems.append("name is required")
    for key, check in checks.items():
        if key in body:
            problems.extend(check(key, body[key]))
    if not create and not any(key in body for key in allowed):
        problems.append(f"nothing to update: give at least one of {', '.join(allowed)}")
    if problems:
        raise bad_request(
            problems,
            "Names are 4-30 letters, digits, spaces or hyphens; toolkits, tools and auth "
            "config ids must exist in your Composio project, and the auth configs must be "
            "enabled.",
        )
    if not create:
        return {key: body[key] for key in allowed if key in body}
    tools = list(body.get("allowed_tools") or [])
    tools += [tool for tool in body.get("custom_tools") or [] if tool not in tools]
    return {
        "name": body["name"],
        "toolkits": list(body.get("toolkits") or []),
        "allowed_tools": tools,
        "auth_config_ids": list(body.get("auth_config_ids") or []),
        "managed_auth_via_composio": bool(body.get("managed_auth_via_composio", False)),
    }


def generate_fields(body: Any) -> dict[str, Any]:
    """The fields of ``POST /mcp/servers/generate``."""
    if not isinstance(body, dict):
        raise bad_request(["the request body must be a JSON object"], "Send a JSON object.")
    known = ("mcp_server_id", "user_ids", "connected_account_ids", "managed_auth_by_composio")
    problems = [f"unknown field {key!r}" for key in body if key not in known]
    server_id = body.get("mcp_server_id")
    if not isinstance(server_id, str) or not server_id:
        problems.append("mcp_server_id is required and must be a string")
    for key in ("user_ids", "connected_account_ids"):
        if key in body:
            problems.extend(string_list_problems(key, body[key]))
    if "managed_auth_by_composio" in body:
        problems.extend(bool_problems("managed_auth_by_composio", body["managed_auth_by_composio"]))
    if problems:
        raise bad_request(problems, "Give mcp_server_id and lists of user or account ids.")
    return {
        "mcp_server_id": server_id,
        "user_ids": list(body.get("user_ids") or []),
        "connected_account_ids": list(body.get("connected_account_ids") or []),
    }


@dataclass(frozen=True)
class ListQuery:
    name: str | None
    toolkits: frozenset[str]
    auth_config_ids: frozenset[str]
    page_no: int
    limit: int
    order_by: str
    descending: bool


def list_query(params: Mapping[str, str]) -> ListQuery:
    """The query of ``GET /mcp/servers``; numbers may come as ``"10"`` or ``"10.0"``."""
    problems: list[str] = []
    page_no = whole_number(params, "page_no", 1, problems)
    limit = whole_number(params, "limit", 10, problems)
    if limit > MAX_PAGE_SIZE:
        problems.append(f"limit must be at most {MAX_PAGE_SIZE}")
    order_by = params.get("order_by", "created_at")
    if order_by not in ("created_at", "updated_at"):
        problems.append("order_by must be created_at or updated_at")
    direction = params.get("order_direction", "desc")
    if direction not in ("asc", "desc"):
        problems.append("order_direction must be asc or desc")
    if problems:
        raise bad_request(problems, "Fix the query parameters of the list call.")
    return ListQuery(
        name=params.get("name") or None,
        toolkits=comma_separated(params.get("toolkits")),
        auth_config_ids=comma_separated(params.get("auth_config_ids")),
        page_no=page_no,
        limit=limit,
        order_by=order_by,
        descending=direction == "desc",
    )


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


def _name_problems(key: str, value: Any) -> list[str]:
    if not isinstance(value, str):
        return [f"{key} must be a string"]
    if not _NAME.fullmatch(value):
        return [f"{key} {value!r} must be 4-30 characters: letters, digits, spaces and hyphens"]
    return []


def bool_problems(key: str, value: Any) -> list[str]:
    """A JSON boolean, or one problem line."""
    return [] if isinstance(value, bool) else [f"{key} must be true or false"]


def string_list_problems(key: str, value: Any) -> list[str]:
    """A JSON array of strings, or one problem line."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return [f"{key} must be an array of strings"]
    return []


def _auth_config_id_problems(
    auth_config_problem: AuthConfigProblem,
) -> Callable[[str, Any], list[str]]:
    def problems(key: str, value: Any) -> list[str]:
        shape = string_list_problems(key, value)
        if shape:
            return shape
        reasons = ((item, auth_config_problem(item)) for item in value)
        return [f"{key}: {reason} auth config {item!r}" for item, reason in reasons if reason]

    return problems


def _slug_list_problems(
    exists: Callable[[str], bool], what: str
) -> Callable[[str, Any], list[str]]:
    def problems(key: str, value: Any) -> list[str]:
        shape = string_list_problems(key, value)
        if shape:
            return shape
        unknown = [item for item in value if not exists(item)]
        return [f"{key}: unknown {what} {item!r}" for item in unknown]

    return problems
