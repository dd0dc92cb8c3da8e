"""Composio's rules for MCP server requests, every problem reported at once.

The shapes are those of the official SDK's ``mcp/custom_create_params``,
``mcp_update_params``, ``mcp_list_params`` and ``mcp/generate_url_params``. Problems are
400s with the slug ``MCP_InvalidRequest``, one line per problem in ``errors`` and a
``suggested_fix``, as the real API's envelope carries them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ...api_errors import bad_request
from ...catalogue import Catalogue
from ...request_checks import bool_problems, comma_separated, string_list_problems, whole_number
from .records import ServerOrder, ServerRecord, new_server_id

__all__ = [
    "MAX_SERVER_PAGE_SIZE",
    "AuthConfigProblem",
    "GenerateRequest",
    "ServerListQuery",
    "generate_request",
    "new_server",
    "server_changes",
    "server_list_query",
]

SLUG = "MCP_InvalidRequest"
MAX_SERVER_PAGE_SIZE = 100
DEFAULT_SERVER_PAGE_SIZE = 10
_NAME = re.compile(r"[A-Za-z0-9 -]{4,30}")
_CREATE_FIELDS = (
    "name",
    "toolkits",
    "allowed_tools",
    "custom_tools",
    "auth_config_ids",
    "managed_auth_via_composio",
)
_UPDATE_FIELDS = tuple(key for key in _CREATE_FIELDS if key != "custom_tools")
_FIX = (
    "Names are 4-30 letters, digits, spaces or hyphens; toolkits, tools and auth config ids "
    "must exist in your Composio project, and the auth configs must be enabled."
)

AuthConfigProblem = Callable[[str], str | None]
"""Why an auth config id cannot be used by a server (``"unknown"``, ``"disabled"``,
``"deleted"``), or ``None`` when it can."""


def new_server(
    body: Any, catalogue: Catalogue, auth_config_problem: AuthConfigProblem
) -> ServerRecord:
    """The server a ``POST /mcp/servers/custom`` body describes, with a fresh id; 400 if wrong.

    The deprecated ``custom_tools`` join ``allowed_tools``, and omitted lists are empty.
    """
    _check(body, catalogue, auth_config_problem, _CREATE_FIELDS, create=True)
    tools = list(body.get("allowed_tools") or [])
    tools += [tool for tool in body.get("custom_tools") or [] if tool not in tools]
    return ServerRecord(
        id=new_server_id(),
        name=body["name"],
        toolkits=list(body.get("toolkits") or []),
        allowed_tools=tools,
        auth_config_ids=list(body.get("auth_config_ids") or []),
        managed_auth_via_composio=bool(body.get("managed_auth_via_composio", False)),
    )


def server_changes(
    body: Any, catalogue: Catalogue, auth_config_problem: AuthConfigProblem
) -> dict[str, Any]:
    """The record fields a ``PATCH /mcp/{id}`` body changes (only those given); 400 if wrong.

    ``custom_tools`` is not a PATCH field, as in Composio's reference.
    """
    _check(body, catalogue, auth_config_problem, _UPDATE_FIELDS, create=False)
    return {key: body[key] for key in _UPDATE_FIELDS if key in body}


def _check(
    body: Any,
    catalogue: Catalogue,
    auth_config_problem: AuthConfigProblem,
    allowed: tuple[str, ...],
    *,
    create: bool,
) -> None:
    """Raise one 400 for every problem of a create or PATCH body, checked against the
    catalogue and, for ``auth_config_ids``, against the auth configs that exist now."""
    if not isinstance(body, dict):
        raise bad_request(["the request body must be a JSON object"], "Send a JSON object.", SLUG)
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
        raise bad_request(problems, _FIX, SLUG)


@dataclass(frozen=True)
class GenerateRequest:
    """What ``POST /mcp/servers/generate`` asks for: per-user URLs of one server."""

    server_id: str
    user_ids: list[str]
    connected_account_ids: list[str]


def generate_request(body: Any) -> GenerateRequest:
    """The body of ``POST /mcp/servers/generate``; 400 if it is wrong."""
    if not isinstance(body, dict):
        raise bad_request(["the request body must be a JSON object"], "Send a JSON object.", SLUG)
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
        raise bad_request(problems, "Give mcp_server_id and lists of user or account ids.", SLUG)
    assert isinstance(server_id, str)
    return GenerateRequest(
        server_id=server_id,
        user_ids=list(body.get("user_ids") or []),
        connected_account_ids=list(body.get("connected_account_ids") or []),
    )


@dataclass(frozen=True)
class ServerListQuery:
    name: str | None
    toolkits: frozenset[str]
    auth_config_ids: frozenset[str]
    page: int
    limit: int
    order_by: ServerOrder
    descending: bool


def server_list_query(params: Mapping[str, str]) -> ServerListQuery:
    """The query of ``GET /mcp/servers``; numbers may come as ``"10"`` or ``"10.0"``."""
    problems: list[str] = []
    page = whole_number(params, "page_no", 1, problems)
    limit = whole_number(params, "limit", DEFAULT_SERVER_PAGE_SIZE, problems)
    if limit > MAX_SERVER_PAGE_SIZE:
        problems.append(f"limit must be at most {MAX_SERVER_PAGE_SIZE}")
    order_by = params.get("order_by", "created_at")
    if order_by not in ("created_at", "updated_at"):
        problems.append("order_by must be created_at or updated_at")
    direction = params.get("order_direction", "desc")
    if direction not in ("asc", "desc"):
        problems.append("order_direction must be asc or desc")
    if problems:
        raise bad_request(problems, "Fix the query parameters of the list call.", SLUG)
    return ServerListQuery(
        name=params.get("name") or None,
        toolkits=comma_separated(params.get("toolkits")),
        auth_config_ids=comma_separated(params.get("auth_config_ids")),
        page=page,
        limit=limit,
        order_by="updated_at" if order_by == "updated_at" else "created_at",
        descending=direction == "desc",
    )


def _name_problems(key: str, value: Any) -> list[str]:
    if not isinstance(value, str):
        return [f"{key} must be a string"]
    if not _NAME.fullmatch(value):
        return [f"{key} {value!r} must be 4-30 characters: letters, digits, spaces and hyphens"]
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
