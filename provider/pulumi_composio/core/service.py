"""What every resource's service shares in the plugin process: settings and one client.

The engine configures each resource type's provider separately, but they all run in one
``pulumi-resource-pulumi-python`` process. Giving them one :class:`ComposioClient` per
configuration means one connection pool, so a program with servers, auth configs and
user URLs opens its TCP and TLS connections once.
"""

from __future__ import annotations

import threading

from pulumi.dynamic import Config

from ..api.client import ComposioClient
from ..api.settings import ComposioSettings, resolve_settings
from ..errors import ConfigurationError
from . import user_errors

__all__ = ["ServiceBase"]

_CONFIG_KEYS = {
    "api_key": "composio:apiKey",
    "user_api_key": "composio:userApiKey",
    "base_url": "composio:baseUrl",
}
_ALLOW_INSECURE_HTTP_KEY = "composio:allowInsecureHttp"

_clients: dict[tuple[str, str, str], ComposioClient] = {}
_clients_lock = threading.Lock()


class ServiceBase:
    """The base of each resource's service: reads the stack config once, calls the API."""

    def __init__(self, config: Config) -> None:
        """Read the key and base URL from stack config, falling back to the environment.

        A configuration problem is kept and raised by the first operation that calls the
        API, so that ``check`` (which never calls it) still reports input problems.
        """
        user_errors.show_user_errors_without_traceback()
        self._settings: ComposioSettings | None = None
        self._settings_error: ConfigurationError | None = None
        allow = config.get(_ALLOW_INSECURE_HTTP_KEY)
        try:
            self._settings = resolve_settings(
                **{arg: config.get(key) for arg, key in _CONFIG_KEYS.items()},
                allow_insecure_http=None if allow is None else str(allow).lower() == "true",
            )
        except ConfigurationError as error:
            self._settings_error = error

    def _api(self) -> ComposioClient:
        """The plugin process's client for this configuration, made on first use."""
        if self._settings is None:
            assert self._settings_error is not None
            raise self._settings_error
        settings = self._settings
        key = (settings.api_key.get_secret_value(), settings.key_header, settings.base_url)
        with _clients_lock:
            client = _clients.get(key)
            if client is None:
                client = _clients[key] = ComposioClient.from_settings(settings)
            return client
