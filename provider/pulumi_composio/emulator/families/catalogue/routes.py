"""Composio's catalogue routes, in the shapes of the official SDK's ``toolkit_*`` and ``tool_*``
types: ``GET /toolkits``, ``GET /toolkits/{slug}``, ``GET /tools`` and ``GET /tools/{slug}``.

They serve the emulator's catalogue (:mod:`...catalogue`) read-only. A toolkit's answer carries
its auth schemes, whether Composio manages its auth and how many tools it has, not the tools
themselves: those are listed by ``GET /tools?toolkit_slug=...``, as in Composio. Fields the
catalogue has no data for (versions, dates, scopes, triggers) hold fixed, plausible values.
"""

from __future__ import annotations

from typing import Any, Final

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ...api_errors import ApiError
from ...api_routes import ApiRoute, routes_by_method
from ...catalogue import Catalogue, Tool, Toolkit
from ...state import EmulatorState
from ...wire import cursor_list
from .queries import ToolkitListQuery, ToolListQuery, tool_list_query, toolkit_list_query

__all__ = ["catalogue_routes", "tool_json", "toolkit_detail_json", "toolkit_list_json"]

LOGO_HOST: Final = "https://logos.composio.dev/api"
VERSION: Final = "20250905_00"
PUBLISHED: Final = "2025-01-15T09:30:00.000Z"
UPDATED: Final = "2025-09-05T12:00:00.000Z"
_OUTPUT_PARAMETERS: Final = {
    "type": "object",
    "properties": {
        "data": {"type": "object", "description": "What the tool answered."},
        "successful": {"type": "boolean", "description": "Whether the call succeeded."},
        "error": {"type": "string", "description": "Why it failed, when it did."},
    },
    "required": ["data", "successful"],
}
_SCHEME_FIELDS: Final[dict[str, tuple[str, tuple[tuple[str, str], ...]]]] = {
    "OAUTH2": ("auth_config_creation", (("client_id", "Client ID"), ("client_secret", "Secret"))),
    "API_KEY": ("connected_account_initiation", (("api_key", "API key"),)),
    "BEARER_TOKEN": ("connected_account_initiation", (("token", "Bearer token"),)),
    "BASIC": ("connected_account_initiation", (("username", "Username"), ("password", "Password"))),
}
"""What each auth scheme asks for, and at which stage: when the team makes an auth config of
its own (``auth_config_creation``) or when a user connects (``connected_account_initiation``)."""


def _logo(slug: str) -> str:
    return f"{LOGO_HOST}/{slug}"


def _category_name(slug: str) -> str:
    return slug.replace("-", " ").title()


def _managed_schemes(kit: Toolkit) -> list[str]:
    """The schemes Composio manages: its OAuth apps, when it has one for the toolkit."""
    if not kit.composio_managed_auth:
        return []
    return [scheme for scheme in kit.auth_schemes if scheme.startswith("OAUTH")]


def _meta(kit: Toolkit) -> dict[str, Any]:
    return {
        "created_at": PUBLISHED,
        "updated_at": UPDATED,
        "description": kit.description,
        "logo": _logo(kit.slug),
        "tools_count": len(kit.tools),
        "triggers_count": 0,
        "version": VERSION,
    }


def toolkit_list_json(kit: Toolkit) -> dict[str, Any]:
    """A toolkit as an item of ``GET /toolkits``."""
    return {
        "slug": kit.slug,
        "name": kit.name,
        "type": "native",
        "is_local_toolkit": False,
        "deprecated": {"toolkitId": f"tk_{kit.slug}"},
        "meta": {
            **_meta(kit),
            "categories": [{"id": c, "name": _category_name(c)} for c in kit.categories],
        },
        "auth_schemes": list(kit.auth_schemes),
        "composio_managed_auth_schemes": _managed_schemes(kit),
        "no_auth": not kit.auth_schemes,
    }


def _field(name: str, display_name: str) -> dict[str, Any]:
    return {
        "name": name,
        "displayName": display_name,
        "description": f"The {display_name.lower()}.",
        "type": "string",
        "required": True,
        "is_secret": True,
    }


def _auth_config_detail(scheme: str) -> dict[str, Any]:
    stages: dict[str, dict[str, list[dict[str, Any]]]] = {
        "auth_config_creation": {"optional": [], "required": []},
        "connected_account_initiation": {"optional": [], "required": []},
    }
    if scheme in _SCHEME_FIELDS:
        stage, fields = _SCHEME_FIELDS[scheme]
        stages[stage]["required"] = [_field(name, shown) for name, shown in fields]
    return {"mode": scheme, "name": scheme.replace("_", " ").title(), "fields": stages}


def toolkit_detail_json(kit: Toolkit) -> dict[str, Any]:
    """A toolkit as ``GET /toolkits/{slug}`` shows it: each auth scheme in
    ``auth_config_details`` (``mode``), the managed ones in ``composio_managed_auth_schemes``."""
    managed = _managed_schemes(kit)
    return {
        "slug": kit.slug,
        "name": kit.name,
        "type": "native",
        "enabled": True,
        "is_local_toolkit": False,
        "deprecated": {"rawProxyInfoByAuthSchemes": [], "toolkitId": f"tk_{kit.slug}"},
        "meta": {
            **_meta(kit),
            "available_versions": [VERSION],
            "categories": [{"slug": c, "name": _category_name(c)} for c in kit.categories],
        },
        "composio_managed_auth": [
            {"mode": scheme, "scopes": {"available": []}} for scheme in managed
        ],
        "composio_managed_auth_schemes": managed,
        "auth_config_details": [_auth_config_detail(scheme) for scheme in kit.auth_schemes],
    }


def tool_json(tool: Tool, kit: Toolkit) -> dict[str, Any]:
    """A tool as ``GET /tools/{slug}`` and the items of ``GET /tools`` show it."""
    return {
        "slug": tool.slug,
        "name": tool.name,
        "description": tool.description,
        "human_description": tool.description,
        "input_parameters": dict(tool.input_schema),
        "output_parameters": _OUTPUT_PARAMETERS,
        "toolkit": {"slug": kit.slug, "name": kit.name, "logo": _logo(kit.slug)},
        "version": VERSION,
        "available_versions": [VERSION],
        "is_deprecated": False,
        "deprecated": {
            "available_versions": [VERSION],
            "displayName": tool.name,
            "is_deprecated": False,
            "toolkit": {"logo": _logo(kit.slug)},
            "version": VERSION,
        },
        "no_auth": not kit.auth_schemes,
        "scopes": [],
        "scope_requirements": None,
        "tags": list(tool.tags),
    }


def _matches(search: str | None, *texts: str) -> bool:
    return search is None or any(search.lower() in text.lower() for text in texts)


def _toolkits(catalogue: Catalogue, query: ToolkitListQuery) -> list[Toolkit]:
    """The toolkits the query selects, in the catalogue's order or by name."""
    selected = [
        kit
        for kit in catalogue.toolkits.values()
        if query.managed_by != "project"
        and (query.category is None or query.category in kit.categories)
        and _matches(query.search, kit.slug, kit.name, kit.description)
    ]
    return sorted(selected, key=lambda kit: kit.name.lower()) if query.alphabetically else selected


def _tools(catalogue: Catalogue, query: ToolListQuery) -> list[tuple[Tool, Toolkit]]:
    """The tools the query selects, toolkit by toolkit in the catalogue's order; ``tool_slugs``
    overrides the other filters; ``tags`` keeps the tools carrying one of them."""
    return [
        (tool, kit)
        for kit in catalogue.toolkits.values()
        for tool in kit.tools.values()
        if (
            tool.slug in query.tool_slugs
            if query.tool_slugs
            else (not query.toolkit_slugs or kit.slug in query.toolkit_slugs)
            and _matches(query.search, tool.slug, tool.name, tool.description)
            and (not query.tags or not query.tags.isdisjoint(tool.tags))
        )
    ]


def _not_found(kind: str, slug: str, fix: str) -> ApiError:
    return ApiError(404, f"{kind}_NotFound", f"No {kind.lower()} with slug {slug!r}.", fix)


def catalogue_routes(state: EmulatorState) -> list[ApiRoute]:
    """The toolkit and tool routes, to be mounted under each API prefix."""
    catalogue = state.settings.catalogue

    async def list_toolkits(request: Request) -> Response:
        query = toolkit_list_query(request.query_params)
        selected = _toolkits(catalogue, query)
        return JSONResponse(cursor_list(selected, query.page, query.limit, toolkit_list_json))

    async def retrieve_toolkit(request: Request) -> Response:
        slug = request.path_params["slug"]
        kit = catalogue.toolkits.get(slug)
        if kit is None:
            raise _not_found("Toolkit", slug, "List the toolkits with GET /toolkits.")
        return JSONResponse(toolkit_detail_json(kit))

    async def list_tools(request: Request) -> Response:
        query = tool_list_query(request.query_params)
        selected = _tools(catalogue, query)
        return JSONResponse(
            cursor_list(selected, query.page, query.limit, lambda pair: tool_json(*pair))
        )

    async def retrieve_tool(request: Request) -> Response:
        slug = request.path_params["slug"]
        tool = catalogue.tool(slug)
        if tool is None:
            raise _not_found("Tool", slug, "List a toolkit's tools with GET /tools?toolkit_slug=.")
        return JSONResponse(tool_json(tool, catalogue.toolkits[tool.toolkit]))

    return [
        *routes_by_method("/toolkits", GET=list_toolkits),
        *routes_by_method("/toolkits/{slug}", GET=retrieve_toolkit),
        *routes_by_method("/tools", GET=list_tools),
        *routes_by_method("/tools/{slug}", GET=retrieve_tool),
    ]
