"""Composio's rules for auth-config requests, every problem reported at once.

The shapes are those of the official SDK's ``auth_config_create_params``,
``auth_config_update_params`` and ``auth_config_list_params``. Problems are 400s with the
slug ``AuthConfig_InvalidRequest`` and one line per problem in ``errors``. No problem line
quotes a credential value, only its key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...api_errors import bad_request
from ...catalogue import Catalogue
from ...request_checks import bool_problems, comma_separated, cursor_page, string_list_problems
from .records import MANAGED_AUTH_SCHEME, AuthConfigRecord, new_auth_config_id

__all__ = [
    "CUSTOM_AUTH_SCHEMES",
    "MAX_AUTH_CONFIG_PAGE_SIZE",
    "AuthConfigListQuery",
    "auth_config_changes",
    "auth_config_list_query",
    "auth_config_status",
    "new_auth_config",
]

SLUG = "AuthConfig_InvalidRequest"
CUSTOM_AUTH_SCHEMES = frozenset(
    {
        "OAUTH2",
        "OAUTH1",
        "API_KEY",
        "BASIC",
        "BILLCOM_AUTH",
        "BEARER_TOKEN",
        "GOOGLE_SERVICE_ACCOUNT",
        "NO_AUTH",
        "BASIC_WITH_JWT",
        "CALCOM_AUTH",
        "SERVICE_ACCOUNT",
        "SAML",
        "DCR_OAUTH",
        "S2S_OAUTH2",
    }
)
"""The ``authScheme`` values Composio accepts for a ``use_custom_auth`` create, as its API
reference and the official SDK's ``auth_config_create_params`` list them.

The emulator states them itself rather than importing the client's list: it stands in
for Composio, so a client that drifts from the API must fail against it, not agree with
itself. ``tests/unit/test_emulator_boundaries.py`` checks that the lists agree."""
MAX_NAME_LENGTH = 255
MAX_AUTH_CONFIG_PAGE_SIZE = 1000
DEFAULT_AUTH_CONFIG_PAGE_SIZE = 20
_SCOPE_KEYS = ("scopes", "user_scopes")
_SHARED_FIELDS = (
    "name",
    "is_enabled_for_tool_router",
    "restrict_to_following_tools",
    "shared_credentials",
    "tool_access_config",
)
_MANAGED_CREATE_FIELDS = ("type", "credentials", *_SHARED_FIELDS)
_CUSTOM_CREATE_FIELDS = (*_MANAGED_CREATE_FIELDS, "authScheme", "auth_scheme", "proxy_config")
_DEFAULT_UPDATE_FIELDS = ("type", *_SHARED_FIELDS, *_SCOPE_KEYS)
_CUSTOM_UPDATE_FIELDS = ("type", *_SHARED_FIELDS, "credentials", "proxy_config")
_CREATE_TOOL_ACCESS = ("tools_for_connected_account_creation",)
_UPDATE_TOOL_ACCESS = ("tools_available_for_execution", "tools_for_connected_account_creation")
_FIX = (
    "Send toolkit.slug of a known toolkit and auth_config.type use_composio_managed_auth, or "
    "use_custom_auth with an authScheme; tools must belong to the toolkit."
)
_UPDATE_FIX = (
    "Send type 'default' for a Composio-managed auth config or 'custom' for one with its own "
    "credentials; to switch between them, create a new auth config."
)


def new_auth_config(body: Any, catalogue: Catalogue) -> AuthConfigRecord:
    """The config a ``POST /auth_configs`` body describes, with a fresh id; 400 if it is wrong.

    An omitted ``auth_config`` means Composio-managed auth. The scheme may come as
    ``authScheme`` (what the SDK sends) or ``auth_scheme``. An omitted name becomes
    ``"<toolkit> Auth Config <last 4 characters of the id>"``.
    """
    if not isinstance(body, dict):
        raise bad_request(["the request body must be a JSON object"], "Send a JSON object.", SLUG)
    problems = [f"unknown field {key!r}" for key in body if key not in ("toolkit", "auth_config")]
    toolkit = _toolkit_slug(body.get("toolkit"), catalogue, problems)
    config = body.get("auth_config", {"type": "use_composio_managed_auth"})
    if not isinstance(config, dict):
        problems.append("auth_config must be an object")
        config = {"type": "use_composio_managed_auth"}
    kind = config.get("type")
    if kind not in ("use_composio_managed_auth", "use_custom_auth"):
        problems.append("auth_config.type must be use_composio_managed_auth or use_custom_auth")
        raise bad_request(problems, _FIX, SLUG)
    managed = kind == "use_composio_managed_auth"
    allowed = _MANAGED_CREATE_FIELDS if managed else _CUSTOM_CREATE_FIELDS
    problems += [f"auth_config: unknown field {key!r}" for key in config if key not in allowed]
    scheme = MANAGED_AUTH_SCHEME if managed else _custom_scheme(config, problems)
    tools_of = catalogue.tool_slugs_of(toolkit) if toolkit else None
    fields = _settings(config, "auth_config.", problems)
    fields.update(_tool_lists(config, "auth_config.", tools_of, _CREATE_TOOL_ACCESS, problems))
    if "credentials" in config:
        fields["credentials"] = _credentials(
            config["credentials"], "auth_config.credentials", managed, problems
        )
    if problems:
        raise bad_request(problems, _FIX, SLUG)
    assert toolkit is not None
    config_id = new_auth_config_id()
    fields.setdefault("name", f"{toolkit} Auth Config {config_id[-4:]}")
    return AuthConfigRecord(
        id=config_id,
        toolkit=toolkit,
        is_composio_managed=managed,
        auth_scheme=scheme,
        **fields,
    )


def auth_config_changes(
    body: Any, record: AuthConfigRecord, catalogue: Catalogue
) -> dict[str, Any]:
    """The record fields a ``PATCH /auth_configs/{id}`` body changes; 400 if it is wrong.

    ``type`` must be the config's own (``default`` for managed, ``custom`` otherwise): a
    config cannot switch in place. ``credentials`` replace the stored ones whole; the
    ``default`` type's top-level ``scopes`` and ``user_scopes`` are kept among them.
    """
    if not isinstance(body, dict):
        raise bad_request(["the request body must be a JSON object"], "Send a JSON object.", SLUG)
    kind = body.get("type")
    if kind not in ("custom", "default"):
        raise bad_request(["type is required and must be 'custom' or 'default'"], _UPDATE_FIX, SLUG)
    if kind != record.type:
        own = "Composio-managed" if record.is_composio_managed else "custom"
        raise bad_request(
            [
                f"type {kind!r} does not fit auth config {record.id!r}, which is {own} "
                f"(type {record.type!r}): a config cannot switch between managed and custom "
                "in place"
            ],
            _UPDATE_FIX,
            SLUG,
        )
    allowed = _DEFAULT_UPDATE_FIELDS if kind == "default" else _CUSTOM_UPDATE_FIELDS
    problems = [f"unknown field {key!r} for type {kind!r}" for key in body if key not in allowed]
    tools_of = catalogue.tool_slugs_of(record.toolkit) or frozenset()
    changes = _settings(body, "", problems)
    changes.update(_tool_lists(body, "", tools_of, _UPDATE_TOOL_ACCESS, problems))
    if "credentials" in body:
        changes["credentials"] = _credentials(body["credentials"], "credentials", False, problems)
    scopes = {key: body[key] for key in _SCOPE_KEYS if key in body}
    for key, value in scopes.items():
        problems.extend(_scope_problems(key, value))
    if scopes:
        changes["credentials"] = {**record.credentials, **scopes}
    if problems:
        raise bad_request(problems, _UPDATE_FIX, SLUG)
    return changes


def auth_config_status(value: str) -> str:
    """The ``{status}`` of ``PATCH /auth_configs/{id}/{status}``: ``ENABLED`` or ``DISABLED``."""
    if value not in ("ENABLED", "DISABLED"):
        raise bad_request(
            [f"status must be ENABLED or DISABLED, not {value!r}"],
            "Use PATCH /auth_configs/{id}/ENABLED or /auth_configs/{id}/DISABLED.",
            SLUG,
        )
    return value


@dataclass(frozen=True)
class AuthConfigListQuery:
    toolkit_slugs: frozenset[str]
    is_composio_managed: bool | None
    search: str | None
    show_disabled: bool
    page: int
    limit: int


def auth_config_list_query(params: Mapping[str, str]) -> AuthConfigListQuery:
    """The query of ``GET /auth_configs``.

    ``toolkit_slug`` is comma-separated; ``search`` matches name or id, ignoring case;
    disabled configs are left out unless ``show_disabled=true``; ``cursor`` (from a
    previous ``next_cursor``) picks the page, and ``limit`` (default 20, at most 1000)
    overrides the cursor's. ``deprecated_app_id`` and ``deprecated_status`` are accepted
    and have no effect.
    """
    problems: list[str] = []
    page, limit = cursor_page(
        params, DEFAULT_AUTH_CONFIG_PAGE_SIZE, MAX_AUTH_CONFIG_PAGE_SIZE, problems
    )
    managed = _optional_bool(params, "is_composio_managed", problems)
    show_disabled = _optional_bool(params, "show_disabled", problems)
    if problems:
        raise bad_request(problems, "Fix the query parameters of the list call.", SLUG)
    return AuthConfigListQuery(
        toolkit_slugs=comma_separated(params.get("toolkit_slug")),
        is_composio_managed=managed,
        search=params.get("search") or None,
        show_disabled=bool(show_disabled),
        page=page,
        limit=limit,
    )


def _optional_bool(params: Mapping[str, str], key: str, problems: list[str]) -> bool | None:
    raw = params.get(key)
    if raw is None:
        return None
    if raw.lower() not in ("true", "false"):
        problems.append(f"{key} must be true or false, not {raw!r}")
        return None
    return raw.lower() == "true"


def _toolkit_slug(value: Any, catalogue: Catalogue, problems: list[str]) -> str | None:
    if not isinstance(value, dict) or not isinstance(value.get("slug"), str):
        problems.append('toolkit is required: an object with a slug, e.g. {"slug": "github"}')
        return None
    problems.extend(f"toolkit: unknown field {key!r}" for key in value if key != "slug")
    slug: str = value["slug"]
    if slug not in catalogue.toolkits:
        problems.append(f"toolkit.slug: unknown toolkit {slug!r}")
        return None
    return slug


def _custom_scheme(config: Mapping[str, Any], problems: list[str]) -> str:
    given = {config[key] for key in ("authScheme", "auth_scheme") if key in config}
    if not given:
        problems.append("auth_config.authScheme is required for use_custom_auth")
        return ""
    if len(given) > 1:
        problems.append("auth_config.authScheme and auth_config.auth_scheme disagree")
        return ""
    scheme = given.pop()
    if scheme not in CUSTOM_AUTH_SCHEMES:
        problems.append(
            f"auth_config.authScheme {scheme!r} is not one of "
            f"{', '.join(sorted(CUSTOM_AUTH_SCHEMES))}"
        )
        return ""
    return str(scheme)


def _settings(body: Mapping[str, Any], prefix: str, problems: list[str]) -> dict[str, Any]:
    """The settings create and update share besides the tool lists (:func:`_tool_lists`):
    name, flags, proxy, shared credentials."""
    fields: dict[str, Any] = {}
    if "name" in body:
        name = body["name"]
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME_LENGTH:
            problems.append(f"{prefix}name must be a non-blank string of at most 255 characters")
        else:
            fields["name"] = name
    if "is_enabled_for_tool_router" in body:
        flag = body["is_enabled_for_tool_router"]
        problems.extend(bool_problems(f"{prefix}is_enabled_for_tool_router", flag))
        fields["is_enabled_for_tool_router"] = flag
    if "shared_credentials" in body:
        if isinstance(body["shared_credentials"], dict):
            fields["shared_credentials"] = body["shared_credentials"]
        else:
            problems.append(f"{prefix}shared_credentials must be an object")
    if "proxy_config" in body:
        fields["proxy_config"] = _proxy_config(body["proxy_config"], prefix, problems)
    return fields


def _tool_lists(
    body: Mapping[str, Any],
    prefix: str,
    tools_of: frozenset[str] | None,
    tool_access_keys: tuple[str, ...],
    problems: list[str],
) -> dict[str, list[str]]:
    """``restrict_to_following_tools`` and ``tool_access_config``'s lists, checked.

    ``tools_of`` is the toolkit's tools, or ``None`` when the toolkit is unknown (already
    reported), in which case tool names are not checked.

    ``restrict_to_following_tools`` is the deprecated name of
    ``tool_access_config.tools_available_for_execution``; both set one list, so a body
    that gives both must give the same tools.
    """
    lists: dict[str, Any] = {}
    if "restrict_to_following_tools" in body:
        lists["restrict_to_following_tools"] = body["restrict_to_following_tools"]
    access = body.get("tool_access_config", {})
    if not isinstance(access, dict):
        problems.append(f"{prefix}tool_access_config must be an object")
        access = {}
    problems.extend(
        f"{prefix}tool_access_config: unknown field {key!r}"
        for key in access
        if key not in tool_access_keys
    )
    if "tools_for_connected_account_creation" in access:
        lists["tools_for_connected_account_creation"] = access[
            "tools_for_connected_account_creation"
        ]
    if "tools_available_for_execution" in access:
        available = access["tools_available_for_execution"]
        if lists.get("restrict_to_following_tools", available) != available:
            problems.append(
                f"{prefix}restrict_to_following_tools and "
                "tool_access_config.tools_available_for_execution name the same list; "
                "give one of them"
            )
        lists["restrict_to_following_tools"] = available
    checked: dict[str, list[str]] = {}
    for key, value in lists.items():
        shape = string_list_problems(f"{prefix}{key}", value)
        problems.extend(shape)
        if shape:
            continue
        if tools_of is not None:
            problems.extend(
                f"{prefix}{key}: {tool!r} is not a tool of this toolkit"
                for tool in value
                if tool not in tools_of
            )
        checked[key] = list(dict.fromkeys(value))
    return checked


def _proxy_config(value: Any, prefix: str, problems: list[str]) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("proxy_url"), str):
        problems.append(f"{prefix}proxy_config must be null or an object with a proxy_url")
        return None
    problems.extend(
        f"{prefix}proxy_config: unknown field {key!r}"
        for key in value
        if key not in ("proxy_url", "proxy_auth_key")
    )
    if "proxy_auth_key" in value and not isinstance(value["proxy_auth_key"], str):
        problems.append(f"{prefix}proxy_config.proxy_auth_key must be a string")
    return dict(value)


def _credentials(value: Any, key: str, managed: bool, problems: list[str]) -> dict[str, Any]:
    """Checked credentials; a managed config takes only OAuth scopes among them."""
    if not isinstance(value, dict):
        problems.append(f"{key} must be an object")
        return {}
    for name, item in value.items():
        if name in _SCOPE_KEYS:
            problems.extend(_scope_problems(f"{key}.{name}", item))
        elif managed:
            problems.append(
                f"{key}.{name}: a Composio-managed auth config takes only scopes and user_scopes; "
                "use use_custom_auth for your own credentials"
            )
        elif not isinstance(item, str):
            problems.append(f"{key}.{name} must be a string")
    return dict(value)


def _scope_problems(key: str, value: Any) -> list[str]:
    if isinstance(value, str):
        return []
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return []
    return [f"{key} must be a string or an array of strings"]
