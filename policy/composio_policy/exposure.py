"""What a server, a session or a user URL gives an agent, as grants of tools, from its inputs
alone: no catalogue here, so every rule is a plain function of the declaration.

- A ``CustomMcpServer`` with ``allowed_tools`` (or the deprecated ``custom_tools``) exposes
  exactly those; without, every tool of its ``toolkits``.
- A ``Session`` enables its ``toolkits`` (none named: every toolkit but its
  ``disabled_toolkits``); per toolkit, ``tools.<kit>.enable`` names the tools, ``disable``
  removes some, ``tags`` filters by tag; a toolkit with no rule of its own is filtered by the
  session's ``tags``. As Composio documents it, a toolkit's own tag filter overrides the
  session's, and an enable or disable list takes precedence over tag filtering (the
  emulator's sessions do the same).
- A ``McpServerUserUrl`` serves its server's tools: the server is read by its id.

An input not known yet (at preview, another resource's output) is listed in
:attr:`Exposure.unknown` and left out of the grants, so what is known is judged now and the
rest once it is known.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .resources import UNKNOWN, ComposioResource

READ_ONLY = "readOnlyHint"

__all__ = [
    "EveryToolkit",
    "Exposure",
    "NamedTools",
    "TagFilter",
    "WholeToolkit",
    "server_exposure",
    "session_exposure",
]


@dataclass(frozen=True)
class TagFilter:
    """Composio's tag filter: a tool passes when it carries one of ``enable`` (if any are
    given) and none of ``disable``."""

    enable: frozenset[str] = frozenset()
    disable: frozenset[str] = frozenset()

    def passes(self, tags: Iterable[str]) -> bool:
        carried = set(tags)
        return (not self.enable or not carried.isdisjoint(self.enable)) and carried.isdisjoint(
            self.disable
        )

    def excludes(self, tag: str) -> bool:
        """Whether no tool carrying ``tag`` passes, whatever else it carries: ``tag`` is
        disabled, or only read-only tools are enabled (Composio tags a tool ``readOnlyHint``
        when it changes nothing, and ``destructiveHint`` when it can delete something, so no
        tool carries both)."""
        read_only = bool(self.enable) and self.enable <= {READ_ONLY} and tag != READ_ONLY
        return tag in self.disable or read_only


@dataclass(frozen=True)
class NamedTools:
    """Exactly these tools (of ``toolkit`` when the declaration says, as a session's
    ``tools.<kit>.enable`` does); ``where`` is the input that names them."""

    tools: frozenset[str]
    where: str
    toolkit: str | None = None


@dataclass(frozen=True)
class WholeToolkit:
    """Every tool of ``toolkit`` but ``minus``, of those passing ``tags``."""

    toolkit: str
    where: str
    minus: frozenset[str] = frozenset()
    tags: TagFilter | None = None


@dataclass(frozen=True)
class EveryToolkit:
    """Every toolkit but ``but``, each tool filtered by ``tags``: a session naming no
    toolkits."""

    but: frozenset[str]
    tags: TagFilter | None = None


Grant = NamedTools | WholeToolkit | EveryToolkit


@dataclass
class Exposure:
    """What a resource gives an agent: its grants, the toolkits it names, and the inputs not
    known yet (by the name the program wrote)."""

    grants: list[Grant] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def toolkits(self) -> set[str]:
        return {
            grant.toolkit
            for grant in self.grants
            if isinstance(grant, WholeToolkit | NamedTools) and grant.toolkit is not None
        }

    @property
    def every_toolkit(self) -> EveryToolkit | None:
        return next((g for g in self.grants if isinstance(g, EveryToolkit)), None)


def server_exposure(
    toolkits: Any, allowed_tools: Any, *, shown: Mapping[str, str] | None = None
) -> Exposure:
    """A server's grants from its ``toolkits`` and ``allowed_tools`` (``shown`` renames the
    inputs for messages: ``allowedTools`` in YAML)."""
    names = {"toolkits": "toolkits", "allowed_tools": "allowed_tools", **(shown or {})}
    exposure = Exposure()
    kits = _strings(toolkits, names["toolkits"], exposure)
    if allowed_tools is UNKNOWN:
        exposure.unknown.append(names["allowed_tools"])
        return exposure
    tools = _strings(allowed_tools, names["allowed_tools"], exposure)
    if tools or _has_unknown(allowed_tools):
        exposure.grants.append(NamedTools(frozenset(tools), names["allowed_tools"]))
    else:
        exposure.grants += [WholeToolkit(kit, names["toolkits"]) for kit in kits]
    return exposure


def server_inputs_exposure(resource: ComposioResource) -> Exposure:
    """:func:`server_exposure` of a ``CustomMcpServer``, ``custom_tools`` merged in."""
    allowed = resource.get("allowed_tools")
    custom = resource.get("custom_tools")
    if isinstance(allowed, list) and isinstance(custom, list):
        allowed = [*allowed, *custom]
    elif allowed is None or allowed == []:
        allowed = custom
    shown = {name: resource.shown(name) for name in ("toolkits", "allowed_tools")}
    return server_exposure(resource.get("toolkits"), allowed, shown=shown)


def session_exposure(resource: ComposioResource) -> Exposure:
    """A session's grants from its toolkit, tool and tag filters."""
    exposure = Exposure()
    session_tags = _tag_filter(resource.get("tags"), resource.shown("tags"), exposure)
    rules = resource.get("tools")
    if rules is UNKNOWN:
        exposure.unknown.append(resource.shown("tools"))
        rules = {}
    rules = rules if isinstance(rules, dict) else {}
    toolkits = resource.get("toolkits")
    if toolkits is UNKNOWN:
        exposure.unknown.append(resource.shown("toolkits"))
        return exposure
    kits = _strings(toolkits, resource.shown("toolkits"), exposure)
    if not kits and not _has_unknown(toolkits):
        disabled = resource.get("disabled_toolkits")
        if disabled is UNKNOWN or _has_unknown(disabled):
            exposure.unknown.append(resource.shown("disabled_toolkits"))
        but = set(_strings(disabled, resource.shown("disabled_toolkits"), Exposure()))
        kits = [kit for kit in rules if kit not in but]
        exposure.grants.append(EveryToolkit(frozenset(but | set(kits)), session_tags))
    for kit in kits:
        grant = _toolkit_grant(resource, kit, rules.get(kit), session_tags, exposure)
        if grant is not None:
            exposure.grants.append(grant)
    return exposure


def _toolkit_grant(
    resource: ComposioResource,
    kit: str,
    rule: Any,
    session_tags: TagFilter | None,
    exposure: Exposure,
) -> Grant | None:
    where = f"{resource.shown('tools')}.{kit}"
    if rule is UNKNOWN:
        exposure.unknown.append(where)
        return None
    if isinstance(rule, list):
        rule = {"enable": rule}
    if not isinstance(rule, dict) or not rule:
        return WholeToolkit(kit, resource.shown("toolkits"), tags=session_tags)
    if "enable" in rule:
        tools = _strings(rule["enable"], f"{where}.enable", exposure)
        return NamedTools(frozenset(tools), f"{where}.enable", toolkit=kit)
    if "disable" in rule:
        minus = _strings(rule["disable"], f"{where}.disable", exposure)
        return WholeToolkit(kit, where, minus=frozenset(minus))
    if "tags" in rule:
        own = _tag_filter(rule["tags"], f"{where}.tags", exposure)
        return WholeToolkit(kit, where, tags=own)
    return WholeToolkit(kit, resource.shown("toolkits"), tags=session_tags)


def _tag_filter(value: Any, where: str, exposure: Exposure) -> TagFilter | None:
    if value is None:
        return None
    if value is UNKNOWN:
        exposure.unknown.append(where)
        return None
    if isinstance(value, list):
        return TagFilter(enable=frozenset(_strings(value, where, exposure)))
    if isinstance(value, dict):
        enable = _strings(value.get("enable"), f"{where}.enable", exposure)
        disable = _strings(value.get("disable"), f"{where}.disable", exposure)
        return TagFilter(enable=frozenset(enable), disable=frozenset(disable))
    return None


def _strings(value: Any, where: str, exposure: Exposure) -> list[str]:
    """The known strings of a list input; an unknown list or element is noted in
    ``exposure``."""
    if value is UNKNOWN:
        exposure.unknown.append(where)
        return []
    if not isinstance(value, Sequence) or isinstance(value, str):
        return []
    if _has_unknown(value):
        exposure.unknown.append(where)
    return [item for item in value if isinstance(item, str)]


def _has_unknown(value: Any) -> bool:
    return isinstance(value, list) and any(item is UNKNOWN for item in value)
