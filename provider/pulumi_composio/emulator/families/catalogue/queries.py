"""Composio's rules for the catalogue's list queries, every problem reported at once.

The shapes are those of the official SDK's ``toolkit_list_params`` and ``tool_list_params``:
filters, and cursor paging (``cursor`` from a previous ``next_cursor``, ``limit`` up to
1000). Parameters the SDK may send that the emulator has no data for (``include_deprecated``,
``toolkit_versions``, ``scopes``, ...) are accepted and have no effect, as filters that match
everything would.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ...api_errors import bad_request
from ...request_checks import comma_separated, cursor_page

__all__ = [
    "MAX_CATALOGUE_PAGE_SIZE",
    "ToolListQuery",
    "ToolkitListQuery",
    "tool_list_query",
    "toolkit_list_query",
]

SLUG = "Catalogue_InvalidRequest"
MAX_CATALOGUE_PAGE_SIZE = 1000
DEFAULT_CATALOGUE_PAGE_SIZE = 20
_SORT_BY = ("usage", "alphabetically")
_FIX = "Fix the query parameters of the list call."

ManagedBy = Literal["composio", "all", "project"]
_MANAGED_BY: tuple[ManagedBy, ...] = ("composio", "all", "project")


@dataclass(frozen=True)
class ToolkitListQuery:
    category: str | None
    managed_by: ManagedBy
    search: str | None
    alphabetically: bool
    page: int
    limit: int


@dataclass(frozen=True)
class ToolListQuery:
    toolkit_slugs: frozenset[str]
    tool_slugs: frozenset[str]
    search: str | None
    page: int
    limit: int
    tags: frozenset[str] = frozenset()


def _page(params: Mapping[str, str], problems: list[str]) -> tuple[int, int]:
    return cursor_page(params, DEFAULT_CATALOGUE_PAGE_SIZE, MAX_CATALOGUE_PAGE_SIZE, problems)


def toolkit_list_query(params: Mapping[str, str]) -> ToolkitListQuery:
    """The query of ``GET /toolkits``.

    ``category`` is a category slug; ``managed_by`` is ``composio``, ``project`` or ``all``
    (the default; every catalogue toolkit is Composio's own, so ``project`` lists none);
    ``search`` matches slug, name or description, ignoring case; ``sort_by=alphabetically``
    orders by name, anything else keeps the catalogue's order (its "usage").
    """
    problems: list[str] = []
    page, limit = _page(params, problems)
    asked = params.get("managed_by", "all")
    managed_by = next((choice for choice in _MANAGED_BY if choice == asked), None)
    if managed_by is None:
        problems.append(f"managed_by must be one of {', '.join(_MANAGED_BY)}, not {asked!r}")
    sort_by = params.get("sort_by", "usage")
    if sort_by not in _SORT_BY:
        problems.append(f"sort_by must be one of {', '.join(_SORT_BY)}, not {sort_by!r}")
    if problems or managed_by is None:
        raise bad_request(problems, _FIX, SLUG)
    return ToolkitListQuery(
        category=params.get("category") or None,
        managed_by=managed_by,
        search=params.get("search") or None,
        alphabetically=sort_by == "alphabetically",
        page=page,
        limit=limit,
    )


def tool_list_query(params: Mapping[str, str]) -> ToolListQuery:
    """The query of ``GET /tools``.

    ``toolkit_slug`` and ``tool_slugs`` are comma-separated; ``tool_slugs`` overrides the
    other filters, as Composio documents; ``query`` (or its deprecated name ``search``)
    matches slug, name or description, ignoring case; ``tags`` keeps the tools carrying at
    least one of the tags given, comma-separated as the official SDK sends them
    (``tags=readOnlyHint,createHint``) or repeated (``tags=a&tags=b``, ``tags[]=a``).
    """
    problems: list[str] = []
    page, limit = _page(params, problems)
    if problems:
        raise bad_request(problems, _FIX, SLUG)
    return ToolListQuery(
        toolkit_slugs=comma_separated(params.get("toolkit_slug")),
        tool_slugs=comma_separated(params.get("tool_slugs")),
        search=params.get("query") or params.get("search") or None,
        page=page,
        limit=limit,
        tags=_repeated(params, "tags"),
    )


def _repeated(params: Mapping[str, str], key: str) -> frozenset[str]:
    """Every value of ``key`` (and ``key[]``), each comma-separated; a plain mapping holds
    one value a key, Starlette's query parameters all of them (``getlist``)."""
    getlist = getattr(params, "getlist", None)
    values: list[str] = []
    for name in (key, f"{key}[]"):
        if getlist is not None:
            values += getlist(name)
        elif name in params:
            values.append(params[name])
    return frozenset().union(*(comma_separated(value) for value in values))
