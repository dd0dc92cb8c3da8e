"""The provider's rules for a custom toolkit's inputs, as plain functions.

A custom toolkit (Composio's experimental Custom MCP) registers a remote MCP server under a
project-scoped slug: Composio answers ``CUSTOM_`` and the slug in capitals
(``toolkit_slug``), which auth configs, servers and sessions then name. Composio's
``toolkit_config`` is flattened: ``name``, ``app_url`` and ``auth_schemes``, a map from
each mode to its settings (Composio's list, in which each mode appears once):
``{"NO_AUTH": {}}``, ``{"API_KEY": {"headers": {...}, "api_key_field": {...}}}``,
``{"DCR_OAUTH": {"discovery_url": ...}}``.

The name, and the API key field's label and help text, change in place (one upsert);
Composio cannot change the ``app_url`` or the auth schemes of a registered toolkit, so
those replace it under the same slug, the old one deleted first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import urlsplit

from ..api.models import UpsertCustomToolkitRequest
from ..core.input_rules import (
    REPLACE_ON_CHANGES,
    InputProblem,
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
    "custom_slug",
    "diff_inputs",
    "outputs_for",
    "upsert_request",
]

INPUTS: Final = ("slug", "name", "app_url", "auth_schemes")
DEFAULT_SCHEMES: Final[Mapping[str, Any]] = {"NO_AUTH": {}}
"""Left out, users connect with no credentials."""
PREFIX: Final = "CUSTOM_"
_SLUG: Final = re.compile(r"[A-Za-z0-9_ ]{1,30}")
_MODES: Final[Mapping[str, Mapping[str, bool]]] = {
    "NO_AUTH": {},
    "API_KEY": {"headers": True, "api_key_field": False},
    "DCR_OAUTH": {"discovery_url": True},
}
"""Each mode's settings, and whether each is required."""
_KEY_PLACE: Final = "{{generic_api_key}}"


def custom_slug(given: str) -> str:
    """The slug Composio answers for ``given``: ``CUSTOM_`` and ``given`` in capitals,
    spaces made underscores (one already so prefixed is kept)."""
    slug = re.sub(r"\s+", "_", given.strip()).upper()
    return slug if slug.startswith(PREFIX) else PREFIX + slug


def check_inputs(
    olds: Mapping[str, Any], news: Mapping[str, Any]
) -> tuple[dict[str, Any], list[InputProblem]]:
    """Validate a custom toolkit's inputs: one problem per property, naming the field and
    the fix."""
    problems = _slug_problems(news.get("slug"))
    name = news.get("name")
    if name is None:
        problems.append(InputProblem("name", "name is required: the toolkit's display name"))
    elif is_checkable(name) and not (isinstance(name, str) and 1 <= len(name.strip()) <= 200):
        problems.append(
            InputProblem("name", f"name must be 1-200 characters of text, not {describe(name)}")
        )
    problems += _https_problems("app_url", news.get("app_url"), required=True)
    problems += _schemes_problems(news.get("auth_schemes"))
    problems += replace_on_changes_problems(news.get(REPLACE_ON_CHANGES), INPUTS)
    return dict(news), problems


def changed_properties(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    """The inputs whose declared value differs from the toolkit's (``olds``: its outputs)."""
    return [
        prop
        for prop in INPUTS
        if is_unknown(news.get(prop))
        or _declared(prop, news.get(prop)) != _declared(prop, olds.get(prop))
    ]


def diff_inputs(olds: Mapping[str, Any], news: Mapping[str, Any]) -> Changes:
    """Another slug is another toolkit; another ``app_url`` or auth scheme replaces the
    toolkit under its slug, deleting it first. A name, or the API key field's copy, is one
    upsert. After ``pulumi import`` the state lacks the ``app_url`` and schemes (Composio
    has no route that shows them), so declaring them is an upsert, which Composio refuses
    when they differ from the registered ones."""
    changed = changed_properties(olds, news)
    replaces = []
    if "slug" in changed:
        replaces.append("slug")
    if olds.get("app_url") is not None:
        if "app_url" in changed:
            replaces.append("app_url")
        schemes = news.get("auth_schemes")
        if "auth_schemes" in changed and (
            is_unknown(schemes) or _fixed(schemes) != _fixed(olds.get("auth_schemes"))
        ):
            replaces.append("auth_schemes")
    replaces += [p for p in requested_replacements(changed, news) if p not in replaces]
    same_slug = "slug" not in changed
    return Changes(changed=changed, replaces=replaces, delete_before_replace=same_slug)


def upsert_request(inputs: Mapping[str, Any]) -> UpsertCustomToolkitRequest:
    """The upsert body for checked inputs: the schemes as Composio's list, in mode order."""
    schemes = inputs.get("auth_schemes") or DEFAULT_SCHEMES
    return UpsertCustomToolkitRequest(
        slug=inputs["slug"],
        toolkit_config={
            "name": inputs["name"],
            "app_url": inputs["app_url"],
            "auth_schemes": [
                {"mode": mode, **dict(settings or {})} for mode, settings in sorted(schemes.items())
            ],
        },
    )


def outputs_for(toolkit_slug: str, name: str, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The toolkit's outputs: its ``CUSTOM_`` slug and name as Composio answers them; the
    ``app_url`` and schemes as last sent, which Composio never shows back."""
    return {
        "slug": inputs.get("slug") or toolkit_slug,
        "name": name,
        "app_url": inputs.get("app_url"),
        "auth_schemes": inputs.get("auth_schemes"),
        "toolkit_slug": toolkit_slug,
    }


def _declared(prop: str, value: Any) -> Any:
    if is_unknown(value):
        return value
    if prop == "slug" and isinstance(value, str):
        return custom_slug(value)
    if prop == "auth_schemes":
        return {mode: dict(settings or {}) for mode, settings in (value or DEFAULT_SCHEMES).items()}
    return value


def _fixed(schemes: Any) -> Any:
    """The schemes as far as Composio cannot change them: without the API key field's copy."""
    declared = _declared("auth_schemes", schemes)
    return {
        mode: {key: item for key, item in settings.items() if key != "api_key_field"}
        for mode, settings in declared.items()
    }


def _slug_problems(value: Any) -> list[InputProblem]:
    return pattern_string_problems(
        "slug",
        value,
        pattern=_SLUG,
        required="the toolkit's slug, such as acme_docs (Composio answers CUSTOM_ACME_DOCS, "
        "the toolkitSlug output)",
        rule="1-30 letters, digits, '_' or spaces, such as acme_docs",
    )


def _https_problems(prop: str, value: Any, *, required: bool) -> list[InputProblem]:
    if value is None:
        return (
            [InputProblem(prop, f"{prop} is required: the MCP server's https URL")]
            if (required)
            else []
        )
    if not is_checkable(value):
        return []
    if isinstance(value, str) and urlsplit(value).scheme == "https" and urlsplit(value).hostname:
        return []
    return [InputProblem(prop.split(".")[0], f"{prop} must be an https URL, not {describe(value)}")]


def _schemes_problems(value: Any) -> list[InputProblem]:
    modes = ", ".join(_MODES)
    example = '{"API_KEY": {"headers": {"Authorization": "Bearer {{generic_api_key}}"}}}'
    if value is None or (not is_checkable(value) and not isinstance(value, Mapping)):
        return []
    if not isinstance(value, Mapping) or not value:
        return [
            InputProblem(
                "auth_schemes",
                f"auth_schemes must map modes ({modes}) to their settings, such as {example}, "
                f"not {describe(value) if not isinstance(value, Mapping) else 'an empty map'}",
            )
        ]
    for mode, settings in value.items():
        wanted = _MODES.get(mode)
        if wanted is None:
            return [
                InputProblem("auth_schemes", f"auth_schemes: {mode!r} is not a mode: use {modes}")
            ]
        if is_unknown(settings):
            continue
        if settings is not None and not isinstance(settings, Mapping):
            return [
                InputProblem(
                    "auth_schemes",
                    f"auth_schemes.{mode} must be an object, not {describe(settings)}",
                )
            ]
        settings = settings or {}
        for key in settings:
            if key not in wanted:
                allowed = ", ".join(wanted) or "nothing"
                return [
                    InputProblem(
                        "auth_schemes", f"auth_schemes.{mode}.{key} is not a setting: use {allowed}"
                    )
                ]
        for key, required in wanted.items():
            if required and settings.get(key) is None:
                return [
                    InputProblem(
                        "auth_schemes", f"auth_schemes.{mode} needs {key}, such as {example}"
                    )
                ]
        headers = settings.get("headers")
        if (
            mode == "API_KEY"
            and is_checkable(headers)
            and not (
                isinstance(headers, Mapping)
                and any(isinstance(v, str) and _KEY_PLACE in v for v in headers.values())
            )
        ):
            return [
                InputProblem(
                    "auth_schemes",
                    f"auth_schemes.API_KEY.headers must place {_KEY_PLACE} where the user's "
                    f"key goes, such as {example}",
                )
            ]
        if mode == "DCR_OAUTH":
            found = _https_problems(
                "auth_schemes.DCR_OAUTH.discovery_url", settings.get("discovery_url"), required=True
            )
            if found:
                return found
    return []
