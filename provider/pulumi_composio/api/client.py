"""``ComposioClient``: one method per Composio endpoint, with retries and timeouts.

The client knows HTTP and Composio's shapes, nothing about Pulumi. Every method either
returns a model from :mod:`pulumi_composio.api.models` or raises an error from
:mod:`pulumi_composio.errors` whose ``str()`` is one line fit for a user.

It is one request core (:mod:`._requests`: the connection pool, retries, decoding)
holding one group of endpoints per API area, the way Composio's own SDK lays out its
resources: ``client.servers`` (:mod:`._servers`) for MCP servers, ``client.auth_configs``
(:mod:`._auth_configs`) for auth configs, ``client.catalogue`` (:mod:`._catalogue`) for
toolkits and tools, ``client.sessions`` (:mod:`._sessions`) for tool router sessions,
``client.triggers`` (:mod:`._triggers`), ``client.webhook_subscriptions`` (:mod:`._webhooks`),
``client.project`` (:mod:`._project`, the project's settings) and ``client.custom_toolkits``
(:mod:`._custom_toolkits`).
Each group method is also a flat method of the client
(``client.get_server`` is ``client.servers.get_server``), see :mod:`._flat`.
"""

from __future__ import annotations

from types import TracebackType
from typing import NoReturn, Self, SupportsIndex

import httpx

from ..errors import ConfigurationError
from ._auth_configs import AuthConfigsEndpoints
from ._catalogue import CatalogueEndpoints
from ._custom_toolkits import CustomToolkitsEndpoints
from ._flat import Flat
from ._project import ProjectEndpoints
from ._requests import DEFAULT_TIMEOUT, RequestSender
from ._retry import NO_RETRY, RetryPolicy
from ._servers import DEFAULT_PAGE_SIZE, ServersEndpoints, exact_name_matches
from ._sessions import SessionsEndpoints
from ._triggers import TriggersEndpoints
from ._versions import v3_1_root
from ._webhooks import WebhookSubscriptionsEndpoints
from .settings import (
    DEFAULT_BASE_URL,
    ComposioSettings,
    KeyHeader,
    api_key_problem,
    normalise_base_url,
)

__all__ = [
    "DEFAULT_API_PREFIX",
    "DEFAULT_PAGE_SIZE",
    "DEFAULT_TIMEOUT",
    "NO_RETRY",
    "ComposioClient",
    "RetryPolicy",
    "exact_name_matches",
]

DEFAULT_API_PREFIX = "/api/v3"


_servers: Flat[ComposioClient, ServersEndpoints] = Flat(lambda client: client.servers)
_auth_configs: Flat[ComposioClient, AuthConfigsEndpoints] = Flat(lambda client: client.auth_configs)
_catalogue: Flat[ComposioClient, CatalogueEndpoints] = Flat(lambda client: client.catalogue)
_sessions: Flat[ComposioClient, SessionsEndpoints] = Flat(lambda client: client.sessions)
_triggers: Flat[ComposioClient, TriggersEndpoints] = Flat(lambda client: client.triggers)
_webhooks: Flat[ComposioClient, WebhookSubscriptionsEndpoints] = Flat(
    lambda client: client.webhook_subscriptions
)
_project: Flat[ComposioClient, ProjectEndpoints] = Flat(lambda client: client.project)
_custom_toolkits: Flat[ComposioClient, CustomToolkitsEndpoints] = Flat(
    lambda client: client.custom_toolkits
)


class ComposioClient:
    """A client for Composio's MCP, auth-config and catalogue API, holding one reusable
    ``httpx.Client``.

    Use it as a context manager, or call :meth:`close`. ``transport`` replaces the
    network (``httpx.MockTransport`` in tests); ``retry`` replaces the retry policy,
    including its clock and sleep.
    """

    servers: ServersEndpoints
    auth_configs: AuthConfigsEndpoints
    catalogue: CatalogueEndpoints
    sessions: SessionsEndpoints
    triggers: TriggersEndpoints
    webhook_subscriptions: WebhookSubscriptionsEndpoints
    project: ProjectEndpoints
    custom_toolkits: CustomToolkitsEndpoints

    create_custom_server = _servers(ServersEndpoints.create_custom_server)
    create_custom_server_idempotently = _servers(ServersEndpoints.create_custom_server_idempotently)
    get_server = _servers(ServersEndpoints.get_server)
    get_live_server = _servers(ServersEndpoints.get_live_server)
    update_server = _servers(ServersEndpoints.update_server)
    delete_server = _servers(ServersEndpoints.delete_server)
    list_servers = _servers(ServersEndpoints.list_servers)
    list_servers_page = _servers(ServersEndpoints.list_servers_page)
    find_servers_by_exact_name = _servers(ServersEndpoints.find_servers_by_exact_name)
    list_servers_named_like = _servers(ServersEndpoints.list_servers_named_like)
    generate_urls = _servers(ServersEndpoints.generate_urls)

    create_auth_config = _auth_configs(AuthConfigsEndpoints.create_auth_config)
    create_auth_config_idempotently = _auth_configs(
        AuthConfigsEndpoints.create_auth_config_idempotently
    )
    find_auth_configs_by_exact_name = _auth_configs(
        AuthConfigsEndpoints.find_auth_configs_by_exact_name
    )
    get_auth_config = _auth_configs(AuthConfigsEndpoints.get_auth_config)
    update_auth_config = _auth_configs(AuthConfigsEndpoints.update_auth_config)
    set_auth_config_status = _auth_configs(AuthConfigsEndpoints.set_auth_config_status)
    delete_auth_config = _auth_configs(AuthConfigsEndpoints.delete_auth_config)
    list_auth_configs = _auth_configs(AuthConfigsEndpoints.list_auth_configs)
    list_auth_configs_page = _auth_configs(AuthConfigsEndpoints.list_auth_configs_page)

    get_toolkit = _catalogue(CatalogueEndpoints.get_toolkit)
    list_toolkits = _catalogue(CatalogueEndpoints.list_toolkits)
    get_tool = _catalogue(CatalogueEndpoints.get_tool)
    list_tools = _catalogue(CatalogueEndpoints.list_tools)

    create_session = _sessions(SessionsEndpoints.create_session)
    get_session = _sessions(SessionsEndpoints.get_session)
    patch_session = _sessions(SessionsEndpoints.patch_session)
    delete_session = _sessions(SessionsEndpoints.delete_session)
    list_sessions_page = _sessions(SessionsEndpoints.list_sessions_page)

    get_trigger_type = _triggers(TriggersEndpoints.get_trigger_type)
    list_trigger_types = _triggers(TriggersEndpoints.list_trigger_types)
    upsert_trigger = _triggers(TriggersEndpoints.upsert_trigger)
    set_trigger_enabled = _triggers(TriggersEndpoints.set_trigger_enabled)
    delete_trigger = _triggers(TriggersEndpoints.delete_trigger)
    get_trigger = _triggers(TriggersEndpoints.get_trigger)
    list_triggers_page = _triggers(TriggersEndpoints.list_triggers_page)

    create_webhook_subscription = _webhooks(
        WebhookSubscriptionsEndpoints.create_webhook_subscription
    )
    get_webhook_subscription = _webhooks(WebhookSubscriptionsEndpoints.get_webhook_subscription)
    list_webhook_subscriptions_page = _webhooks(
        WebhookSubscriptionsEndpoints.list_webhook_subscriptions_page
    )
    update_webhook_subscription = _webhooks(
        WebhookSubscriptionsEndpoints.update_webhook_subscription
    )
    delete_webhook_subscription = _webhooks(
        WebhookSubscriptionsEndpoints.delete_webhook_subscription
    )
    rotate_webhook_secret = _webhooks(WebhookSubscriptionsEndpoints.rotate_webhook_secret)
    list_webhook_event_types = _webhooks(WebhookSubscriptionsEndpoints.list_webhook_event_types)

    get_project_config = _project(ProjectEndpoints.get_project_config)
    update_project_config = _project(ProjectEndpoints.update_project_config)

    upsert_custom_toolkit = _custom_toolkits(CustomToolkitsEndpoints.upsert_custom_toolkit)
    delete_custom_toolkit = _custom_toolkits(CustomToolkitsEndpoints.delete_custom_toolkit)

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        key_header: KeyHeader = "x-api-key",
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        api_prefix: str = DEFAULT_API_PREFIX,
    ) -> None:
        problem = api_key_problem(api_key)
        if problem:
            raise ConfigurationError(f"The Composio API key {problem}")
        if key_header not in ("x-api-key", "x-user-api-key"):
            raise ConfigurationError(
                f"key_header must be 'x-api-key' or 'x-user-api-key', not {key_header!r}"
            )
        root = normalise_base_url(base_url, allow_insecure_http=True)
        prefix = "/" + api_prefix.strip("/") if api_prefix.strip("/") else ""
        self._origin = root
        self._key_header = key_header
        self._requests = RequestSender(
            api_key,
            root=root,
            prefix=prefix,
            key_header=key_header,
            timeout=timeout,
            retry=retry if retry is not None else RetryPolicy(),
            transport=transport,
        )
        self.servers = ServersEndpoints(self._requests)
        self.auth_configs = AuthConfigsEndpoints(self._requests)
        self.catalogue = CatalogueEndpoints(self._requests)
        self.sessions = SessionsEndpoints(self._requests)
        newer = v3_1_root(root, prefix)
        self.triggers = TriggersEndpoints(self._requests, newer)
        self.webhook_subscriptions = WebhookSubscriptionsEndpoints(self._requests, newer)
        self.project = ProjectEndpoints(self._requests)
        self.custom_toolkits = CustomToolkitsEndpoints(self._requests, newer)

    @classmethod
    def from_settings(
        cls,
        settings: ComposioSettings,
        *,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        api_prefix: str = DEFAULT_API_PREFIX,
    ) -> Self:
        """Build a client from resolved :class:`ComposioSettings`."""
        return cls(
            settings.api_key.get_secret_value(),
            base_url=settings.base_url,
            key_header=settings.key_header,
            timeout=timeout,
            retry=retry,
            transport=transport,
            api_prefix=api_prefix,
        )

    def close(self) -> None:
        """Close the connection pool; the client cannot be used afterwards."""
        self._requests.close()

    def stop_retrying(self) -> None:
        """Make every failed attempt final from now on, for this client's requests in flight
        and later ones: none waits to be sent again (the engine cancelled the run). A create
        whose outcome is unknown is still looked up by its name, never sent twice."""
        self._requests.stop_retrying()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ComposioClient(base_url={self._origin!r}, key_header={self._key_header!r})"

    def __reduce_ex__(self, protocol: SupportsIndex) -> NoReturn:
        raise TypeError(
            "ComposioClient holds the API key and a connection pool and must not be "
            "pickled; build it lazily where it is used"
        )
