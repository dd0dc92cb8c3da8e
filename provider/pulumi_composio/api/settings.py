"""Where the API key and base URL come from.

:func:`resolve_settings` takes explicit values (the provider passes stack config
``composio:apiKey`` / ``composio:userApiKey`` / ``composio:baseUrl`` /
``composio:allowInsecureHttp``) and falls back to the environment (``COMPOSIO_API_KEY``,
``COMPOSIO_USER_API_KEY``, ``COMPOSIO_BASE_URL``, ``COMPOSIO_ALLOW_INSECURE_HTTP``).

Exactly one key is used, sent as ``x-api-key`` (a project key) or ``x-user-api-key`` (a
user key). An explicit key wins over the environment. Two keys at the same level (both
given explicitly, or both in the environment with none given explicitly) are a
:class:`ConfigurationError` rather than a silent pick, because picking wrong would make
changes under an identity the user did not mean.

The resulting :class:`ComposioSettings` hides the key from ``repr`` and refuses to be
pickled, so it can never slip into Pulumi's serialized provider or state.
"""

from __future__ import annotations

import ipaddress
import os
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, NoReturn, SupportsIndex

from pydantic import SecretStr

from ..errors import ConfigurationError

__all__ = [
    "DEFAULT_BASE_URL",
    "ComposioSettings",
    "KeyHeader",
    "api_key_problem",
    "normalise_base_url",
    "resolve_settings",
]

DEFAULT_BASE_URL = "https://backend.composio.dev"

KeyHeader = Literal["x-api-key", "x-user-api-key"]

_HOW_TO_SET_KEY = (
    "set it with `pulumi config set --secret composio:apiKey <key>` "
    "or `export COMPOSIO_API_KEY=<key>`"
)
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


@dataclass(frozen=True)
class ComposioSettings:
    """A resolved key, the header that carries it, and a checked base URL."""

    api_key: SecretStr
    key_header: KeyHeader
    base_url: str

    def __reduce_ex__(self, protocol: SupportsIndex) -> NoReturn:
        raise TypeError(
            "ComposioSettings holds the Composio API key and must not be pickled; "
            "resolve settings where the provider runs instead"
        )


def resolve_settings(
    api_key: str | None = None,
    user_api_key: str | None = None,
    base_url: str | None = None,
    allow_insecure_http: bool | None = None,
    env: Mapping[str, str] = os.environ,
) -> ComposioSettings:
    """Combine explicit values with the environment; raise :class:`ConfigurationError`.

    Empty strings count as "not set", so ``COMPOSIO_API_KEY=`` does not shadow config.
    """
    secret, header = _resolve_key(api_key, user_api_key, env)
    if allow_insecure_http is None:
        allow_insecure_http = _parse_flag(
            env.get("COMPOSIO_ALLOW_INSECURE_HTTP", ""), "COMPOSIO_ALLOW_INSECURE_HTTP"
        )
    url = _first_set(base_url, env.get("COMPOSIO_BASE_URL")) or DEFAULT_BASE_URL
    return ComposioSettings(
        api_key=SecretStr(secret),
        key_header=header,
        base_url=normalise_base_url(url, allow_insecure_http=allow_insecure_http),
    )


def api_key_problem(key: str) -> str | None:
    """Why ``key`` cannot be sent as a header value, without ever quoting the key."""
    if not key:
        return "is empty"
    if not key.isascii() or not key.isprintable() or any(c.isspace() for c in key):
        return (
            "contains spaces, line breaks or non-ASCII characters, which cannot be sent "
            "in an HTTP header (a stray newline or quote from copying it?)"
        )
    return None


def normalise_base_url(url: str, *, allow_insecure_http: bool) -> str:
    """Check a base URL and return it without a trailing slash.

    ``https`` is required, except for loopback hosts (``localhost``, ``127.0.0.0/8``,
    ``::1``) such as a local emulator, or when insecure HTTP is explicitly allowed,
    because the API key travels in a header on every request.
    """
    text = url.strip()
    try:
        parts = urllib.parse.urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 - parsing the port is what validates it
    except ValueError:
        _refuse_url(text, "is not a valid URL")
    if parts.username is not None or parts.password is not None:
        raise ConfigurationError(
            "The Composio base URL must not contain a user name or password; "
            "the API key is sent in a header"
        )
    if parts.scheme not in ("http", "https") or not host:
        _refuse_url(text, "must look like https://backend.composio.dev")
    if parts.query or parts.fragment:
        _refuse_url(text, "must not have a query string or fragment")
    if parts.scheme == "http" and not (allow_insecure_http or _is_loopback(host)):
        _refuse_url(
            text,
            "uses plain http, which would send the API key unencrypted; use https, "
            "or set COMPOSIO_ALLOW_INSECURE_HTTP=1 (composio:allowInsecureHttp) if you mean it",
        )
    return text.rstrip("/")


def _resolve_key(
    api_key: str | None, user_api_key: str | None, env: Mapping[str, str]
) -> tuple[str, KeyHeader]:
    explicit = _one_key(
        _present(api_key), _present(user_api_key), "composio:apiKey", "composio:userApiKey"
    )
    found = explicit or _one_key(
        _present(env.get("COMPOSIO_API_KEY")),
        _present(env.get("COMPOSIO_USER_API_KEY")),
        "COMPOSIO_API_KEY",
        "COMPOSIO_USER_API_KEY",
    )
    if found is None:
        raise ConfigurationError(f"No Composio API key is configured: {_HOW_TO_SET_KEY}")
    key, header, source = found
    problem = api_key_problem(key)
    if problem:
        raise ConfigurationError(f"The Composio API key from {source} {problem}")
    return key, header


def _one_key(
    project_key: str | None, user_key: str | None, project_source: str, user_source: str
) -> tuple[str, KeyHeader, str] | None:
    if project_key and user_key:
        raise ConfigurationError(
            f"Both {project_source} and {user_source} are set; set only one, so it is clear "
            "which identity makes changes"
        )
    if project_key:
        return project_key, "x-api-key", project_source
    if user_key:
        return user_key, "x-user-api-key", user_source
    return None


def _present(value: str | None) -> str | None:
    stripped = value.strip() if value is not None else None
    return stripped or None


def _first_set(*values: str | None) -> str | None:
    return next((v for v in map(_present, values) if v), None)


def _parse_flag(value: str, name: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigurationError(f"{name} must be true or false (1/0, yes/no), not {value!r}")


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _refuse_url(url: str, problem: str) -> NoReturn:
    raise ConfigurationError(f"The Composio base URL {url!r} {problem}")
