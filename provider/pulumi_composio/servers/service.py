"""The work behind :class:`~pulumi_composio.CustomMcpServer`, done in the plugin process.

:class:`ServerService` is made by the provider's ``configure`` from the stack config and
holds what must never be pickled: the settings with the API key, the name index and the
read listing. Each method is one provider operation, in as few API calls as it can.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

from pulumi.dynamic import Config

from ..api.client import ComposioClient
from ..api.models import CreatedCustomServer, McpServer
from ..core.listing import ListingReader
from ..core.name_index import NameIndex
from ..core.operations import Changes, Checked, Found
from ..core.service import ServiceBase
from ..errors import AdoptionFailed, NameTaken, NotFound
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


def _live_names(client: ComposioClient) -> Iterator[tuple[str, str]]:
    return ((server.name, server.id) for server in _live_servers(client))


def _ids_named(client: ComposioClient, name: str) -> list[str]:
    return [server.id for server in client.find_servers_by_exact_name(name)]


def _server_id(server: McpServer) -> str:
    return server.id


class ServerService(ServiceBase):
    """CRUD for Composio custom MCP servers, for one plugin process.

    A create is one ``POST`` (after one listing of the project per process, see
    :mod:`.._name_index`); reads after the first come from one listing per process (see
    :mod:`.._listing`); an update is one ``PATCH``; a delete one ``DELETE``.
    """

    def __init__(self, config: Config) -> None:
        super().__init__(config)
        self._names = NameIndex(_live_names, _ids_named)
        self._reads = ListingReader(_live_servers, ComposioClient.get_server, _server_id)
        self._state_ids: dict[str, str] = {}
        """The id each resource (by its default name) has in state, as its diff saw it."""
        self._made: set[str] = set()
        """Ids this process's creates answered. The engine deletes one of them only when a
        replacement came back with the very object it replaces (taken back or adopted, as
        ``pulumi up --replace`` of an unchanged resource does), so :meth:`delete` keeps it."""

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> Checked:
        """The input rules, then, for valid inputs, whether Composio knows the toolkit and
        tool slugs that are new or changed against ``olds`` (the inputs in state), so a
        mistyped slug fails the preview; unchanged ones cost no call (see
        :mod:`..core.catalogue`)."""
        inputs, problems = check_inputs(olds, news)
        if problems:
            return Checked(inputs, problems)
        toolkits, tools = new_slugs(olds, inputs)
        verdict = self._checked_slugs(toolkits, tools, declared=known_items(inputs.get("toolkits")))
        warnings = [verdict.warning] if verdict.warning else []
        return Checked(inputs, verdict.problems, warnings)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> Changes:
        """Every change can be one ``PATCH``: only ``replace_on_changes`` replaces a server,
        and the new one is created first under the same name (see :meth:`_create`)."""
        self._state_ids[news.get("default_name") or ""] = id_
        return diff_inputs(olds, news)

    def create(self, props: dict[str, Any]) -> Found:
        client = self._api()
        self._reads.forget()
        adopt_id = props.get("adopt_server_id")
        if adopt_id:
            server: McpServer | CreatedCustomServer = self._adopt(client, adopt_id, props)
            self._names.rename(server.id, server.name)
        else:
            server = self._create(client, props)
        self._made.add(server.id)
        return Found(server.id, outputs_from_api(server, props))

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
            self._names.rename(server.id, server.name)
        else:
            server = client.get_server(id_)
        return outputs_from_api(server, news)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        if id_ in self._made:
            return
        self._reads.forget()
        with contextlib.suppress(NotFound):
            self._api(recorded_configuration=True).delete_server(id_)
        self._names.discard(id_)

    def _create(
        self, client: ComposioClient, props: Mapping[str, Any]
    ) -> McpServer | CreatedCustomServer:
        """POST a new server, unless one with its name is already there.

        A server carrying this resource's own default name, and exactly the declared
        configuration, is what an earlier run of this stack leaves behind when it is
        interrupted before recording the server (a killed ``pulumi up``), so it is taken
        back rather than duplicated. Any other server with the declared name may be someone
        else's: rather than make a second server of that name or take theirs, the error
        names it and how to adopt it. The server this one replaces (``replace_on_changes``)
        is not someone else's: it keeps holding the name until Pulumi deletes it after this
        create, as for an auth config (see ``AuthConfigService.create``).
        """
        name = props["name"]
        replaced = self._state_ids.get(props.get("default_name") or "")
        with self._names.claim(client, name) as claim:
            if claim.held_elsewhere:
                raise NameTaken(
                    f"name: another resource of this stack is creating a server named {name!r}; "
                    "give each resource its own name"
                )
            holders = [server_id for server_id in claim.ids if server_id != replaced]
            if len(holders) == 1 and name == props.get("default_name"):
                orphan = client.get_server(holders[0])
                if not changed_properties(orphan.model_dump(), props):
                    return orphan
            if holders:
                raise NameTaken(
                    f"name: a Composio MCP server named {name!r} already exists "
                    f"({', '.join(holders)}); if an interrupted `pulumi up` made it, or to "
                    "manage it with this resource, set adopt_server_id to its id; otherwise "
                    "choose another name (if it is this resource's own server, being replaced "
                    "by `pulumi up --replace`, set its delete_before_replace resource option "
                    "for that run)"
                )
            created = client.create_custom_server_idempotently(
                create_request(props), known_ids=claim.ids
            )
            self._names.add(name, created.id)
        return created

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
