"""The provider's rules for a trigger's inputs, as plain functions.

A trigger is Composio's trigger instance: a trigger type (``slug``, from the catalogue) set
up with ``trigger_config`` on one connected account, named by ``connected_account_id`` or
resolved from ``user_id`` (the user's first active account of the type's toolkit). Composio
keeps one instance per type and account, so another type or account is another trigger
(a replacement), while a new ``trigger_config`` or ``toolkit_versions`` is the same
instance set up anew (one upsert, in place) and ``enabled`` is Composio's manage route.

Which account a ``user_id`` resolved to is an output; ``user_id`` and
``connected_account_id`` are compared only when declared, so declaring one never reads the
other as a change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from ..api.models import TriggerInstance, UpsertTriggerRequest
from ..core.input_rules import (
    REPLACE_ON_CHANGES,
    InputProblem,
    adopt_id_problems,
    bool_problems,
    describe,
    is_checkable,
    is_unknown,
    pattern_string_problems,
    replace_on_changes_problems,
    requested_replacements,
)
from ..core.operations import Changes

__all__ = [
    "INPUTS",
    "changed_properties",
    "check_inputs",
    "config_problems",
    "diff_inputs",
    "outputs_from_api",
    "upsert_request",
]

INPUTS: Final = (
    "slug",
    "user_id",
    "connected_account_id",
    "trigger_config",
    "toolkit_versions",
    "enabled",
)
"""The inputs a diff compares, in its order."""
REPLACING: Final = ("slug", "user_id", "connected_account_id")
"""Another trigger type or account is another instance."""
UPSERTED: Final = ("trigger_config", "toolkit_versions")

_SLUG: Final = re.compile(r"[A-Za-z0-9_]{1,100}")
_JSON_TYPES: Final[Mapping[str, type | tuple[type, ...]]] = {
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "array": (list, tuple),
    "object": Mapping,
}


def check_inputs(
    olds: Mapping[str, Any], news: Mapping[str, Any]
) -> tuple[dict[str, Any], list[InputProblem]]:
    """Validate and normalise a trigger's declared inputs: one problem per property, naming
    the field and the fix; the slug upper-cased, as Composio keeps it."""
    problems = _slug_problems(news.get("slug"))
    problems += _account_problems(news)
    config = news.get("trigger_config")
    if is_checkable(config) and not isinstance(config, Mapping):
        problems.append(
            InputProblem(
                "trigger_config",
                f"trigger_config must be an object of the trigger type's config fields, such "
                f'as {{"owner": "acme", "repo": "api"}}, not {describe(config)}',
            )
        )
    problems += _versions_problems(news.get("toolkit_versions"))
    problems += bool_problems("enabled", news.get("enabled"))
    problems += adopt_id_problems(
        "adopt_trigger_id", news.get("adopt_trigger_id"), what="trigger instance (ti_...)"
    )
    problems += replace_on_changes_problems(news.get(REPLACE_ON_CHANGES), INPUTS)
    inputs = dict(news)
    slug = news.get("slug")
    if not problems and isinstance(slug, str):
        inputs["slug"] = slug.upper()
    return inputs, problems


def config_problems(
    slug: str, schema: Mapping[str, Any], config: Mapping[str, Any]
) -> list[InputProblem]:
    """Why ``config`` does not fit the trigger type's config ``schema`` (a JSON schema of an
    object): a required field missing, a field it lacks, a value of the wrong type or not
    among its choices. Unknown values are judged once known."""
    fields: Mapping[str, Any] = schema.get("properties") or {}
    listed = ", ".join(sorted(fields)) or "none"
    problems = [
        InputProblem(
            "trigger_config",
            f"trigger_config.{name} is required by {slug} (its config fields: {listed})",
        )
        for name in schema.get("required") or []
        if name not in config
    ]
    for name, value in config.items():
        field = fields.get(name)
        if field is None:
            problems.append(
                InputProblem(
                    "trigger_config",
                    f"trigger_config.{name} is not a config field of {slug}: use {listed}",
                )
            )
        elif is_checkable(value):
            problems += _value_problems(f"trigger_config.{name}", field, value)
    return problems


def _value_problems(where: str, field: Mapping[str, Any], value: Any) -> list[InputProblem]:
    wanted = field.get("type")
    types = [wanted] if isinstance(wanted, str) else list(wanted or [])
    known = [t for t in types if t in _JSON_TYPES]
    if known and not any(
        isinstance(value, _JSON_TYPES[t]) and not (isinstance(value, bool) and t != "boolean")
        for t in known
    ):
        return [
            InputProblem(
                "trigger_config", f"{where} must be {' or '.join(known)}, not {describe(value)}"
            )
        ]
    choices = field.get("enum")
    if isinstance(choices, list) and value not in choices:
        return [
            InputProblem(
                "trigger_config",
                f"{where} is {describe(value)}: use one of {', '.join(map(str, choices))}",
            )
        ]
    return []


def changed_properties(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    """The inputs whose declared value differs from the trigger's (``olds``: its outputs in
    state); ``user_id`` and ``connected_account_id`` only when declared."""
    changed = []
    for prop in INPUTS:
        new = news.get(prop)
        if prop in ("user_id", "connected_account_id") and new is None:
            continue
        if is_unknown(new) or _declared(prop, new) != _declared(prop, olds.get(prop)):
            changed.append(prop)
    return changed


def diff_inputs(olds: Mapping[str, Any], news: Mapping[str, Any]) -> Changes:
    """Another type or account replaces the trigger; a config, versions or enabled change is
    made in place (unless ``replace_on_changes`` names it)."""
    changed = changed_properties(olds, news)
    replaces = [p for p in changed if p in REPLACING]
    replaces += [p for p in requested_replacements(changed, news) if p not in replaces]
    return Changes(changed=changed, replaces=replaces)


def upsert_request(inputs: Mapping[str, Any]) -> UpsertTriggerRequest:
    """The upsert body for checked inputs: only what is declared."""
    versions = inputs.get("toolkit_versions")
    return UpsertTriggerRequest(
        user_id=inputs.get("user_id"),
        connected_account_id=inputs.get("connected_account_id"),
        trigger_config=dict(inputs.get("trigger_config") or {}),
        toolkit_versions=dict(versions) if versions else None,
    )


def outputs_from_api(trigger: TriggerInstance, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The trigger's outputs: the live instance in the inputs' words (so a change made
    elsewhere shows as drift); ``toolkit_versions`` is not in Composio's answer, so it is
    what was declared."""
    return {
        "slug": trigger.trigger_name,
        "user_id": trigger.user_id or inputs.get("user_id"),
        "connected_account_id": trigger.connected_account_id,
        "trigger_config": dict(trigger.trigger_config),
        "toolkit_versions": inputs.get("toolkit_versions"),
        "enabled": trigger.enabled,
        "adopt_trigger_id": inputs.get("adopt_trigger_id"),
        "auth_config_id": trigger.auth_config_id,
    }


def _declared(prop: str, value: Any) -> Any:
    """A value as declared, defaults filled in: ``enabled`` true, no config ``{}``."""
    if prop == "enabled":
        return True if value is None else value
    if prop == "trigger_config":
        return _comparable(value or {})
    if prop == "toolkit_versions":
        return dict(value) if value else None
    if prop == "slug" and isinstance(value, str):
        return value.upper()
    return value


def _comparable(value: Any) -> Any:
    """Numbers compare by value (the native plugin hands back floats)."""
    if isinstance(value, Mapping):
        return {key: _comparable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_comparable(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _slug_problems(value: Any) -> list[InputProblem]:
    return pattern_string_problems(
        "slug",
        value,
        pattern=_SLUG,
        required="the trigger type, such as GITHUB_ISSUE_ADDED_EVENT (get_trigger_types lists "
        "a toolkit's)",
        rule="a trigger type slug of letters, digits and '_', such as GITHUB_ISSUE_ADDED_EVENT",
    )


def _account_problems(news: Mapping[str, Any]) -> list[InputProblem]:
    problems = []
    for prop in ("user_id", "connected_account_id"):
        value = news.get(prop)
        if is_checkable(value) and not (isinstance(value, str) and value.strip()):
            problems.append(
                InputProblem(prop, f"{prop} must be a non-empty string, not {describe(value)}")
            )
    if news.get("user_id") is None and news.get("connected_account_id") is None:
        problems.append(
            InputProblem(
                "user_id",
                "give user_id (the user whose connected account of the trigger's toolkit "
                "receives the events) or connected_account_id (that account, ca_...)",
            )
        )
    return problems


def _versions_problems(value: Any) -> list[InputProblem]:
    if not is_checkable(value) and not isinstance(value, Mapping):
        return []
    fix = 'such as {"github": "20250905_00"}; left out, the latest'
    if not isinstance(value, Mapping):
        return [
            InputProblem(
                "toolkit_versions",
                f"toolkit_versions must map toolkit slugs to versions, {fix}, not "
                f"{describe(value)}",
            )
        ]
    for kit, version in value.items():
        if is_checkable(version) and not (isinstance(version, str) and version):
            return [
                InputProblem(
                    "toolkit_versions",
                    f"toolkit_versions.{kit} must be a version string, {fix}, not "
                    f"{describe(version)}",
                )
            ]
    return []
