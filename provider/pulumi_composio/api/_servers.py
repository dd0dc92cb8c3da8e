"""The MCP server endpoints of :class:`~pulumi_composio.ComposioClient`.

Creating a server is the delicate part: Composio has no idempotency key, so a create
that times out after it was sent might have made a server.
:meth:`ServersEndpoints.create_custom_server` therefore never re-sends in that case and
raises :class:`AmbiguousCreateError`; :meth:`ServersEndpoints.create_custom_server_idempotently`
resolves the ambiguity by looking the server up by its exact name before trying again. Both
are :mod:`._create`'s, shared with every other create.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from ..errors import NotFound
from ._create import KnownIds, NamedCreate, NameLookup, create, create_once
from ._requests import EndpointGroup, item_path
from ._safety import Safety, endpoint
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

__all__ = ["DEFAULT_PAGE_SIZE", "ServersEndpoints", "exact_name_matches"]

DEFAULT_PAGE_SIZE = 50
_KIND = "MCP server"


class ServersEndpoints(EndpointGroup):
    """``/mcp/...``: custom MCP servers and their per-user URLs."""

    @endpoint(Safety.CREATE)
    def create_custom_server(self, request: CreateCustomServerRequest) -> CreatedCustomServer:
        """``POST /mcp/servers/custom``: create a server, sending it at most once for sure.

        The request is re-sent only when Composio certainly did not act on it (see
        :mod:`pulumi_composio.api._retry`). Otherwise this raises :class:`AmbiguousCreateError`
        carrying ``request.name``; so does a 2xx answer we cannot read, since the server
        then exists but we do not know its id. A 409 raises :class:`AlreadyExists`.
        """
        return create(self._requests, _create_spec(request))

    @endpoint(Safety.READ, Safety.CREATE)
    def create_custom_server_idempotently(
        self,
        request: CreateCustomServerRequest,
        *,
        max_creates: int | None = None,
        known_ids: KnownIds | None = None,
        ours: Callable[[McpServer], bool] | None = None,
    ) -> CreatedCustomServer | McpServer:
        """Create a server exactly once, even when answers get lost.

        Before the first POST it notes which servers already carry ``request.name``, so
        that a stranger's server is never mistaken for ours; a caller that has just looked
        them up passes their ids as ``known_ids`` and saves the call (or a function giving
        them, asked only after an ambiguous POST; ``ours`` then recognises the server this
        create made should they already hold it). After an ambiguous POST
        it looks the name up again: exactly one new server is the one we made and is
        returned; none means the POST did not land and it is sent again; several raise
        :class:`DuplicateName` naming their ids.

        Busy APIs fail lookups too (a rate limiter, a dropped connection), so a lookup that
        fails for such a passing reason is tried again, with backoff, rather than leaving the
        user to rerun ``pulumi up``. All of this happens within the retry policy's
        ``max_elapsed`` (60 s by default) from the first POST, and within ``max_creates``
        POSTs if given; only when that budget is spent, or a lookup fails for good (say a
        revoked key), does :class:`AmbiguousCreateError` say the outcome stayed unknown.
        """
        lookup = NameLookup(
            find_named=lambda: self.find_servers_by_exact_name(request.name),
            id_of=lambda server: server.id,
            ours=ours,
        )
        return create_once(
            self._requests,
            _create_spec(request),
            lookup,
            known_ids=known_ids,
            max_creates=max_creates,
        )

    @endpoint(Safety.READ)
    def get_server(self, server_id: str) -> McpServer:
        """``GET /mcp/{id}``; a missing server raises :class:`NotFound`.

        A soft-deleted server may come back with ``deleted=True``; callers decide what
        that means.
        """
        return self._requests.request(
            "GET", _server_path(server_id), safety=Safety.READ, model=McpServer
        )

    @endpoint(Safety.READ)
    def get_live_server(self, server_id: str) -> McpServer | None:
        """``GET /mcp/{id}``; ``None`` for a server that is missing or soft-deleted."""
        try:
            server = self.get_server(server_id)
        except NotFound:
            return None
        return None if server.deleted else server

    @endpoint(Safety.IDEMPOTENT)
    def update_server(self, server_id: str, request: UpdateServerRequest) -> McpServer:
        """``PATCH /mcp/{id}`` with only the fields set on ``request``; returns the server."""
        return self._requests.request(
            "PATCH",
            _server_path(server_id),
            safety=Safety.IDEMPOTENT,
            model=McpServer,
            body=request.to_body(),
        )

    @endpoint(Safety.IDEMPOTENT)
    def delete_server(self, server_id: str) -> DeleteResult:
        """``DELETE /mcp/{id}`` (a soft delete); an absent server raises :class:`NotFound`.

        After a retry, a 404 can also mean the first attempt did delete it.
        """
        return self._requests.request(
            "DELETE", _server_path(server_id), safety=Safety.IDEMPOTENT, model=DeleteResult
        )

    @endpoint(Safety.READ)
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
        params = _list_params(name, toolkits, auth_config_ids, order_by, order_direction, page_size)

        def next_page(page: ServerList, page_no: int) -> dict[str, str | int] | None:
            if not page.items or page_no >= page.total_pages:
                return None
            return {**params, "page_no": page_no + 1}

        return self._requests.pages(
            "/mcp/servers", ServerList, {**params, "page_no": 1}, next_page, lambda page: page.items
        )

    @endpoint(Safety.READ)
    def list_servers_page(
        self,
        page_no: int = 1,
        *,
        name: str | None = None,
        toolkits: Sequence[str] | None = None,
        auth_config_ids: Sequence[str] | None = None,
        order_by: OrderBy | None = None,
        order_direction: OrderDirection | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> ServerList:
        """``GET /mcp/servers``, the one page ``page_no`` (1-based), for a caller that pages
        itself (the plugin's ``List``, resumed from a continuation token); filters as
        :meth:`list_servers`. Soft-deleted servers may be among its items."""
        if page_no < 1:
            raise ValueError("page_no must be at least 1")
        params = _list_params(name, toolkits, auth_config_ids, order_by, order_direction, page_size)
        return self._requests.request(
            "GET",
            "/mcp/servers",
            safety=Safety.READ,
            model=ServerList,
            params={**params, "page_no": page_no},
        )

    @endpoint(Safety.READ)
    def find_servers_by_exact_name(self, name: str) -> list[McpServer]:
        """Live servers whose name is exactly ``name`` (case-sensitive), oldest first."""
        return exact_name_matches(self.list_servers_named_like(name), name)

    @endpoint(Safety.READ)
    def list_servers_named_like(self, name: str) -> list[McpServer]:
        """Every page of Composio's case-insensitive partial match on ``name``, oldest first,
        each server once.

        Listing oldest first keeps the pages stable while new servers are being created; a
        server that moves between two pages anyway is counted once.
        """
        listed = self.list_servers(name=name, order_by="created_at", order_direction="asc")
        return list({server.id: server for server in listed}.values())

    @endpoint(Safety.IDEMPOTENT)
    def generate_urls(self, request: GenerateUrlsRequest) -> GenerateUrlsResponse:
        """``POST /mcp/servers/generate``: per-user and per-account URLs of a server.

        It changes nothing on the server, so it is retried like a read.
        """
        return self._requests.request(
            "POST",
            "/mcp/servers/generate",
            safety=Safety.IDEMPOTENT,
            model=GenerateUrlsResponse,
            body=request.to_body(),
        )


def exact_name_matches(servers: Iterable[McpServer], name: str) -> list[McpServer]:
    """The live ones of ``servers`` named exactly ``name``, case and all: Composio's ``name``
    filter matches any part of a name, ignoring case."""
    return [server for server in servers if server.name == name and not server.deleted]


def _list_params(
    name: str | None,
    toolkits: Sequence[str] | None,
    auth_config_ids: Sequence[str] | None,
    order_by: OrderBy | None,
    order_direction: OrderDirection | None,
    page_size: int,
) -> dict[str, str | int]:
    """The query of ``GET /mcp/servers`` but for its page number."""
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
    return params


def _create_spec(request: CreateCustomServerRequest) -> NamedCreate[CreatedCustomServer]:
    return NamedCreate(
        kind=_KIND,
        name=request.name,
        path="/mcp/servers/custom",
        model=CreatedCustomServer,
        body=request.to_body(),
    )


def _server_path(server_id: str) -> str:
    return item_path("/mcp", server_id, "server_id")
