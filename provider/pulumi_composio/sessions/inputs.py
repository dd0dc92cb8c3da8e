"""The provider's rules for a tool router session's inputs, as plain functions.

A session is declared in Composio's own words (``composio-client`` 2.0.0rc19's
``session_create_params``), flattened where Pulumi reads better: ``toolkits`` and
``disabled_toolkits`` are the two forms of Composio's ``toolkits`` block, ``tags`` its
``enable`` list, and ``direct_tools`` the SDKs' direct-tools preset (search, multi-execute,
the connection manager and the workbench off, every enabled tool preloaded), which leaves an
MCP client exactly the enabled tools, as a custom MCP server does.

The policy blocks Composio fills with defaults (``manage_connections``, ``search``,
``workbench``, ``multi_account``, ``preload``) are managed only when declared, and then only
the keys declared, so Composio's defaults never read as drift. Everything else is compared
whole: a toolkit list left out is Composio's "every toolkit".

Values the engine does not know yet pass through unchecked and count as changed (see
:func:`~pulumi_composio.core.input_rules.is_unknown`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from ..api.models import CreateSessionRequest, PatchSessionRequest, ToolRouterSession
from ..core.input_rules import (
    REPLACE_ON_CHANGES,
    InputProblem,
    adopt_id_problems,
    bool_problems,
    describe,
    is_checkable,
    is_unknown,
    replace_on_changes_problems,
    requested_replacements,
    string_list_problems,
)
from ..core.operations import Changes
from ..user_urls.inputs import client_config

__all__ = [
    "BLOCKS",
    "MANAGED_PROPERTIES",
    "TAGS",
    "changed_properties",
    "check_inputs",
    "client_config",
    "create_request",
    "diff_inputs",
    "new_slugs",
    "outputs_from_api",
    "patch_request",
]

TAGS: Final = (
    "readOnlyHint",
    "destructiveHint",
    "idempotentHint",
    "openWorldHint",
    "createHint",
    "updateHint",
)
"""The MCP annotation hints Composio filters tools by."""

BLOCKS: Final[Mapping[str, Mapping[str, type | tuple[type, ...]]]] = {
    "manage_connections": {
        "enable": bool,
        "callback_url": str,
        "enable_connection_removal": bool,
        "enable_wait_for_connections": bool,
    },
    "search": {"enable": bool},
    "workbench": {
        "enable": bool,
        "enable_proxy_execution": bool,
        "auto_offload_threshold": (int, float),
        "sandbox_size": str,
        "enable_tool_execution": bool,
    },
    "multi_account": {
        "enable": bool,
        "max_accounts_per_toolkit": int,
        "require_explicit_selection": bool,
    },
    "preload": {"tools": (list, str)},
}
"""Composio's policy blocks, each key with the type the API takes; managed when declared."""

_ANSWER_WORDS: Final[Mapping[str, Mapping[str, str]]] = {
    "manage_connections": {"enabled": "enable"},
    "workbench": {
        "proxy_execution_enabled": "enable_proxy_execution",
        "tool_execution_enabled": "enable_tool_execution",
    },
}
"""Where a session's answer names a block's key differently from its requests."""

DIRECT_TOOLS_PRESET: Final[Mapping[str, Any]] = {
    "search": {"enable": False},
    "execute": {"enable_multi_execute": False},
    "manage_connections": {"enable": False},
    "workbench": {"enable": False},
    "preload": {"tools": "all"},
}
"""The blocks ``direct_tools`` sends: no meta-tools, every enabled tool offered directly."""

WHOLE_PROPERTIES: Final = (
    "toolkits",
    "disabled_toolkits",
    "tools",
    "tags",
    "auth_configs",
    "connected_accounts",
)
"""Inputs compared whole: left out is Composio's default (every toolkit, no filter)."""

MANAGED_PROPERTIES: Final = (*WHOLE_PROPERTIES, *BLOCKS, "direct_tools")
"""What ``PATCH /tool_router/session/{id}`` can change, in the order a diff reports it."""

_SLUG: Final = re.compile(r"[A-Za-z0-9_.-]{1,100}")
_SLUG_RULE: Final = "a slug of 1-100 letters, digits, '_', '-' or '.'"
_TOOL_RULES: Final = ("enable", "disable", "tags")


def check_inputs(
    olds: Mapping[str, Any], news: Mapping[str, Any]
) -> tuple[dict[str, Any], list[InputProblem]]:
    """Validate and normalise one session's declared inputs: one problem per property,
    naming the field and the fix; lists of slugs become sorted sets."""
    problems = _user_problems(news.get("user_id"))
    for prop in ("toolkits", "disabled_toolkits"):
        problems += string_list_problems(
            prop, news.get(prop), limit=200, pattern=_SLUG, rule=_SLUG_RULE
        )
    if news.get("toolkits") is not None and news.get("disabled_toolkits") is not None:
        problems.append(
            InputProblem(
                "disabled_toolkits",
                "give toolkits (the ones to enable) or disabled_toolkits (every toolkit but "
                "these), not both",
            )
        )
    problems += _tools_problems(news.get("tools"))
    problems += _tags_problems("tags", news.get("tags"))
    problems += _map_problems("auth_configs", news.get("auth_configs"), "an auth config id")
    problems += _map_problems(
        "connected_accounts", news.get("connected_accounts"), "a list of connected account ids"
    )
    for block, keys in BLOCKS.items():
        problems += _block_problems(block, news.get(block), keys)
    problems += bool_problems("direct_tools", news.get("direct_tools"))
    problems += _direct_tools_problems(news)
    problems += adopt_id_problems(
        "adopt_session_id", news.get("adopt_session_id"), what="tool router session"
    )
    problems += replace_on_changes_problems(
        news.get(REPLACE_ON_CHANGES), ("user_id", *MANAGED_PROPERTIES)
    )
    inputs = dict(news)
    if problems:
        return inputs, problems
    for prop in ("toolkits", "disabled_toolkits", "tags"):
        inputs[prop] = _set_or_none(news.get(prop))
    if isinstance(news.get("tools"), Mapping):
        inputs["tools"] = {
            kit: {key: _set_or_none(value) for key, value in rule.items()}
            if isinstance(rule, Mapping)
            else rule
            for kit, rule in news["tools"].items()
        }
    return inputs, []


def new_slugs(olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """The toolkit and tool slugs of checked ``inputs`` that ``olds`` lacked: what ``check``
    asks Composio about, so an unchanged session costs no call."""
    new_kits, new_tools = _slugs(inputs)
    old_kits, old_tools = _slugs(olds)
    return sorted(new_kits - old_kits), sorted(new_tools - old_tools)


def declared_toolkits(inputs: Mapping[str, Any]) -> list[str]:
    """The known toolkit slugs a session names, for the slug check's did-you-mean."""
    return sorted(_slugs(inputs)[0])


def changed_properties(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    """The managed properties whose declared value differs from the session's.

    ``olds`` are the outputs recorded in state (the session as last read); a policy block
    left undeclared is Composio's to default, so it is never a difference.
    """
    changed = []
    for prop in MANAGED_PROPERTIES:
        new = news.get(prop)
        if prop in BLOCKS and new is None:
            continue
        old = olds.get(prop)
        if prop == "direct_tools" and not is_unknown(new):
            new, old = bool(new), bool(old)
        if is_unknown(new) or _comparable(new) != _comparable(old):
            changed.append(prop)
    return changed


def diff_inputs(olds: Mapping[str, Any], news: Mapping[str, Any]) -> Changes:
    """A new ``user_id`` is another user's session, so it replaces; every other change is one
    ``PATCH`` (unless ``replace_on_changes`` names it)."""
    changed = changed_properties(olds, news)
    new_user = news.get("user_id")
    if is_unknown(new_user) or new_user != olds.get("user_id"):
        changed.insert(0, "user_id")
    replaces = requested_replacements(changed, news)
    if "user_id" in changed and "user_id" not in replaces:
        replaces.insert(0, "user_id")
    return Changes(changed=changed, replaces=replaces)


def _settings(inputs: Mapping[str, Any], props: Sequence[str]) -> dict[str, Any]:
    """The request fields for ``props``: ``None`` for a whole property left out (Composio's
    default again), the preset's blocks for ``direct_tools``."""
    fields: dict[str, Any] = {}
    direct = bool(inputs.get("direct_tools"))
    for prop in props:
        value = inputs.get(prop)
        if prop in ("toolkits", "disabled_toolkits"):
            fields["toolkits"] = _toolkits_block(inputs)
        elif prop == "tags":
            fields["tags"] = list(value) if value is not None else None
        elif prop == "direct_tools":
            for block, preset in DIRECT_TOOLS_PRESET.items():
                fields[block] = preset if direct else inputs.get(block)
        else:
            fields[prop] = value
    return fields


def create_request(inputs: Mapping[str, Any]) -> CreateSessionRequest:
    """The POST body for checked inputs: only what is declared."""
    props = [p for p in MANAGED_PROPERTIES if inputs.get(p) is not None]
    fields = {k: v for k, v in _settings(inputs, props).items() if v is not None}
    return CreateSessionRequest(user_id=inputs["user_id"], **fields)


def patch_request(
    changed: Sequence[str], inputs: Mapping[str, Any], config_version: int | None
) -> PatchSessionRequest:
    """The PATCH body for exactly the changed properties, with the config version last read,
    so a session changed since is refused rather than overwritten."""
    return PatchSessionRequest(
        **_settings(inputs, changed),
        expected_config_version=config_version,
    )


def outputs_from_api(session: ToolRouterSession, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The resource's outputs: the session's config read back into the inputs' words (so a
    change made elsewhere shows as drift), and what a client needs to connect.

    A policy block is read back only as far as it is declared; ``direct_tools`` is whether the
    live session still is the preset, when declared (or when importing, with no inputs)."""
    config = session.config
    rule = config.get("toolkits") or {}
    outputs: dict[str, Any] = {
        "user_id": config.get("user_id", inputs.get("user_id")),
        "toolkits": _set_or_none(rule.get("enabled")),
        "disabled_toolkits": _set_or_none(rule.get("disabled")),
        "tools": _tools_from_config(config.get("tools")),
        "tags": _set_or_none((config.get("tags") or {}).get("enabled")),
        "auth_configs": config.get("auth_configs"),
        "connected_accounts": config.get("connected_accounts"),
        "adopt_session_id": inputs.get("adopt_session_id"),
    }
    for block in BLOCKS:
        declared = inputs.get(block)
        live = _request_words(block, config.get(block))
        outputs[block] = (
            {key: live.get(key) for key in declared} if isinstance(declared, Mapping) else None
        )
    preset = _is_direct_tools(config)
    outputs["direct_tools"] = preset if (inputs.get("direct_tools") or not inputs) else None
    outputs.update(
        mcp_url=session.mcp.url,
        client_config=client_config(session.mcp.url),
        config_version=session.config_version,
        tool_router_tools=list(session.tool_router_tools),
        config=dict(config),
    )
    return outputs


def _toolkits_block(inputs: Mapping[str, Any]) -> dict[str, Any] | None:
    if inputs.get("toolkits") is not None:
        return {"enable": list(inputs["toolkits"])}
    if inputs.get("disabled_toolkits") is not None:
        return {"disable": list(inputs["disabled_toolkits"])}
    return None


def _tools_from_config(tools: Any) -> dict[str, Any] | None:
    """A session answer's ``tools`` (``enabled``, ``disabled``, ``tags.enabled``) in the
    declaration's words (``enable``, ``disable``, ``tags``)."""
    if not isinstance(tools, Mapping):
        return None
    declared: dict[str, Any] = {}
    for kit, rule in tools.items():
        if "enabled" in rule:
            declared[kit] = {"enable": sorted(set(rule["enabled"]))}
        elif "disabled" in rule:
            declared[kit] = {"disable": sorted(set(rule["disabled"]))}
        elif "tags" in rule:
            declared[kit] = {"tags": sorted(set(rule["tags"].get("enabled") or []))}
    return declared


def _request_words(block: str, answered: Any) -> dict[str, Any]:
    if not isinstance(answered, Mapping):
        return {}
    renamed = _ANSWER_WORDS.get(block, {})
    return {renamed.get(key, key): value for key, value in answered.items()}


def _is_direct_tools(config: Mapping[str, Any]) -> bool:
    """Whether an answer's config is the direct-tools preset."""
    return (
        (config.get("search") or {}).get("enable") is False
        and (config.get("execute") or {}).get("enable_multi_execute") is False
        and (config.get("manage_connections") or {}).get("enabled") is False
        and (config.get("workbench") or {}).get("enable") is False
        and (config.get("preload") or {}).get("tools") == "all"
    )


def _slugs(inputs: Mapping[str, Any]) -> tuple[set[str], set[str]]:
    kits = {
        slug
        for prop in ("toolkits", "disabled_toolkits")
        for slug in _known(inputs.get(prop))
        if isinstance(slug, str)
    }
    tools: set[str] = set()
    rules = inputs.get("tools")
    if isinstance(rules, Mapping):
        for kit, rule in rules.items():
            if is_unknown(kit):
                continue
            kits.add(kit)
            if isinstance(rule, Mapping):
                for key in ("enable", "disable"):
                    tools.update(slug for slug in _known(rule.get(key)) if isinstance(slug, str))
    return kits, tools


def _known(value: Any) -> list[Any]:
    if not isinstance(value, list | tuple):
        return []
    return [item for item in value if not is_unknown(item)]


def _set_or_none(value: Any) -> Any:
    """A list as a set (sorted, no repeats); ``None`` stays ``None`` (Composio's default);
    unknowns pass."""
    if value is None or is_unknown(value) or not isinstance(value, list | tuple):
        return value
    return sorted(set(value))


def _comparable(value: Any) -> Any:
    """Lists as sets, at any depth, so order and repeats never read as a change."""
    if isinstance(value, Mapping):
        return {key: _comparable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        items = [_comparable(item) for item in value]
        return sorted(set(items)) if all(isinstance(i, str) for i in items) else items
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _user_problems(value: Any) -> list[InputProblem]:
    if value is None:
        return [
            InputProblem("user_id", "user_id is required: the user of your app the session is for")
        ]
    if is_checkable(value) and not (isinstance(value, str) and value.strip()):
        return [
            InputProblem("user_id", f"user_id must be a non-empty string, not {describe(value)}")
        ]
    return []


def _tools_problems(value: Any) -> list[InputProblem]:
    """``tools``: toolkit slug to one of ``{enable: [...]}``, ``{disable: [...]}`` or
    ``{tags: [...]}``."""
    if not is_checkable(value) and not isinstance(value, Mapping):
        return []
    fix = 'use {"github": {"enable": ["GITHUB_CREATE_ISSUE"]}} (or disable, or tags)'
    if not isinstance(value, Mapping):
        return [
            InputProblem(
                "tools", f"tools must map toolkit slugs to rules, not {describe(value)}: {fix}"
            )
        ]
    for kit, rule in value.items():
        if is_unknown(rule):
            continue
        if not isinstance(rule, Mapping):
            return [
                InputProblem("tools", f"tools.{kit} must be a rule, not {describe(rule)}: {fix}")
            ]
        keys = [key for key in rule if rule[key] is not None]
        if len(keys) != 1 or keys[0] not in _TOOL_RULES:
            shown = ", ".join(sorted(map(str, rule))) or "nothing"
            return [
                InputProblem(
                    "tools", f"tools.{kit} has {shown}: give exactly one of enable, disable or tags"
                )
            ]
        key = keys[0]
        if key == "tags":
            found = _tags_problems(f"tools.{kit}.tags", rule[key])
        else:
            found = string_list_problems(
                f"tools.{kit}.{key}", rule[key], limit=1000, pattern=_SLUG, rule="a tool slug"
            )
        if found:
            return [InputProblem("tools", found[0].reason)]
    return []


def _tags_problems(prop: str, value: Any) -> list[InputProblem]:
    allowed = ", ".join(TAGS)
    if not is_checkable(value) and not isinstance(value, list | tuple):
        return []
    if not isinstance(value, list | tuple):
        return [InputProblem(prop, f"{prop} must be a list of {allowed}, not {describe(value)}")]
    for item in value:
        if is_unknown(item) or item in TAGS:
            continue
        shown = repr(item) if isinstance(item, str) else describe(item)
        return [InputProblem(prop.split(".")[0], f"{prop}: {shown} is not a tag: use {allowed}")]
    return []


def _map_problems(prop: str, value: Any, what: str) -> list[InputProblem]:
    """A map from toolkit slug to ``what``."""
    if not is_checkable(value) and not isinstance(value, Mapping):
        return []
    if not isinstance(value, Mapping):
        return [
            InputProblem(prop, f"{prop} must map toolkit slugs to {what}, not {describe(value)}")
        ]
    for kit, item in value.items():
        if is_unknown(item):
            continue
        good = (
            isinstance(item, str) and bool(item)
            if prop == "auth_configs"
            else isinstance(item, list | tuple) and all(isinstance(i, str) for i in item)
        )
        if not good:
            return [InputProblem(prop, f"{prop}.{kit} must be {what}, not {describe(item)}")]
    return []


def _block_problems(
    block: str, value: Any, keys: Mapping[str, type | tuple[type, ...]]
) -> list[InputProblem]:
    if not is_checkable(value) and not isinstance(value, Mapping):
        return []
    known = ", ".join(keys)
    if not isinstance(value, Mapping):
        return [
            InputProblem(block, f"{block} must be an object with {known}, not {describe(value)}")
        ]
    for key, item in value.items():
        if key not in keys:
            return [InputProblem(block, f"{block}.{key} is not a setting: use {known}")]
        wanted = keys[key]
        if is_checkable(item) and (
            not isinstance(item, wanted) or (isinstance(item, bool) and wanted is not bool)
        ):
            return [InputProblem(block, f"{block}.{key} has the wrong type: {describe(item)}")]
    return []


def _direct_tools_problems(news: Mapping[str, Any]) -> list[InputProblem]:
    """The preset sets search, the connection manager, the workbench and preload itself, and
    Composio preloads "all" tools only from a positive allowlist."""
    if news.get("direct_tools") is not True:
        return []
    problems = [
        InputProblem(
            block,
            f"direct_tools sets {block} itself: remove {block}, or set direct_tools to false",
        )
        for block in ("manage_connections", "search", "workbench", "preload")
        if news.get(block) is not None
    ]
    tools = news.get("tools")
    enables = isinstance(tools, Mapping) and any(
        is_unknown(rule) or (isinstance(rule, Mapping) and rule.get("enable") is not None)
        for rule in tools.values()
    )
    if news.get("toolkits") is None and not enables and not is_unknown(tools):
        problems.append(
            InputProblem(
                "direct_tools",
                "direct_tools offers exactly the enabled tools, so name them: give toolkits, "
                "or tools with enable",
            )
        )
    return problems
