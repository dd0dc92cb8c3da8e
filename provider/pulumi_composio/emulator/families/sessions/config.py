"""A session's settings as Composio's answers show them, and what they enable.

The requests say ``enable``/``disable``; the answers' ``config`` says ``enabled``/``disabled``
and fills in the defaults (the connection manager, the workbench, search and multi-execute
on; nothing preloaded; instant usage on with charges hidden), as ``composio-client``
2.0.0rc19's ``session_*_response`` types have them.

What a session offers follows from its settings: its app tools (the catalogue's, narrowed by
``toolkits`` and ``tools``), its meta-tools (:mod:`.meta_tools`), and ``tool_router_tools``,
the meta-tools then the preloaded app tools. The direct-tools preset of the SDKs (search,
multi-execute, connection manager and workbench off, ``preload: {"tools": "all"}``) leaves
exactly the enabled tools.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...catalogue import Catalogue, Tool
from .meta_tools import meta_tool_slugs
from .requests import (
    RequireApproval,
    SessionSettings,
    Tag,
    TagFilter,
    ToolkitsDisable,
    ToolkitsEnable,
    ToolsDisable,
    ToolsEnable,
    ToolsTags,
)

__all__ = [
    "config_json",
    "enabled_tools",
    "merged_settings",
    "settings_of",
    "slug_problems",
    "tool_router_tools",
]

_MERGED_BLOCKS = ("manage_connections", "workbench", "multi_account")
"""Blocks a PATCH changes key by key (the SDK: "callback_url=None removes only the stored
callback URL"); every other block a PATCH gives replaces the stored one."""


def settings_of(stored: dict[str, Any]) -> SessionSettings:
    return SessionSettings.model_validate(stored)


def given(settings: SessionSettings) -> dict[str, Any]:
    """What a body set, as stored: unset fields left out, ``None`` kept (it removes)."""
    return settings.model_dump(mode="json", exclude_unset=True)


def merged_settings(stored: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """``stored`` changed by a PATCH's fields: ``None`` removes a block (its default again)."""
    merged = dict(stored)
    for key, value in patch.items():
        if value is None:
            merged.pop(key, None)
        elif key in _MERGED_BLOCKS and isinstance(merged.get(key), dict):
            block = {**merged[key], **value}
            merged[key] = {k: v for k, v in block.items() if v is not None}
        else:
            merged[key] = value
    return merged


def _tag_json(tags: list[Tag] | TagFilter) -> dict[str, Any]:
    if isinstance(tags, list):
        return {"enabled": tags}
    shown = {"enabled": tags.enable, "disabled": tags.disable}
    shown["require_approval"] = tags.require_approval
    return {key: value for key, value in shown.items() if value is not None}


def _filter_json(
    rule: ToolkitsEnable | ToolkitsDisable | ToolsEnable | ToolsDisable | RequireApproval,
) -> dict[str, Any]:
    if isinstance(rule, ToolkitsEnable | ToolsEnable):
        shown: dict[str, Any] = {"enabled": rule.enable}
    elif isinstance(rule, ToolkitsDisable | ToolsDisable):
        shown = {"disabled": rule.disable}
    else:
        shown = {}
    if rule.require_approval is not None:
        shown["require_approval"] = rule.require_approval
    return shown


def _tools_json(settings: SessionSettings) -> dict[str, Any] | None:
    if settings.tools is None:
        return None
    shown: dict[str, Any] = {}
    for kit, rule in settings.tools.items():
        if isinstance(rule, ToolsTags):
            shown[kit] = {"tags": _tag_json(rule.tags)}
            if rule.require_approval is not None:
                shown[kit]["require_approval"] = rule.require_approval
        else:
            shown[kit] = _filter_json(rule)
    return shown


def _instant_json(settings: SessionSettings) -> Any:
    instant = settings.instant
    if instant is False:
        return False
    shown: dict[str, Any] = {"return_instant_charge": False, "return_prices_in_search": False}
    if instant is None:
        return shown
    shown["return_instant_charge"] = bool(instant.return_instant_charge)
    shown["return_prices_in_search"] = bool(instant.return_prices_in_search)
    if instant.toolkits is not None:
        shown["toolkits"] = instant.toolkits.model_dump(exclude_none=True)
    if instant.tools is not None:
        shown["tools"] = {k: v.model_dump(exclude_none=True) for k, v in instant.tools.items()}
    return shown


def _manage_connections_json(settings: SessionSettings) -> dict[str, Any]:
    given_block = settings.manage_connections
    shown: dict[str, Any] = {"enabled": True}
    if given_block is None:
        return shown
    shown["enabled"] = given_block.enable is not False
    for key in ("callback_url", "enable_connection_removal", "enable_wait_for_connections"):
        if getattr(given_block, key) is not None:
            shown[key] = getattr(given_block, key)
    return shown


def _workbench_json(settings: SessionSettings) -> dict[str, Any]:
    given_block = settings.workbench
    shown: dict[str, Any] = {"enable": True}
    if given_block is None:
        return shown
    shown["enable"] = given_block.enable is not False
    renamed = {
        "enable_proxy_execution": "proxy_execution_enabled",
        "auto_offload_threshold": "auto_offload_threshold",
        "sandbox_size": "sandbox_size",
        "enable_tool_execution": "tool_execution_enabled",
    }
    for asked, answered in renamed.items():
        if getattr(given_block, asked) is not None:
            shown[answered] = getattr(given_block, asked)
    return shown


def config_json(user_id: str, settings: SessionSettings) -> dict[str, Any]:
    """The ``config`` of a session's answers: its settings in the answers' words, with the
    defaults filled in."""
    shown: dict[str, Any] = {
        "user_id": user_id,
        "execute": {
            "enable_multi_execute": not settings.execute
            or settings.execute.enable_multi_execute is not False
        },
        "search": {"enable": not settings.search or settings.search.enable is not False},
        "preload": {"tools": settings.preload.tools if settings.preload else []},
        "manage_connections": _manage_connections_json(settings),
        "workbench": _workbench_json(settings),
        "instant": _instant_json(settings),
    }
    if settings.toolkits is not None:
        shown["toolkits"] = _filter_json(settings.toolkits)
    if (tools := _tools_json(settings)) is not None:
        shown["tools"] = tools
    if settings.tags is not None:
        shown["tags"] = _tag_json(settings.tags)
    for key in ("auth_configs", "connected_accounts"):
        if getattr(settings, key) is not None:
            shown[key] = getattr(settings, key)
    if settings.multi_account is not None:
        shown["multi_account"] = settings.multi_account.model_dump(exclude_none=True)
    if settings.proxy_execute is not None:
        shown["proxy_execute"] = {"enable": settings.proxy_execute.enable}
    return shown


def _enabled_toolkits(settings: SessionSettings, catalogue: Catalogue) -> list[str]:
    """No toolkits rule enables every toolkit, as in Composio."""
    rule = settings.toolkits
    if isinstance(rule, ToolkitsEnable):
        return [kit for kit in rule.enable if catalogue.is_toolkit(kit)]
    every = list(catalogue.toolkits)
    if isinstance(rule, ToolkitsDisable):
        return [kit for kit in every if kit not in rule.disable]
    return every


def _passes_tags(tags: list[Tag] | TagFilter, tool: Tool) -> bool:
    """Whether ``tool`` passes a tag filter, as Composio reads one: a list is the tags to
    enable; a tool must carry at least one of those enabled and none of those disabled."""
    enable = tags if isinstance(tags, list) else tags.enable
    disable = [] if isinstance(tags, list) else tags.disable or []
    carried = set(tool.tags)
    return (not enable or not carried.isdisjoint(enable)) and carried.isdisjoint(disable)


def enabled_tools(settings: SessionSettings, catalogue: Catalogue) -> list[Tool]:
    """The app tools the session enables, toolkit by toolkit in the catalogue's order.

    As Composio documents its ``tags``: a toolkit's own tag filter (``tools.<kit>.tags``)
    overrides the session's, and a toolkit's enable or disable list takes precedence over
    tag filtering altogether."""
    tools: list[Tool] = []
    for kit in _enabled_toolkits(settings, catalogue):
        rule = (settings.tools or {}).get(kit)
        for tool in catalogue.toolkits[kit].tools.values():
            if isinstance(rule, ToolsEnable):
                keep = tool.slug in rule.enable
            elif isinstance(rule, ToolsDisable):
                keep = tool.slug not in rule.disable
            elif isinstance(rule, ToolsTags):
                keep = _passes_tags(rule.tags, tool)
            else:
                keep = settings.tags is None or _passes_tags(settings.tags, tool)
            if keep:
                tools.append(tool)
    return tools


def preloaded_tools(settings: SessionSettings, catalogue: Catalogue) -> list[Tool]:
    """The app tools offered directly (``preload``): all enabled ones, or those named."""
    enabled = enabled_tools(settings, catalogue)
    if settings.preload is None:
        return []
    if settings.preload.tools == "all":
        return enabled
    named = set(settings.preload.tools)
    return [tool for tool in enabled if tool.slug in named]


def tool_router_tools(settings: SessionSettings, catalogue: Catalogue) -> list[str]:
    """The tools the session serves: its meta-tools, then its preloaded app tools."""
    preloaded = [tool.slug for tool in preloaded_tools(settings, catalogue)]
    return [*meta_tool_slugs(config_json("", settings)), *preloaded]


def slug_problems(
    catalogue: Catalogue, auth_config_problem: Callable[[str], str | None]
) -> Callable[[SessionSettings], list[str]]:
    """The check of a body's slugs and ids against the catalogue and the auth configs."""

    def problems(settings: SessionSettings) -> list[str]:
        found: list[str] = []
        rule = settings.toolkits
        kits = [
            *(rule.enable if isinstance(rule, ToolkitsEnable) else ()),
            *(rule.disable if isinstance(rule, ToolkitsDisable) else ()),
        ]
        found += [
            f"toolkits: unknown toolkit {kit!r}" for kit in kits if not catalogue.is_toolkit(kit)
        ]
        for kit, tool_rule in (settings.tools or {}).items():
            found += _tool_rule_problems(catalogue, kit, tool_rule)
        for kit, config_id in (settings.auth_configs or {}).items():
            if not catalogue.is_toolkit(kit):
                found.append(f"auth_configs: unknown toolkit {kit!r}")
            if (reason := auth_config_problem(config_id)) is not None:
                found.append(f"auth_configs.{kit}: {reason} auth config {config_id!r}")
        if settings.preload is not None and settings.preload.tools != "all":
            found += [
                f"preload.tools: unknown tool {slug!r}"
                for slug in settings.preload.tools
                if not catalogue.is_tool(slug)
            ]
        return found

    return problems


def _tool_rule_problems(
    catalogue: Catalogue, kit: str, rule: ToolsEnable | ToolsDisable | ToolsTags | RequireApproval
) -> list[str]:
    kit_tools = catalogue.tool_slugs_of(kit)
    if kit_tools is None:
        return [f"tools: unknown toolkit {kit!r}"]
    slugs = [
        *(rule.enable if isinstance(rule, ToolsEnable) else ()),
        *(rule.disable if isinstance(rule, ToolsDisable) else ()),
    ]
    return [
        f"tools.{kit}: {slug!r} is not a tool of toolkit {kit!r}"
        for slug in slugs
        if slug not in kit_tools
    ]
