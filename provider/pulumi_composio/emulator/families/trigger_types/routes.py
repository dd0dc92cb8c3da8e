"""Composio's trigger-type routes, in the shapes of ``composio-client`` 2.0.0rc19's
``triggers_type_*`` types: ``GET /triggers_types`` (``toolkit_slugs``, ``toolkit_versions``,
``limit`` and ``cursor`` paging), ``GET /triggers_types/{slug}`` and
``GET /triggers_types/list/enum`` (every slug).

Each type carries the JSON schema of its ``config`` (what a trigger instance is set up with,
checked on upsert) and of its ``payload`` (what its events carry, checked when one is
fired). Slugs are matched ignoring case, as Composio upper-cases them. A
``toolkit_versions`` naming a version the catalogue lacks is a 400; an unknown slug a 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ...api_errors import ApiError, bad_request
from ...api_routes import ApiRoute, routes_by_method
from ...catalogue import Catalogue, TriggerType
from ...request_checks import comma_separated, cursor_page
from ...state import EmulatorState
from ...wire import cursor_list
from ..catalogue.routes import VERSION

__all__ = [
    "trigger_type_json",
    "trigger_type_of",
    "trigger_type_routes",
    "version_problems",
    "versions_asked",
]

SLUG: Final = "TriggerType_InvalidRequest"
LOGO_HOST: Final = "https://logos.composio.dev/api"
_PAGE, _MAX_PAGE = 20, 1000


def trigger_type_json(kind: TriggerType, catalogue: Catalogue) -> dict[str, Any]:
    """A trigger type as ``GET /triggers_types/{slug}`` and list items show it."""
    kit = catalogue.toolkits.get(kind.toolkit)
    return {
        "slug": kind.slug,
        "name": kind.name,
        "description": kind.description,
        "instructions": kind.instructions,
        "type": kind.type,
        "toolkit": {
            "slug": kind.toolkit,
            "name": kit.name if kit else kind.toolkit,
            "logo": f"{LOGO_HOST}/{kind.toolkit}",
        },
        "config": dict(kind.config),
        "payload": dict(kind.payload),
        "version": VERSION,
        "requires_webhook_endpoint_setup": False,
    }


def trigger_type_of(catalogue: Catalogue, slug: str) -> TriggerType | None:
    """The trigger type ``slug`` names, in any case."""
    return catalogue.trigger_types.get(slug.upper())


def versions_asked(params: Mapping[str, str]) -> str | dict[str, str] | None:
    """``toolkit_versions`` as a query gives it: ``latest``, a version, or bracket notation
    (``toolkit_versions[github]=20250905_00``)."""
    per_toolkit = {
        key[len("toolkit_versions[") : -1]: value
        for key, value in params.items()
        if key.startswith("toolkit_versions[") and key.endswith("]")
    }
    return per_toolkit or params.get("toolkit_versions")


def version_problems(asked: object, toolkits: set[str]) -> list[str]:
    """Why ``toolkit_versions`` (``"latest"``, a version, or toolkit -> version) names a
    version the catalogue lacks for one of ``toolkits``."""
    if asked is None or asked == "latest":
        return []
    if isinstance(asked, str):
        wanted = dict.fromkeys(toolkits, asked)
    elif isinstance(asked, dict) and all(isinstance(v, str) for v in asked.values()):
        wanted = {kit: version for kit, version in asked.items() if kit in toolkits}
    else:
        return ["toolkit_versions must be 'latest' or an object of toolkit slug -> version"]
    return [
        f"toolkit_versions: {kit} has no version {version!r} (it has {VERSION})"
        for kit, version in sorted(wanted.items())
        if version not in ("latest", VERSION)
    ]


def trigger_type_routes(state: EmulatorState) -> list[ApiRoute]:
    """The trigger-type routes, to be mounted under each API prefix."""
    catalogue = state.settings.catalogue

    async def list_types(request: Request) -> Response:
        params = request.query_params
        problems: list[str] = []
        page, limit = cursor_page(params, _PAGE, _MAX_PAGE, problems)
        toolkits = comma_separated(params.get("toolkit_slugs"))
        selected = [
            kind
            for kind in catalogue.trigger_types.values()
            if not toolkits or kind.toolkit in toolkits
        ]
        problems += version_problems(versions_asked(params), {k.toolkit for k in selected})
        if problems:
            raise bad_request(problems, "Fix the query parameters of the list call.", SLUG)
        return JSONResponse(
            cursor_list(selected, page, limit, lambda kind: trigger_type_json(kind, catalogue))
        )

    async def retrieve(request: Request) -> Response:
        slug = request.path_params["slug"]
        kind = trigger_type_of(catalogue, slug)
        if kind is None:
            raise ApiError(
                404,
                "TriggerType_NotFound",
                f"No trigger type with slug {slug!r}.",
                "List the trigger types with GET /triggers_types?toolkit_slugs=<toolkit>.",
            )
        problems = version_problems(versions_asked(request.query_params), {kind.toolkit})
        if problems:
            raise bad_request(problems, "Ask for 'latest' or a version the toolkit has.", SLUG)
        return JSONResponse(trigger_type_json(kind, catalogue))

    async def enum(request: Request) -> Response:
        return JSONResponse(list(catalogue.trigger_types))

    return [
        *routes_by_method("/triggers_types", GET=list_types),
        *routes_by_method("/triggers_types/list/enum", GET=enum),
        *routes_by_method("/triggers_types/{slug}", GET=retrieve),
    ]
