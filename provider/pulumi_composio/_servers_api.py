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

from ._retry import RetryPolicy, Safety, Verdict, judge_status
from ._transport import OutcomeUnknown, Transport
from .errors import (
    AmbiguousCreateError,
    ComposioApiError,
    ComposioError,
    ComposioTransportError,
    DuplicateServerName,
    InvalidResponse,
)
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

__all__ = ["DEFAULT_PAGE_SIZE", "ServersEndpoints"]

DEFAULT_PAGE_SIZE = 50

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
        max_creates: int | None = None,
        known_ids: Collection[str] | None = None,
    ) -> CreatedCustomServer | McpServer:
        """Create a server exactly once, even when answers get lost.

        Before the first POST it notes which servers already carry ``request.name``, so
        that a stranger's server is never mistaken for ours; a caller that has just looked
        them up passes their ids as ``known_ids`` and saves the call. After an ambiguous POST
        it looks the name up again: exactly one new server is the one we made and is
        returned; none means the POST did not land and it is sent again; several raise
        :class:`DuplicateServerName` naming their ids.

        Busy APIs fail lookups too (a rate limiter, a dropped connection), so a lookup that
        fails for such a passing reason is tried again, with backoff, rather than leaving the
        user to rerun ``pulumi up``. All of this happens within the retry policy's
        ``max_elapsed`` (60 s by default) from the first POST, and within ``max_creates``
        POSTs if given; only when that budget is spent, or a lookup fails for good (say a
        revoked key), does :class:`AmbiguousCreateError` say the outcome stayed unknown.
        """
        known = (
            set(known_ids)
            if known_ids is not None
            else {server.id for server in self.find_servers_by_exact_name(request.name)}
        )
        budget = _CreateBudget(self._transport.retry, max_creates)
        while True:
            try:
                return self.create_custom_server(request)
            except AmbiguousCreateError as error:
                unknown = error
            ours = self._find_new_server(unknown, known, budget)
            if ours is not None:
                return ours
            if not budget.allows_another_create():
                raise unknown

    def _find_new_server(
        self, unknown: AmbiguousCreateError, known: set[str], budget: _CreateBudget
    ) -> McpServer | None:
        """After an ambiguous create: the one new server with its name, or ``None``."""
        _log.warning(
            "Create of MCP server %r had an unknown outcome (%s); looking it up by name",
            unknown.name,
            unknown.cause,
        )
        while True:
            budget.wait_before_lookup()
            try:
                matches = self.find_servers_by_exact_name(unknown.name)
                break
            except ComposioError as lookup_failure:
                if not (_passing(lookup_failure) and budget.allows_another_lookup()):
                    raise AmbiguousCreateError(unknown.name, lookup_failure) from unknown
                _log.warning(
                    "Looking up MCP server %r failed (%s); trying again",
                    unknown.name,
                    lookup_failure,
                )
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


class _CreateBudget:
    """How long an idempotent create may keep resolving unknown outcomes, and its waits.

    The clock starts at the first POST. Every wait is a full-jitter backoff that grows with
    the number of lookups so far, so runners that failed together do not retry together.
    """

    def __init__(self, retry: RetryPolicy, max_creates: int | None) -> None:
        self._retry = retry
        self._started = retry.monotonic()
        self._max_creates = max_creates
        self._creates = 1
        self._lookups = 0

    def wait_before_lookup(self) -> None:
        """Give a slow commit time to show, and a busy API time to calm down."""
        self._lookups += 1
        self._retry.sleep(self._retry.backoff(self._lookups))

    def allows_another_lookup(self) -> bool:
        return self._time_left()

    def allows_another_create(self) -> bool:
        if self._max_creates is not None and self._creates >= self._max_creates:
            return False
        if not self._time_left():
            return False
        self._creates += 1
        return True

    def _time_left(self) -> bool:
        return self._retry.monotonic() - self._started < self._retry.max_elapsed


def _passing(failure: ComposioError) -> bool:
    """A failure that a later try may not meet: no answer, a 5xx, a 408, 409 or 429."""
    if isinstance(failure, ComposioTransportError):
        return True
    if isinstance(failure, ComposioApiError):
        return judge_status(failure.status, Safety.IDEMPOTENT) is Verdict.RETRY
    return False


def _items(page: ServerList) -> list[McpServer]:
    return page.items


def _server_path(server_id: str) -> str:
    if not server_id:
        raise ValueError("server_id must not be empty")
    return "/mcp/" + urllib.parse.quote(server_id, safe="")
