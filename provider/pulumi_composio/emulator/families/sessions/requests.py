"""The bodies a session is created and changed with, checked as Composio checks them.

The shapes are those of ``composio-client`` 2.0.0rc19's ``session_create_params`` and
``session_patch_params`` (the client ``composio`` 0.30 pins), field by field and strict: a
field the API does not know is a 400, as Composio answers (its own SDK notes that the API
refuses an unknown body field). Every problem of a request is reported at once, one line
each, then the slugs are checked against the catalogue and the auth configs that exist.

A PATCH may also carry ``expected_config_version``, the precondition ``composio`` 0.30's
``session.update(expected_config_version=...)`` sends as an extra body field (the client's
own params do not list it; Composio's docs speak of the ``config_version``): a stale one is
a 409.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ...api_errors import bad_request

__all__ = [
    "SLUG",
    "CreateBody",
    "PatchBody",
    "SessionSettings",
    "Tag",
    "create_body",
    "patch_body",
]

SLUG = "ToolRouter_InvalidRequest"
Tag = Literal[
    "readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint", "createHint", "updateHint"
]
_FIX = (
    "Toolkit and tool slugs must exist (GET /api/v3.1/toolkits, /tools), each tool under its "
    "own toolkit; auth configs must exist and be enabled; give toolkits as enable or disable."
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ToolkitsEnable(_Strict):
    enable: list[str]
    require_approval: list[str] | None = None


class ToolkitsDisable(_Strict):
    disable: list[str]
    require_approval: list[str] | None = None


class RequireApproval(_Strict):
    require_approval: list[str]


class TagFilter(_Strict):
    enable: list[Tag] | None = None
    disable: list[Tag] | None = None
    require_approval: list[Tag] | None = None


class ToolsEnable(_Strict):
    enable: list[str]
    require_approval: list[str] | None = None


class ToolsDisable(_Strict):
    disable: list[str]
    require_approval: list[str] | None = None


class ToolsTags(_Strict):
    tags: list[Tag] | TagFilter
    require_approval: list[str] | None = None


class ManageConnections(_Strict):
    enable: bool | None = None
    callback_url: str | None = None
    enable_connection_removal: bool | None = None
    enable_wait_for_connections: bool | None = None


class Workbench(_Strict):
    enable: bool | None = None
    enable_proxy_execution: bool | None = None
    auto_offload_threshold: float | None = None
    sandbox_size: Literal["standard", "medium", "large", "xlarge"] | None = None
    enable_tool_execution: bool | None = None


class ProxyExecute(_Strict):
    enable: bool


class MultiAccount(_Strict):
    enable: bool | None = None
    max_accounts_per_toolkit: int | None = Field(default=None, ge=2, le=10)
    require_explicit_selection: bool | None = None


class Preload(_Strict):
    tools: list[str] | Literal["all"]


class Search(_Strict):
    enable: bool | None = None


class Execute(_Strict):
    enable_multi_execute: bool | None = None


class InstantFilter(_Strict):
    enable: list[str] | None = None
    disable: list[str] | None = None


class Instant(_Strict):
    toolkits: InstantFilter | None = None
    tools: dict[str, InstantFilter] | None = None
    return_instant_charge: bool | None = None
    return_prices_in_search: bool | None = None


class SessionSettings(_Strict):
    """What a create body and a PATCH body have in common: the session's policy blocks."""

    toolkits: ToolkitsEnable | ToolkitsDisable | RequireApproval | None = None
    auth_configs: dict[str, str] | None = None
    connected_accounts: dict[str, list[str]] | None = None
    instant: Literal[False] | Instant | None = None
    manage_connections: ManageConnections | None = None
    tools: dict[str, ToolsEnable | ToolsDisable | ToolsTags | RequireApproval] | None = None
    tags: list[Tag] | TagFilter | None = None
    workbench: Workbench | None = None
    proxy_execute: ProxyExecute | None = None
    multi_account: MultiAccount | None = None
    experimental: dict[str, Any] | None = None
    preload: Preload | None = None
    search: Search | None = None
    execute: Execute | None = None
    hooks: list[dict[str, Any]] | None = None


class CreateBody(SessionSettings):
    user_id: str = Field(min_length=1)


class PatchBody(SessionSettings):
    expected_config_version: int | None = Field(default=None, ge=1)


BodyT = TypeVar("BodyT", bound=SessionSettings)

SlugProblems = Callable[[SessionSettings], list[str]]
"""The problems of a well-formed body's slugs and ids (unknown toolkit, tool, auth config)."""


def create_body(body: Any, slug_problems: SlugProblems) -> CreateBody:
    """A ``POST /tool_router/session`` body; one 400 naming every problem if it is wrong."""
    created = _parsed(CreateBody, body)
    _check(created, slug_problems(created))
    return created


def patch_body(body: Any, slug_problems: SlugProblems) -> PatchBody:
    """A ``PATCH /tool_router/session/{id}`` body; one 400 naming every problem if wrong."""
    patch = _parsed(PatchBody, body)
    _check(patch, slug_problems(patch))
    return patch


def _parsed(model: type[BodyT], body: Any) -> BodyT:
    if not isinstance(body, dict):
        raise bad_request(["the request body must be a JSON object"], "Send a JSON object.", SLUG)
    try:
        return model.model_validate(body)
    except ValidationError as error:
        raise bad_request(_lines(error), _FIX, SLUG) from None


def _lines(error: ValidationError) -> list[str]:
    """One line per problem, ``field.path: message``; a union's alternatives that failed the
    same way once."""
    lines: list[str] = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"] if not str(part)[:1].isupper())
        line = f"{where or 'body'}: {problem['msg']}"
        if line not in lines:
            lines.append(line)
    return lines


def _check(settings: SessionSettings, slug_problems: list[str]) -> None:
    problems = list(slug_problems)
    preload = settings.preload
    if preload is not None and preload.tools == "all" and not _has_allowlist(settings):
        problems.append(
            'preload.tools: "all" needs a positive allowlist: toolkits.enable or a tools enable'
        )
    proxy, workbench = settings.proxy_execute, settings.workbench
    if (
        proxy is not None
        and not proxy.enable
        and workbench is not None
        and workbench.enable_proxy_execution
    ):
        problems.append(
            "proxy_execute.enable is false but workbench.enable_proxy_execution is true"
        )
    if problems:
        raise bad_request(problems, _FIX, SLUG)


def _has_allowlist(settings: SessionSettings) -> bool:
    if isinstance(settings.toolkits, ToolkitsEnable):
        return True
    return any(isinstance(rule, ToolsEnable) for rule in (settings.tools or {}).values())
