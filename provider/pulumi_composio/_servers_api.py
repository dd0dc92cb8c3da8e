"""The MCP server endpoints of :class:`~pulumi_composio.ComposioClient`.

Creating a server is the delicate part: Composio has no idempotency key, so a create
that times out after it was sent might have made a server.
:meth:`ServersEndpoints.create_custom_server` therefore never re-sends in that case and
raises :class:`AmbiguousCreateError`; :meth:`ServersEndpoints.create_custom_server_idempotently`
resolves the ambiguity by looking the server up by its exact name before trying again.
"""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Collection, Iterator, Sequence

from ._transport import OutcomeUnknown, Transport
from .errors import AmbiguousCreateError, ComposioError, DuplicateServerName, InvalidResponse
from .models import (
    CreateCustomServerRequest,
    CreatedCustomServer,
    DeleteResult,
    GenerateUrlsRequest,
    GenerateUrlsResponse,
    McpServer,
    OrderBy,
    OrderDirection,
    ServerList,
    UpdateServerRequest,
)

__all__ = ["DEFAULT_MAX_CREATES", "DEFAULT_PAGE_SIZE", "ServersEndpoints"]

DEFAULT_PAGE_SIZE = 50
DEFAULT_MAX_CREATES = 3

_log = logging.getLogger("pulumi_composio.client")


class ServersEndpoints:
    """``/mcp/...``: custom MCP servers and their per-user URLs."""

    _transport: Transport

    def create_custom_server(self, request: CreateCustomServerRequest) -> CreatedCustomServer:
        """``POST /mcp/servers/custom``: create a server, sending it at most once for sure.

        The request is re-sent only when Composio certainly did not act on it (see
        :mod:`pulumi_composio._retry`). Otherwise this raises :class:`AmbiguousCreateError`
        carrying ``request.name``; so does a 2xx answer we cannot read, since the server
        then exists but we do not know its id.
        """
        try:
            return self._transport.create(
                "/mcp/servers/custom", CreatedCustomServer, request.to_body()
            )
        except OutcomeUnknown as unknown:
            raise AmbiguousCreateError(request.name, unknown.cause) from unknown.cause
        except InvalidResponse as unreadable:
            raise AmbiguousCreateError(request.name, unreadable) from unreadable

    def create_custom_server_idempotently(
        self,
        request: CreateCustomServerRequest,
        *,
        max_creates: int = DEFAULT_MAX_CREATES,
        known_ids: Collection[str] | None = None,
    ) -> CreatedCustomServer | McpServer:
        """Create a server exactly once, even when answers get lost.

        Before the first POST it notes which servers already carry ``request.name``, so
        that a stranger's server is never mistaken for ours; a caller that has just looked
        them up passes their ids as ``known_ids`` and saves the call. After an ambiguous POST it
        looks the name up again: exactly one new server is the one we made and is
        returned; none means the POST did not land and it is sent again, up to
        ``max_creates`` POSTs in all; several raise :class:`DuplicateServerName` naming
        their ids. When the lookup itself fails, :class:`AmbiguousCreateError` says so.
        """
        known = (
            set(known_ids)
            if known_ids is not None
            else {server.id for server in self.find_servers_by_exact_name(request.name)}
        )
        for create_number in range(1, max(max_creates, 1) + 1):
            try:
                return self.create_custom_server(request)
            except AmbiguousCreateError as error:
                unknown = error
            ours = self._find_new_server(unknown, known, create_number)
            if ours is not None:
                return ours
        raise unknown

    def _find_new_server(
        self, unknown: AmbiguousCreateError, known: set[str], create_number: int
    ) -> McpServer | None:
        """After an ambiguous create: the one new server with its name, or ``None``."""
        _log.warning(
            "Create of MCP server %r had an unknown outcome (%s); looking it up by name",
            unknown.name,
            unknown.cause,
        )
        retry = self._transport.retry
        retry.sleep(retry.backoff(create_number))
        try:
            matches = self.find_servers_by_exact_name(unknown.name)
        except ComposioError as lookup_failure:
            raise AmbiguousCreateError(unknown.name, lookup_failure) from unknown
        fresh = [server for server in matches if server.id not in known]
        if len(fresh) > 1:
            raise DuplicateServerName(unknown.name, [server.id for server in fresh])
        if fresh:
            _log.info("Found MCP server %r as %s; not creating it again", unknown.name, fresh[0].id)
            return fresh[0]
        return None

    def get_server(self, server_id: str) -> McpServer:
        """``GET /mcp/{id}``; a missing server raises :class:`ServerNotFound`.

        A soft-deleted server may come back with ``deleted=True``; callers decide what
        that means.
        """
        return self._transport.call("GET", _server_path(server_id), McpServer)

    def update_server(self, server_id: str, request: UpdateServerRequest) -> McpServer:
        """``PATCH /mcp/{id}`` with only the fields set on ``request``; returns the server."""
        return self._transport.call(
            "PATCH", _server_path(server_id), McpServer, body=request.to_body()
        )

    def delete_server(self, server_id: str) -> DeleteResult:
        """``DELETE /mcp/{id}`` (a soft delete); an absent server raises :class:`ServerNotFound`.

        After a retry, a 404 can also mean the first attempt did delete it.
        """
        return self._transport.call("DELETE", _server_path(server_id), DeleteResult)

    def list_servers(
        self,
        *,
        name: str | None = None,
        toolkits: Sequence[str] | None = None,
        auth_config_ids: Sequence[str] | None = None,
        order_by: OrderBy | None = None,
        order_direction: OrderDirection | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> Iterator[McpServer]:
        """``GET /mcp/servers``, every page, lazily.

        ``name`` is Composio's case-insensitive partial match; ``toolkits`` and
        ``auth_config_ids`` match any of the given values.
        """
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        params: dict[str, str | int] = {"limit": page_size}
        if name is not None:
            params["name"] = name
        if toolkits:
            params["toolkits"] = ",".join(toolkits)
        if auth_config_ids:
            params["auth_config_ids"] = ",".join(auth_config_ids)
        if order_by is not None:
            params["order_by"] = order_by
        if order_direction is not None:
            params["order_direction"] = order_direction

        def next_page(page: ServerList, page_no: int) -> dict[str, str | int] | None:
            if not page.items or page_no >= page.total_pages:
                return None
            return {**params, "page_no": page_no + 1}

        return self._transport.pages(
            "/mcp/servers", ServerList, {**params, "page_no": 1}, next_page, _items
        )

    def find_servers_by_exact_name(self, name: str) -> list[McpServer]:
        """Live servers whose name is exactly ``name`` (case-sensitive), oldest first.

        Listing oldest first keeps the pages stable while new servers are being created.
        """
        seen: set[str] = set()
        found = []
        for server in self.list_servers(name=name, order_by="created_at", order_direction="asc"):
            if server.id not in seen and server.name == name and not server.deleted:
                found.append(server)
            seen.add(server.id)
        return found

    def generate_urls(self, request: GenerateUrlsRequest) -> GenerateUrlsResponse:
        """``POST /mcp/servers/generate``: per-user and per-account URLs of a server.

        It changes nothing on the server, so it is retried like a read.
        """
        return self._transport.call(
            "POST", "/mcp/servers/generate", GenerateUrlsResponse, body=request.to_body()
        )


def _items(page: ServerList) -> list[McpServer]:
    return page.items


def _server_path(server_id: str) -> str:
    if not server_id:
        raise ValueError("server_id must not be empty")
    return "/mcp/" + urllib.parse.quote(server_id, safe="")
