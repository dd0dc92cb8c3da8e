"""The provider's decisions about a server's inputs, as plain functions.

``check`` validates and normalises what the program declared, ``diff`` compares it with
what the server holds, ``update`` turns that comparison into a PATCH. Keeping those rules
here, free of gRPC and of HTTP, lets unit tests state them directly and keeps each
provider method a few lines long.

Values the engine does not know yet (an ``Output`` of a resource that does not exist
during ``preview``), whole or inside a list, pass through unchecked and count as changed
(see :func:`~pulumi_composio.core.input_rules.is_unknown`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from ..api.models import (
    CreateCustomServerRequest,
    CreatedCustomServer,
    McpServer,
    UpdateServerRequest,
)
from ..core.input_rules import (
    REPLACE_ON_CHANGES,
    UNKNOWN,
    InputProblem,
    adopt_id_problems,
    bool_problems,
    describe,
    is_checkable,
    is_unknown,
    kept_name,
    normalised_set,
    replace_on_changes_problems,
    requested_replacements,
    string_list_problems,
)
from ..core.operations import Changes
from ..naming import autoname, validate_server_name

__all__ = [
    "LIST_LIMITS",
    "MANAGED_PROPERTIES",
    "UNKNOWN",
    "InputProblem",
    "changed_properties",
    "check_inputs",
    "create_request",
    "diff_inputs",
    "known_items",
    "new_slugs",
    "outputs_from_api",
    "replaced_properties",
    "update_request",
]

LIST_LIMITS: Final[Mapping[str, int]] = {
    "toolkits": 50,
    "allowed_tools": 1000,
    "custom_tools": 1000,
    "auth_config_ids": 50,
}
"""How many items each list input may hold: far above real use, low enough to catch a
program that builds its lists wrongly (Composio documents no limit)."""

MANAGED_PROPERTIES: Final = (
    "name",
    "toolkits",
    "allowed_tools",
    "auth_config_ids",
    "managed_auth_via_composio",
)
"""What ``PATCH /mcp/{id}`` can change, in the order a diff reports it."""

_LIST_PROPERTIES: Final = ("toolkits", "allowed_tools", "auth_config_ids")
_IDENTIFIER: Final = re.compile(r"[A-Za-z0-9_.-]{1,100}")
_IDENTIFIER_RULE: Final = "a slug or id of 1-100 letters, digits, '_', '-' or '.'"


def check_inputs(
    olds: Mapping[str, Any], news: Mapping[str, Any]
) -> tuple[dict[str, Any], list[InputProblem]]:
    """Validate and normalise the declared inputs of one server.

    Lists are sorted and de-duplicated so that reordering them changes nothing, the
    deprecated ``custom_tools`` are folded into ``allowed_tools``, and a missing ``name``
    is taken from the previous inputs, else from ``default_name`` (see :func:`autoname`).
    """
    problems = [
        problem
        for prop, limit in LIST_LIMITS.items()
        for problem in string_list_problems(
            prop, news.get(prop), limit=limit, pattern=_IDENTIFIER, rule=_IDENTIFIER_RULE
        )
    ]
    problems += _scalar_problems(news)
    problems += replace_on_changes_problems(news.get(REPLACE_ON_CHANGES), MANAGED_PROPERTIES)
    inputs = dict(news)
    if problems:
        return inputs, problems

    for prop in (*_LIST_PROPERTIES, "custom_tools"):
        inputs[prop] = normalised_set(news.get(prop))
    custom_tools = inputs.pop("custom_tools")
    if custom_tools:
        inputs["allowed_tools"] = _merged(inputs["allowed_tools"], custom_tools)
    inputs["custom_tools"] = None

    adopting = bool(news.get("adopt_server_id"))
    inputs["name"] = kept_name(olds, news, adopting=adopting)
    if inputs["name"] is None and not adopting:
        inputs["name"] = autoname("mcp", "")
    return inputs, []


def new_slugs(olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """The toolkit and tool slugs of checked ``inputs`` that the previous inputs (``olds``)
    lacked: what ``check`` asks Composio about. Unknown ones are asked about once known; a
    server whose lists did not change has none."""
    return _added(olds, inputs, "toolkits"), _added(olds, inputs, "allowed_tools")


def known_items(value: Any) -> list[str]:
    """The known strings of a list input that may be, or hold, unknowns."""
    if not isinstance(value, list | tuple):
        return []
    return [item for item in value if isinstance(item, str) and not is_unknown(item)]


def _added(olds: Mapping[str, Any], inputs: Mapping[str, Any], prop: str) -> list[str]:
    return sorted(set(known_items(inputs.get(prop))) - set(known_items(olds.get(prop))))


def changed_properties(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    """The managed properties whose declared value differs from the server's.

    ``olds`` are the outputs recorded in state (the server as last seen); ``news`` are
    checked inputs. A scalar left unset is not managed (``managed_auth_via_composio``, or
    the ``name`` of an adopted server), so the value Composio holds is not a difference.
    """
    changed = []
    for prop in MANAGED_PROPERTIES:
        new = news.get(prop)
        if new is None and prop not in _LIST_PROPERTIES:
            continue
        old = olds.get(prop)
        if prop in _LIST_PROPERTIES:
            new, old = normalised_set(new), normalised_set(old)
        if is_unknown(new) or new != old:
            changed.append(prop)
    return changed


def diff_inputs(olds: Mapping[str, Any], news: Mapping[str, Any]) -> Changes:
    """Every change can be one ``PATCH``: only ``replace_on_changes`` replaces a server."""
    changed = changed_properties(olds, news)
    return Changes(changed=changed, replaces=replaced_properties(changed, news))


def replaced_properties(changed: Sequence[str], news: Mapping[str, Any]) -> list[str]:
    """The changed properties that replace the server: only those its ``replace_on_changes``
    option names, since ``PATCH`` can change every one of them in place."""
    return requested_replacements(changed, news)


def create_request(inputs: Mapping[str, Any]) -> CreateCustomServerRequest:
    """The POST body for checked inputs."""
    return CreateCustomServerRequest(
        name=inputs["name"],
        toolkits=list(inputs.get("toolkits") or []),
        allowed_tools=list(inputs.get("allowed_tools") or []),
        auth_config_ids=list(inputs.get("auth_config_ids") or []),
        managed_auth_via_composio=inputs.get("managed_auth_via_composio"),
    )


def update_request(changed: Sequence[str], inputs: Mapping[str, Any]) -> UpdateServerRequest:
    """The PATCH body that sends exactly the changed properties."""
    fields: dict[str, Any] = {}
    for prop in changed:
        value = inputs.get(prop)
        fields[prop] = list(value or []) if prop in _LIST_PROPERTIES else value
    return UpdateServerRequest(**fields)


def outputs_from_api(
    server: McpServer | CreatedCustomServer, inputs: Mapping[str, Any]
) -> dict[str, Any]:
    """The resource's outputs: the server as Composio answered, plus what only Pulumi knows.

    Composio's answer to a create lacks ``toolkits`` and ``managed_auth_via_composio``, so
    they come from what was sent: one call per create instead of a POST and a GET. For the
    same reason ``managed_auth_via_composio`` is an output only when it is declared (a
    value that only a refresh could fill in would make every refresh report a change), and
    Composio's timestamps are not outputs at all.
    """
    declared_managed = inputs.get("managed_auth_via_composio")
    live_managed = server.managed_auth_via_composio
    toolkits = server.toolkits if server.toolkits is not None else inputs.get("toolkits") or []
    return {
        "name": server.name,
        "toolkits": sorted(set(toolkits)),
        "allowed_tools": sorted(set(server.allowed_tools)),
        "custom_tools": None,
        "auth_config_ids": sorted(set(server.auth_config_ids)),
        "managed_auth_via_composio": None
        if declared_managed is None
        else (declared_managed if live_managed is None else live_managed),
        "adopt_server_id": inputs.get("adopt_server_id"),
        "default_name": inputs.get("default_name"),
        "mcp_url": server.mcp_url,
        "commands": server.commands.model_dump(),
    }


def _scalar_problems(news: Mapping[str, Any]) -> list[InputProblem]:
    problems = []
    name = news.get("name")
    if is_checkable(name):
        if not isinstance(name, str):
            problems.append(InputProblem("name", f"name must be a string, not {describe(name)}"))
        elif (problem := validate_server_name(name)) is not None:
            problems.append(InputProblem("name", problem))
    problems += bool_problems("managed_auth_via_composio", news.get("managed_auth_via_composio"))
    problems += adopt_id_problems(
        "adopt_server_id", news.get("adopt_server_id"), what="Composio MCP server"
    )
    return problems


def _merged(first: Any, second: Any) -> Any:
    if is_unknown(first) or is_unknown(second):
        return UNKNOWN
    return sorted(set(first) | set(second))
