"""The provider's decisions about an auth config's inputs, as plain functions.

``check`` validates and normalises what the program declared, ``diff`` compares it with
what state holds and says what forces a replacement, and the request builders turn that
into Composio's bodies. Nothing here does I/O, so unit tests state the rules directly.

Credentials are the delicate part. Composio redacts them in every answer, so a changed
credential can only be noticed by comparing the program's value with what was sent last
time, and that must not be kept readable. State therefore holds a *fingerprint*: a salted
scrypt hash (deliberately slow and memory-hard, so even a short password cannot be
recovered by trying candidates cheaply), never the value.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Mapping
from typing import Any, Final

from ..api.models import (
    AUTH_SCHEMES,
    AuthConfigSpec,
    ComposioAuthConfig,
    CreateAuthConfigRequest,
    CreatedAuthConfig,
    ToolAccess,
    ToolkitRef,
    UpdateAuthConfigRequest,
)
from ..core.input_rules import (
    REPLACE_ON_CHANGES,
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

__all__ = [
    "InputProblem",
    "check_inputs",
    "create_request",
    "credentials_fingerprint",
    "diff_inputs",
    "outputs_after_create",
    "outputs_after_update",
    "outputs_from_api",
    "update_request",
]

_SLUG: Final = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}")
_LIST_ITEMS: Final = {
    "allowed_tools": (
        re.compile(r"[A-Za-z0-9_.-]{1,200}"),
        "1-200 letters, digits, '_', '-' or '.'",
    ),
    "scopes": (re.compile(r"\S{1,300}"), "1-300 characters without spaces"),
}
_LIST_LIMIT: Final = 1000
_SCRYPT: Final = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
_IN_PLACE: Final = ("name", "scopes", "allowed_tools", "credentials", "enabled")
_COMPARED: Final = ("toolkit", "auth_scheme", *_IN_PLACE)
"""What a diff compares, and so what ``replace_on_changes`` may name."""
_KEPT_OUTPUTS: Final = ("toolkit", "auth_scheme", "is_composio_managed", "created_at")
"""What an update cannot change, so its outputs keep them as state had them."""


def check_inputs(
    olds: Mapping[str, Any], news: Mapping[str, Any]
) -> tuple[dict[str, Any], list[InputProblem]]:
    """Validate and normalise the declared inputs of one auth config.

    Lists are sorted and de-duplicated, ``enabled`` defaults to true, and a missing
    ``name`` is taken from the previous inputs, else from ``default_name``.
    """
    problems = _problems(news)
    problems += replace_on_changes_problems(news.get(REPLACE_ON_CHANGES), _COMPARED)
    inputs = dict(news)
    if problems:
        return inputs, problems
    for prop in ("scopes", "allowed_tools"):
        inputs[prop] = normalised_set(news.get(prop))
    if inputs.get("enabled") is None:
        inputs["enabled"] = True
    inputs["name"] = kept_name(olds, news, adopting=bool(news.get("adopt_auth_config_id")))
    return inputs, []


def diff_inputs(olds: Mapping[str, Any], news: Mapping[str, Any]) -> Changes:
    """Compare recorded outputs with checked inputs.

    The toolkit, and the kind of config (Composio-managed or custom, and a custom
    config's scheme), cannot change in place: Composio refuses to switch a config between
    managed and custom, so those replace it. Everything else is one ``PATCH``, unless the
    resource's ``replace_on_changes`` option names it.
    """
    replaces = []
    if _differs(news.get("toolkit"), olds.get("toolkit")):
        replaces.append("toolkit")
    scheme = news.get("auth_scheme")
    if is_unknown(scheme) or (
        (scheme is None) != bool(olds.get("is_composio_managed"))
        or (scheme is not None and scheme != olds.get("auth_scheme"))
    ):
        replaces.append("auth_scheme")
    changed = [prop for prop in _IN_PLACE if _in_place_differs(prop, olds, news)]
    return Changes(
        changed=replaces + changed, replaces=replaces + requested_replacements(changed, news)
    )


def credentials_fingerprint(
    credentials: Mapping[str, Any] | None, like: str | None = None
) -> str | None:
    """A salted scrypt hash of ``credentials``; with ``like`` (an earlier fingerprint), made
    with that one's salt so the two can be compared."""
    if not credentials:
        return None
    salt = bytes.fromhex(like.split("$")[1]) if like and like.startswith("scrypt$") else None
    salt = salt or secrets.token_bytes(16)
    canonical = json.dumps(dict(credentials), sort_keys=True, separators=(",", ":")).encode()
    digest = hashlib.scrypt(canonical, salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def create_request(inputs: Mapping[str, Any]) -> CreateAuthConfigRequest:
    """The POST body for checked inputs; the tool restriction goes in Composio's create-time
    field, ``restrict_to_following_tools``."""
    scheme = inputs.get("auth_scheme")
    credentials = _credentials_body(inputs)
    spec = AuthConfigSpec(
        type="use_custom_auth" if scheme else "use_composio_managed_auth",
        name=inputs.get("name"),
        auth_scheme=scheme,
        credentials=credentials or None,
        restrict_to_following_tools=list(inputs.get("allowed_tools") or []) or None,
    )
    return CreateAuthConfigRequest(toolkit=ToolkitRef(slug=inputs["toolkit"]), auth_config=spec)


def update_request(changed: list[str], inputs: Mapping[str, Any]) -> UpdateAuthConfigRequest | None:
    """The PATCH body for the changed properties, or ``None`` if only ``enabled`` changed.

    A custom config's scopes live inside its credentials, which Composio replaces whole,
    so a change to either sends both; a managed config takes ``scopes`` at the top level.
    """
    custom = bool(inputs.get("auth_scheme"))
    fields: dict[str, Any] = {}
    if "name" in changed and inputs.get("name"):
        fields["name"] = inputs["name"]
    if "allowed_tools" in changed:
        fields["tool_access_config"] = ToolAccess(
            tools_available_for_execution=list(inputs.get("allowed_tools") or [])
        )
    if custom and ("credentials" in changed or "scopes" in changed):
        body = _credentials_body(inputs)
        if body:
            fields["credentials"] = body
    if not custom and "scopes" in changed:
        fields["scopes"] = list(inputs.get("scopes") or [])
    if not fields:
        return None
    return UpdateAuthConfigRequest(type="custom" if custom else "default", **fields)


def outputs_after_create(
    created: CreatedAuthConfig | ComposioAuthConfig, inputs: Mapping[str, Any], status: str
) -> dict[str, Any]:
    """Outputs from the create answer plus what was sent: no second call. ``created_at``
    is not in Composio's create answer; the first refresh fills it in."""
    kind = created.auth_config if isinstance(created, CreatedAuthConfig) else created
    return {
        **_declared(inputs),
        "toolkit": created.toolkit.slug,
        "name": inputs.get("name"),
        "auth_scheme": kind.auth_scheme,
        "is_composio_managed": bool(kind.is_composio_managed),
        "status": status,
        "created_at": None,
        "credentials_fingerprint": credentials_fingerprint(inputs.get("credentials")),
    }


def outputs_after_update(olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Outputs after a PATCH, whose answer Composio does not document: what state held,
    with the declared values applied."""
    fingerprint = olds.get("credentials_fingerprint")
    if _in_place_differs("credentials", olds, inputs):
        fingerprint = credentials_fingerprint(inputs.get("credentials"))
    return {
        **{key: olds.get(key) for key in _KEPT_OUTPUTS},
        **_declared(inputs),
        "name": inputs.get("name") or olds.get("name"),
        "status": "ENABLED" if inputs.get("enabled", True) else "DISABLED",
        "credentials_fingerprint": fingerprint,
    }


def outputs_from_api(config: ComposioAuthConfig, previous: Mapping[str, Any]) -> dict[str, Any]:
    """Outputs that describe the live ``config``, for refresh, ``.get`` and adoption.

    Credentials cannot be read back, so the fingerprint of what was last sent is kept.
    """
    return {
        "toolkit": config.toolkit.slug,
        "name": config.name,
        "auth_scheme": config.auth_scheme,
        "is_composio_managed": bool(config.is_composio_managed),
        "status": config.status,
        "created_at": config.created_at,
        "scopes": sorted(set(config.scopes)),
        "allowed_tools": sorted(set(config.allowed_tools)),
        "enabled": config.status == "ENABLED",
        "credentials": None,
        "credentials_fingerprint": previous.get("credentials_fingerprint"),
        "adopt_auth_config_id": previous.get("adopt_auth_config_id"),
        "default_name": previous.get("default_name"),
    }


def _declared(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs that outputs repeat; never the credentials themselves."""
    return {
        "scopes": list(inputs.get("scopes") or []),
        "allowed_tools": list(inputs.get("allowed_tools") or []),
        "enabled": bool(inputs.get("enabled", True)),
        "credentials": None,
        "adopt_auth_config_id": inputs.get("adopt_auth_config_id"),
        "default_name": inputs.get("default_name"),
    }


def _credentials_body(inputs: Mapping[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = dict(inputs.get("credentials") or {})
    if inputs.get("scopes"):
        body["scopes"] = list(inputs["scopes"])
    return body


def _in_place_differs(prop: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> bool:
    new = news.get(prop)
    if prop == "credentials":
        if is_unknown(new):
            return True
        recorded = olds.get("credentials_fingerprint")
        if not new:
            return False
        return not isinstance(recorded, str) or not hmac.compare_digest(
            credentials_fingerprint(new, like=recorded) or "", recorded
        )
    if prop == "name" and new is None:
        return False
    if prop in ("scopes", "allowed_tools"):
        return _differs(normalised_set(new), normalised_set(olds.get(prop)))
    if prop == "enabled":
        return _differs(True if new is None else new, olds.get("enabled", True))
    return _differs(new, olds.get(prop))


def _differs(new: Any, old: Any) -> bool:
    return is_unknown(new) or new != old


def _problems(news: Mapping[str, Any]) -> list[InputProblem]:
    problems: list[InputProblem] = []
    toolkit = news.get("toolkit")
    if toolkit is None:
        problems.append(
            InputProblem("toolkit", 'toolkit is required: a toolkit slug such as "github"')
        )
    elif is_checkable(toolkit) and not (isinstance(toolkit, str) and _SLUG.fullmatch(toolkit)):
        problems.append(
            InputProblem(
                "toolkit",
                f"toolkit is {describe(toolkit)}: use a toolkit slug of lower-case letters, "
                'digits, "_" or "-", such as "github"',
            )
        )
    name = news.get("name")
    if is_checkable(name) and not (isinstance(name, str) and name.strip()):
        problems.append(
            InputProblem("name", f"name must be a non-empty string, not {describe(name)}")
        )
    scheme = news.get("auth_scheme")
    if is_checkable(scheme) and scheme not in AUTH_SCHEMES:
        problems.append(
            InputProblem(
                "auth_scheme",
                f"auth_scheme is {describe(scheme)}: use one of {', '.join(sorted(AUTH_SCHEMES))}, "
                "or leave it unset for Composio-managed auth",
            )
        )
    problems += _credential_problems(news.get("credentials"), scheme)
    for prop in ("scopes", "allowed_tools"):
        pattern, rule = _LIST_ITEMS[prop]
        problems += string_list_problems(
            prop, news.get(prop), limit=_LIST_LIMIT, pattern=pattern, rule=rule
        )
    problems += bool_problems("enabled", news.get("enabled"))
    problems += adopt_id_problems(
        "adopt_auth_config_id",
        news.get("adopt_auth_config_id"),
        what='auth config, such as "ac_..."',
    )
    return problems


def _credential_problems(credentials: Any, scheme: Any) -> list[InputProblem]:
    """Never quotes a credential value: the message names keys and kinds only."""
    if not isinstance(credentials, Mapping):
        if not is_checkable(credentials):
            return []
        return [
            InputProblem(
                "credentials",
                "credentials must be a mapping of field names to strings, such as "
                f'{{"api_key": ...}}, not a {type(credentials).__name__}',
            )
        ]
    if scheme is None and credentials:
        return [
            InputProblem(
                "credentials",
                "credentials are for custom auth: set auth_scheme (for example "
                '"API_KEY" or "OAUTH2"), or remove credentials to use Composio-managed auth',
            )
        ]
    for key, value in credentials.items():
        if not is_unknown(value) and not isinstance(value, str):
            return [
                InputProblem(
                    "credentials",
                    f"credentials[{key!r}] must be a string, not a {type(value).__name__}",
                )
            ]
    return []
