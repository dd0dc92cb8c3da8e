"""The lookups' work: the API calls behind ``getToolkit``, ``getTools``, ``getCustomMcpServer``
and ``getAuthConfig``, whichever front asked.

Python programs call them in their own process (:mod:`.functions`); every other language
reaches them through the native plugin's ``Invoke``. Both make one :class:`LookupService` from
the same ``composio:*`` configuration as the resources and so use the same client, with its
retries and 429 handling. Each method says how many calls it makes, since a function runs at
every ``preview`` as well as at ``up``.
"""

from __future__ import annotations

from typing import Any

from ..api.client import ComposioClient, exact_name_matches
from ..api.models import ComposioToolkit
from ..core.catalogue import did_you_mean
from ..core.service import ServiceBase
from ..errors import NotFound, NothingFound
from .inputs import (
    GET_AUTH_CONFIG,
    GET_CUSTOM_MCP_SERVER,
    GET_TOOLKIT,
    GET_TOOLS,
    GET_TRIGGER_TYPE,
    GET_TRIGGER_TYPES,
    auth_config_result,
    id_or_name,
    one_server_named,
    optional_text,
    server_result,
    slug_argument,
    toolkit_result,
    tools_result,
    trigger_type_result,
    webhook_event_types_result,
)

__all__ = ["LookupService"]

_TOOLKIT_EXAMPLE = "a toolkit slug such as 'github'"


class LookupService(ServiceBase):
    """The four lookups, for one configuration; results as :mod:`.inputs` shapes them."""

    def get_toolkit(self, slug: Any) -> dict[str, Any]:
        """A toolkit and every one of its tools: one ``GET /toolkits/{slug}``, then one
        ``GET /tools`` per 100 tools. An unknown slug costs one more call, a listing of the
        toolkits to say which slug was meant."""
        slug = slug_argument(GET_TOOLKIT, "slug", slug, example=_TOOLKIT_EXAMPLE)
        client = self._api()
        toolkit = _toolkit(client, slug, GET_TOOLKIT)
        return toolkit_result(toolkit, list(client.list_tools(toolkit_slug=slug)))

    def get_tools(self, toolkit: Any, search: Any = None) -> dict[str, Any]:
        """The tools of a toolkit matching ``search`` (slug, name or description; all when
        not given): one ``GET /tools`` per 100 tools; when none comes back, one
        ``GET /toolkits/{slug}`` more to tell an unknown toolkit from an empty answer."""
        slug = slug_argument(GET_TOOLS, "toolkit", toolkit, example=_TOOLKIT_EXAMPLE)
        text = optional_text(GET_TOOLS, "search", search)
        client = self._api()
        tools = list(client.list_tools(toolkit_slug=slug, search=text))
        if not tools:
            _toolkit(client, slug, GET_TOOLS)
        return tools_result(tools)

    def get_custom_mcp_server(self, id: Any = None, name: Any = None) -> dict[str, Any]:
        """A live server by id (one ``GET /mcp/{id}``) or by its exact name (one
        ``GET /mcp/servers`` per 50 servers whose name contains it, ignoring case)."""
        server_id, server_name = id_or_name(GET_CUSTOM_MCP_SERVER, id, name)
        client = self._api()
        if server_name is not None:
            listed = client.list_servers_named_like(server_name)
            server = one_server_named(server_name, listed, exact_name_matches(listed, server_name))
            return server_result(server)
        assert server_id is not None
        found = client.get_live_server(server_id)
        if found is None:
            raise NothingFound(
                f"{GET_CUSTOM_MCP_SERVER}: no live Composio MCP server has id {server_id!r}"
            )
        return server_result(found)

    def get_auth_config(self, id: Any) -> dict[str, Any]:
        """An auth config by id, without its credentials: one ``GET /auth_configs/{id}``."""
        config_id = slug_argument(GET_AUTH_CONFIG, "id", id, example="an auth config id (ac_...)")
        try:
            config = self._api().get_auth_config(config_id)
        except NotFound:
            raise NothingFound(
                f"{GET_AUTH_CONFIG}: no Composio auth config has id {config_id!r}"
            ) from None
        return auth_config_result(config)

    def get_trigger_types(self, toolkit: Any = None) -> dict[str, Any]:
        """The trigger types, of ``toolkit`` when given: one ``GET /triggers_types`` per 100
        (and, for an unknown toolkit that has none, one ``GET /toolkits/{slug}`` more)."""
        slug = optional_text(GET_TRIGGER_TYPES, "toolkit", toolkit)
        client = self._api()
        kinds = list(client.list_trigger_types(toolkit_slugs=[slug] if slug else None))
        if slug and not kinds:
            _toolkit(client, slug, GET_TRIGGER_TYPES)
        return {
            "slugs": [kind.slug for kind in kinds],
            "trigger_types": {kind.slug: trigger_type_result(kind) for kind in kinds},
        }

    def get_trigger_type(self, slug: Any) -> dict[str, Any]:
        """One trigger type with its config schema: one ``GET /triggers_types/{slug}``; an
        unknown slug costs one listing more, to say which was meant."""
        slug = slug_argument(
            GET_TRIGGER_TYPE, "slug", slug, example="a trigger type such as GITHUB_COMMIT_EVENT"
        )
        client = self._api()
        try:
            return trigger_type_result(client.get_trigger_type(slug))
        except NotFound:
            known = (kind.slug for kind in client.list_trigger_types())
            raise NothingFound(
                f"{GET_TRIGGER_TYPE}: Composio has no trigger type {slug!r}"
                f"{did_you_mean(slug.upper(), known)}"
            ) from None

    def get_webhook_event_types(self) -> dict[str, Any]:
        """The event types a webhook subscription may enable: one call."""
        return webhook_event_types_result(self._api().list_webhook_event_types().items)


def _toolkit(client: ComposioClient, slug: str, function: str) -> ComposioToolkit:
    """The toolkit ``slug``; an unknown one is :class:`NothingFound` offering the closest."""
    try:
        return client.get_toolkit(slug)
    except NotFound:
        known = (toolkit.slug for toolkit in client.list_toolkits())
        raise NothingFound(
            f"{function}: Composio has no toolkit {slug!r}{did_you_mean(slug, known)}"
        ) from None
