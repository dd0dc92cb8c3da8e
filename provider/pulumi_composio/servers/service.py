"""The work behind :class:`~pulumi_composio.CustomMcpServer`, done in the plugin process.

:class:`ServerService` is made by the provider's ``configure`` from the stack config and
holds what must never be pickled: the settings with the API key, the name index and the
read listing. Each method is one provider operation, in as few API calls as it can.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi.dynamic import Config

from ..api._create import KnownIds
from ..api.client import ComposioClient
from ..api.models import McpServer
from ..core.listing import ListingReader
from ..core.named_objects import NamedObjects
from ..core.operations import Changes, Checked, Found
from ..core.service import ServiceBase
from ..errors import AdoptionFailed, NotFound
from .inputs import (
    changed_properties,
    check_inputs,
    create_request,
    diff_inputs,
    known_items,
    new_slugs,
    outputs_from_api,
    update_request,
)

__all__ = ["ServerService"]

_PAGE_SIZE = 100


def _live_servers(client: ComposioClient) -> Iterator[McpServer]:
    return (server for server in client.list_servers(page_size=_PAGE_SIZE) if not server.deleted)


def _server_id(server: McpServer) -> str:
    return server.id


def _declared_as(server: McpServer, props: Mapping[str, Any]) -> bool:
    """Whether a server carries exactly the declared configuration (its name aside, which
    the caller matched)."""
    return not changed_properties(server.model_dump(), props)


class _Servers:
    """Servers as :class:`~..core.named_objects.NamedObjects` handles them."""

    noun = "Composio MCP server"
    adopt_input = "adopt_server_id"

    def live_names(self, client: ComposioClient) -> Iterator[tuple[str, str]]:
        return ((server.name, server.id) for server in _live_servers(client))

    def ids_named(self, client: ComposioClient, name: str) -> list[str]:
        return [server.id for server in client.find_servers_by_exact_name(name)]

    def take_back(
        self, client: ComposioClient, object_id: str, props: Mapping[str, Any]
    ) -> Found | None:
        """The orphan, if it carries exactly the declared configuration; a server that
        differs (a program edited since) is not assumed to be this resource's."""
        orphan = client.get_server(object_id)
        if not _declared_as(orphan, props):
            return None
        return Found(orphan.id, outputs_from_api(orphan, props))

    def create_new(
        self, client: ComposioClient, props: Mapping[str, Any], known_ids: KnownIds
    ) -> Found:
        created = client.create_custom_server_idempotently(
            create_request(props),
            known_ids=known_ids,
            ours=(lambda server: _declared_as(server, props)) if callable(known_ids) else None,
        )
        return Found(created.id, outputs_from_api(created, props))

    def delete_object(self, client: ComposioClient, object_id: str) -> None:
        client.delete_server(object_id)


class ServerService(ServiceBase):
    """CRUD for Composio custom MCP servers, for one plugin process.

    A create is one ``POST`` (beside one listing of the project per process, or after it for
    a declared name, see :mod:`..core.named_objects`); reads after the first come from one
    listing per process (see :mod:`..core.listing`); an update is one ``PATCH``; a delete one
    ``DELETE``.
    """

    def __init__(self, config: Config) -> None:
        super().__init__(config)
        self._servers = NamedObjects(_Servers())
        self._reads = ListingReader(_live_servers, ComposioClient.get_server, _server_id)

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> Checked:
        return Checked(*check_inputs(olds, news))

    def asked(self, olds: dict[str, Any], inputs: dict[str, Any]) -> Checked:
        """Whether Composio knows the toolkit and tool slugs that are new or changed against
        ``olds``, so a mistyped slug fails the preview; unchanged ones cost no call (see
        :mod:`..core.catalogue`)."""
        toolkits, tools = new_slugs(olds, inputs)
        verdict = self._checked_slugs(toolkits, tools, declared=known_items(inputs.get("toolkits")))
        warnings = [verdict.warning] if verdict.warning else []
        return Checked(inputs, verdict.problems, warnings)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> Changes:
        """Every change can be one ``PATCH``: only ``replace_on_changes`` replaces a server,
        and the new one is created first under the same name (see :mod:`..core.named_objects`)."""
        self._servers.note_state_id(news, id_)
        return diff_inputs(olds, news)

    def create(self, props: dict[str, Any]) -> Found:
        """Adopt the server named by ``adopt_server_id``, or create one under the declared
        name (see :mod:`..core.named_objects`)."""
        client = self._api()
        self._reads.forget()
        adopt_id = props.get("adopt_server_id")
        if adopt_id:
            server = self._adopt(client, adopt_id, props)
            return self._servers.adopted(
                Found(server.id, outputs_from_api(server, props)), server.name
            )
        return self._servers.create(client, props)

    def read(self, id_: str, props: dict[str, Any]) -> Found:
        """Read the live server; a server that is gone reads as absent (empty id)."""
        try:
            server = self._reads.read(self._api(recorded_configuration=True), id_)
        except NotFound:
            return Found("")
        if server.deleted:
            return Found("")
        return Found(server.id, outputs_from_api(server, props))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        changed = changed_properties(olds, news)
        client = self._api()
        self._reads.forget()
        if changed:
            server = client.update_server(id_, update_request(changed, news))
            self._servers.renamed(server.id, server.name)
        else:
            server = client.get_server(id_)
        return outputs_from_api(server, news)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        self._reads.forget()
        self._servers.delete(self._api(recorded_configuration=True), id_)

    def _adopt(self, client: ComposioClient, server_id: str, props: Mapping[str, Any]) -> McpServer:
        """Take over an existing server instead of creating one, then make it match the
        program, as a create would; a ``name`` left out keeps the server's name."""
        server = client.get_live_server(server_id)
        if server is None:
            raise AdoptionFailed(
                f"adopt_server_id: no live Composio MCP server has id {server_id!r}; check the "
                "id in the Composio dashboard, or remove adopt_server_id to create a new server"
            )
        changed = changed_properties(server.model_dump(), props)
        if not changed:
            return server
        return client.update_server(server.id, update_request(changed, props))
