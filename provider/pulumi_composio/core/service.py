"""What every resource's service shares in the plugin process: settings and one client.

The engine configures each resource type's provider separately, but they all run in one
``pulumi-resource-pulumi-python`` process. Giving them one :class:`ComposioClient` per
configuration means one connection pool, so a program with servers, auth configs and
user URLs opens its TCP and TLS connections once.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from pulumi.dynamic import Config

from ..errors import ConfigurationError
from . import user_errors
from .catalogue import KnownSlugs, SlugVerdict, unchecked_warning
from .confirmed_slugs import ConfirmedSlugs
from .operations import Checked

if TYPE_CHECKING:
    from ..api.client import ComposioClient
    from ..api.settings import ComposioSettings

__all__ = ["ServiceBase"]

_CONFIG_KEYS = {
    "api_key": "composio:apiKey",
    "user_api_key": "composio:userApiKey",
    "base_url": "composio:baseUrl",
}
_ALLOW_INSECURE_HTTP_KEY = "composio:allowInsecureHttp"

RECORDED_CONFIGURATION = (
    "`pulumi refresh` and `pulumi destroy` configure the provider as the last `pulumi up` "
    "did, so if you have set or changed it since, run `pulumi up` first or pass `--run-program`"
)
"""Said with a configuration problem met by a refresh or a destroy, where the engine hands
the provider the configuration recorded in state rather than the stack's current one: a key
set after a failed ``up`` is otherwise reported missing with no hint why."""

_clients: dict[tuple[str, str, str], ComposioClient] = {}
_known_slugs: dict[tuple[str, str, str], KnownSlugs] = {}
_clients_lock = threading.Lock()


class ServiceBase:
    """The base of each resource's service: reads the stack config once, calls the API."""

    def __init__(self, config: Config) -> None:
        """Read the key and base URL from stack config, falling back to the environment.

        A configuration problem is kept and raised by the first operation that calls the
        API, so that ``check`` (which never calls it) still reports input problems.
        """
        # Here, not at the top: the settings need pydantic, which a plugin process that only
        # serves its schema (as Pulumi's YAML host starts one) never loads.
        from ..api.settings import resolve_settings

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

    def asked(self, olds: dict[str, Any], inputs: dict[str, Any]) -> Checked:
        """The checks of valid ``inputs`` that need Composio's answer (does it know this
        toolkit, this trigger type?), against ``olds``, the inputs in state, so what did not
        change costs no call; none by default.

        Kept apart from ``check`` (the input rules, which never call the API) because the
        two fronts ask at different times: the dynamic provider right after the rules, in
        every ``check``; the native plugin only in the preview's ``create`` and ``update``,
        since the apply's are answered by Composio itself (see :mod:`..native.provider`)."""
        return Checked(inputs)

    def _api(self, *, recorded_configuration: bool = False) -> ComposioClient:
        """The plugin process's client for this configuration, made on first use;
        ``recorded_configuration`` for the operations of ``refresh`` and ``destroy`` (read and
        delete), whose configuration problems then say :data:`RECORDED_CONFIGURATION`."""
        try:
            settings = self._resolved()
        except ConfigurationError as error:
            if not recorded_configuration:
                raise
            raise ConfigurationError(f"{error}; {RECORDED_CONFIGURATION}") from None
        with _clients_lock:
            client = _clients.get(_key(settings))
            if client is None:
                from ..api.client import ComposioClient  # httpx, on the first call only

                client = _clients[_key(settings)] = ComposioClient.from_settings(settings)
            return client

    def _checked_slugs(
        self, toolkits: Collection[str], tools: Collection[str], *, declared: Collection[str]
    ) -> SlugVerdict:
        """Whether Composio knows these toolkit and tool slugs (see :class:`KnownSlugs`),
        trusting what a recent plugin process recorded for the same configuration (the
        preview of the same ``pulumi up``: :mod:`.confirmed_slugs`); none to ask about costs
        nothing, not even the configuration."""
        if not toolkits and not tools:
            return SlugVerdict()
        try:
            settings = self._resolved()
        except ConfigurationError as error:
            return SlugVerdict(warning=unchecked_warning(error))
        key = _key(settings)
        with _clients_lock:
            known = _known_slugs.get(key)
            if known is None:
                known = _known_slugs[key] = KnownSlugs(ConfirmedSlugs.for_configuration(*key))
        return known.check(self._api, toolkits, tools, declared_toolkits=declared)

    def _resolved(self) -> ComposioSettings:
        if self._settings is None:
            assert self._settings_error is not None
            raise self._settings_error
        return self._settings


def _key(settings: ComposioSettings) -> tuple[str, str, str]:
    return (settings.api_key.get_secret_value(), settings.key_header, settings.base_url)
