"""Composio's session routes, ``/tool_router/session[/{id}[/...]]``, in the shapes of
``composio-client`` 2.0.0rc19's ``tool_router/session_*`` types.

Create answers 201 with the session (``session_id``, ``config``, ``config_version``, ``mcp``
and ``tool_router_tools``); ``GET`` and ``PATCH`` answer the same; ``DELETE`` answers
``{session_id, deleted: true}``, after which the session is a 404 everywhere, its MCP URL
included. A PATCH carrying a stale ``expected_config_version`` is a 409 and changes nothing.
``GET /tool_router/session`` lists the live sessions, oldest first, cursor-paged, of the
users given as ``user_ids`` (comma-separated) if any; a deleted session is never listed.
``config_history`` lists the current config then the superseded ones, newest first;
``toolkits`` and ``tools`` page what the session enables and serves; ``search``,
``execute`` and ``execute_meta`` answer from the catalogue (:mod:`.calls`).
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from ...api_errors import ApiError, bad_request
from ...api_routes import ApiRoute, routes_by_method
from ...database import now
from ...mcp_serving import handed_out_base_url
from ...request_checks import comma_separated, cursor_page
from ...state import EmulatorState
from ...wire import cursor_list, json_body
from ..auth_configs.records import why_unusable
from ..catalogue.routes import tool_json
from .calls import Outcome, SessionView, log_id
from .config import config_json, given, merged_settings, settings_of, slug_problems
from .mcp_endpoint import session_mcp_url
from .meta_tools import META_TOOLKIT
from .records import SessionRecord, new_session_id, sessions
from .requests import SLUG, create_body, patch_body

__all__ = ["admin_view", "session_json", "session_routes"]

ModelT = TypeVar("ModelT", bound=BaseModel)
_PAGE = 20
_MAX_PAGE = 100
MetaSlug = Literal[
    "COMPOSIO_SEARCH_TOOLS",
    "COMPOSIO_MULTI_EXECUTE_TOOL",
    "COMPOSIO_MANAGE_CONNECTIONS",
    "COMPOSIO_WAIT_FOR_CONNECTIONS",
    "COMPOSIO_REMOTE_WORKBENCH",
    "COMPOSIO_REMOTE_BASH_TOOL",
    "COMPOSIO_GET_TOOL_SCHEMAS",
    "COMPOSIO_SUBMIT_FEEDBACK",
    "COMPOSIO_PROXY_EXECUTE",
]


class _ExecuteBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tool_slug: str
    arguments: dict[str, Any] | None = None
    account: str | None = None
    enable_auto_workbench_offload: bool | None = None
    input_responses: dict[str, Any] | None = None
    request_state: str | None = None
    experimental: dict[str, Any] | None = None


class _ExecuteMetaBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    slug: MetaSlug
    arguments: dict[str, Any] | None = None
    input_responses: dict[str, Any] | None = None
    request_state: str | None = None
    experimental: dict[str, Any] | None = None


class _Query(BaseModel):
    model_config = ConfigDict(extra="forbid")
    use_case: str
    known_fields: str | None = None


class _SearchBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    queries: list[_Query]
    model: str | None = None
    search_strategy: Literal["auto", "tool_search"] | None = None
    experimental: dict[str, Any] | None = None


def _parsed(model: type[ModelT], body: Any) -> ModelT:
    try:
        return model.model_validate(body)
    except ValidationError as error:
        lines = [
            f"{'.'.join(str(p) for p in problem['loc']) or 'body'}: {problem['msg']}"
            for problem in error.errors()
        ]
        raise bad_request(lines, "Send the fields the API reference lists.", SLUG) from None


def session_json(view: SessionView, mcp_base_url: str) -> dict[str, Any]:
    """A session as create, ``GET`` and ``PATCH`` answer it."""
    return {
        "session_id": view.record.id,
        "config": view.config,
        "config_version": view.record.config_version,
        "mcp": {"type": "http", "url": session_mcp_url(mcp_base_url, view.record.id)},
        "tool_router_tools": view.tool_router_tools,
    }


def _not_found(session_id: str) -> ApiError:
    return ApiError(
        404,
        "ToolRouter_SessionNotFound",
        f"No tool router session with id {session_id!r}.",
        "The session was deleted or never existed; create one with POST /tool_router/session.",
    )


def _outcome_json(outcome: Outcome) -> dict[str, Any]:
    return {
        "data": outcome.data,
        "error": outcome.error,
        "log_id": log_id(),
        "result_type": "completed" if outcome.successful else "failed",
    }


def session_routes(state: EmulatorState) -> list[ApiRoute]:
    """The session routes, to be mounted under each API prefix."""
    store = sessions(state)
    catalogue = state.settings.catalogue
    checks = slug_problems(catalogue, lambda config_id: why_unusable(state, config_id))

    def live(request: Request) -> SessionView:
        session_id = request.path_params["id"]
        record = store.get(session_id)
        if record is None or record.deleted:
            raise _not_found(session_id)
        return SessionView(record, catalogue)

    def answer(view: SessionView, request: Request, status: int = 200) -> Response:
        base = handed_out_base_url(state.settings, request)
        return JSONResponse(session_json(view, base), status)

    async def create(request: Request) -> Response:
        body = create_body(await json_body(request), checks)
        settings = {k: v for k, v in given(body).items() if k != "user_id" and v is not None}
        record = store.insert(SessionRecord(new_session_id(), body.user_id, settings))
        return answer(SessionView(record, catalogue), request, 201)

    async def retrieve(request: Request) -> Response:
        return answer(live(request), request)

    async def patch(request: Request) -> Response:
        record = live(request).record
        body = patch_body(await json_body(request), checks)
        expected = body.expected_config_version
        if expected is not None and expected != record.config_version:
            raise ApiError(
                409,
                "ToolRouter_SessionConfigConflict",
                f"Session {record.id} is at config version {record.config_version}, "
                f"not {expected}: it changed since it was read.",
                "Read the session again (GET), then send the update with its config_version.",
            )
        changes = {k: v for k, v in given(body).items() if k != "expected_config_version"}
        archived = {"version": record.config_version, "settings": record.settings}
        updated = store.update(
            record.id,
            {
                "settings": merged_settings(record.settings, changes),
                "config_version": record.config_version + 1,
                "history": [*record.history, {**archived, "created_at": now()}],
            },
        )
        if updated is None:
            raise _not_found(record.id)
        return answer(SessionView(updated, catalogue), request)

    async def delete(request: Request) -> Response:
        session_id = live(request).record.id
        if not store.delete(session_id):
            raise _not_found(session_id)
        return JSONResponse({"session_id": session_id, "deleted": True})

    async def list_page(request: Request) -> Response:
        params = request.query_params
        problems: list[str] = []
        page, limit = cursor_page(params, _PAGE, _MAX_PAGE, problems)
        if problems:
            raise bad_request(problems, "Fix the query parameters of the list call.", SLUG)
        users = comma_separated(",".join(params.getlist("user_ids")))
        listed = [record for record in store.all() if not users or record.user_id in users]
        base = handed_out_base_url(state.settings, request)

        def shown(record: SessionRecord) -> dict[str, Any]:
            view = SessionView(record, catalogue)
            return {**session_json(view, base), "created_at": record.created_at}

        return JSONResponse(cursor_list(listed, page, limit, shown))

    async def config_history(request: Request) -> Response:
        record = live(request).record
        problems: list[str] = []
        page, limit = cursor_page(request.query_params, _PAGE, _MAX_PAGE, problems)
        if problems:
            raise bad_request(problems, "Fix the query parameters of the list call.", SLUG)
        current = {"version": record.config_version, "settings": record.settings}
        entries = [{**current, "created_at": record.updated_at}, *reversed(record.history)]

        def shown(entry: dict[str, Any]) -> dict[str, Any]:
            return {
                "version": entry["version"],
                "config": config_json(record.user_id, settings_of(entry["settings"])),
                "created_at": entry["created_at"],
                "is_current": entry["version"] == record.config_version,
            }

        return JSONResponse(cursor_list(entries, page, limit, shown))

    async def toolkits(request: Request) -> Response:
        view = live(request)
        params = request.query_params
        problems: list[str] = []
        page, limit = cursor_page(params, _PAGE, _MAX_PAGE, problems)
        if problems:
            raise bad_request(problems, "Fix the query parameters of the list call.", SLUG)
        asked = comma_separated(",".join(params.getlist("toolkits")))
        search = (params.get("search") or "").lower()
        kits = [
            catalogue.toolkits[slug]
            for slug in dict.fromkeys(tool.toolkit for tool in view.enabled.values())
            if (not asked or slug in asked)
            and search in f"{slug} {catalogue.toolkits[slug].name}".lower()
            and params.get("is_connected") != "true"
        ]
        return JSONResponse(
            cursor_list(
                kits,
                page,
                limit,
                lambda kit: {
                    "slug": kit.slug,
                    "name": kit.name,
                    "enabled": True,
                    "is_no_auth": not kit.auth_schemes,
                    "composio_managed_auth_schemes": [
                        s for s in kit.auth_schemes if kit.composio_managed_auth
                    ],
                    "meta": {
                        "description": kit.description,
                        "logo": f"https://logos.composio.dev/api/{kit.slug}",
                    },
                    "connected_account": None,
                },
            )
        )

    async def tools(request: Request) -> Response:
        view = live(request)
        problems: list[str] = []
        page, limit = cursor_page(request.query_params, _PAGE, _MAX_PAGE, problems)
        if problems:
            raise bad_request(problems, "Fix the query parameters of the list call.", SLUG)

        def shown(tool: Any) -> dict[str, Any]:
            kit = (
                META_TOOLKIT
                if tool.toolkit == META_TOOLKIT.slug
                else catalogue.toolkits[tool.toolkit]
            )
            return tool_json(tool, kit)

        return JSONResponse(cursor_list(view.served(), page, limit, shown))

    async def search(request: Request) -> Response:
        view = live(request)
        body = _parsed(_SearchBody, await json_body(request))
        return JSONResponse(view.search([query.use_case for query in body.queries]))

    async def execute(request: Request) -> Response:
        view = live(request)
        body = _parsed(_ExecuteBody, await json_body(request))
        slug = body.tool_slug
        if not (catalogue.is_tool(slug) or slug in META_TOOLKIT.tools):
            raise bad_request(
                [f"tool_slug: unknown tool {slug!r}"], "Search the session's tools.", SLUG
            )
        if slug not in view.enabled and slug not in view.tool_router_tools:
            raise bad_request(
                [f"tool_slug: {slug!r} is not enabled in session {view.record.id}"],
                "Enable its toolkit or the tool in the session's toolkits and tools.",
                SLUG,
            )
        arguments = body.arguments or {}
        if slug in META_TOOLKIT.tools:
            return JSONResponse(_outcome_json(view.run_meta(slug, arguments)))
        return JSONResponse(_outcome_json(view.run_app(slug, arguments)))

    async def execute_meta(request: Request) -> Response:
        view = live(request)
        body = _parsed(_ExecuteMetaBody, await json_body(request))
        if body.slug not in view.tool_router_tools:
            raise bad_request(
                [f"slug: {body.slug} is not a meta tool of session {view.record.id}"],
                "Its config turns it off (search, execute, manage_connections, workbench).",
                SLUG,
            )
        return JSONResponse(_outcome_json(view.run_meta(body.slug, body.arguments or {})))

    base = "/tool_router/session"
    return [
        *routes_by_method(base, POST=create, GET=list_page),
        *routes_by_method(f"{base}/{{id}}", GET=retrieve, PATCH=patch, DELETE=delete),
        *routes_by_method(f"{base}/{{id}}/config_history", GET=config_history),
        *routes_by_method(f"{base}/{{id}}/toolkits", GET=toolkits),
        *routes_by_method(f"{base}/{{id}}/tools", GET=tools),
        *routes_by_method(f"{base}/{{id}}/search", POST=search),
        *routes_by_method(f"{base}/{{id}}/execute", POST=execute),
        *routes_by_method(f"{base}/{{id}}/execute_meta", POST=execute_meta),
    ]


def admin_view(
    state: EmulatorState, request: Request, include_deleted: bool
) -> list[dict[str, Any]]:
    """Every session as ``GET`` shows it, with ``deleted``, deleted ones too when asked."""
    base = handed_out_base_url(state.settings, request)
    catalogue = state.settings.catalogue
    return [
        {**session_json(SessionView(record, catalogue), base), "deleted": record.deleted}
        for record in sessions(state).all(include_deleted=include_deleted)
    ]
