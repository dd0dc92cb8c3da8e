"""What ``List`` answers for each resource type: the live objects of a Composio project, paged.

The engine's ``List`` (``pulumi do <package> composio:index:<Type> list``) asks for the objects
of one type matching a query of the filters the schema declares as the type's
``listInputs``, at most ``limit`` of them, at most ``page_size`` in this one call, resuming
from the ``continuation_token`` a previous call answered. Every :class:`ResourceType` declares
its :class:`Listing`: the filters Composio's list route takes, and the function that reads
one page of that route; or, for a type Composio keeps no list of, why it cannot be listed.

A continuation token is ours alone: the Composio page it resumes (Composio's cursor, or
its page number for ``/mcp/servers``), how many of that page's live objects were already
answered, and the page size asked of Composio, which must stay the same from page to page.
Deleted objects (a soft-deleted server) are never answered, so a call may answer fewer
objects than a page holds.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from pulumi.output import Unknown

from ..core.service import ServiceBase
from ..errors import ConfigurationError, InvalidArguments
from .properties import Property

if TYPE_CHECKING:
    from ..api.client import ComposioClient

__all__ = [
    "AUTH_CONFIG_LISTING",
    "DEFAULT_PAGE_SIZE",
    "SERVER_LISTING",
    "SESSION_LISTING",
    "USER_URL_LISTING",
    "ComposioPage",
    "ListAnswer",
    "Listed",
    "Listing",
    "ListingService",
    "NotListable",
    "has_unknowns",
]

DEFAULT_PAGE_SIZE: Final = 50
"""Objects answered by one call that names no ``page_size`` (``pulumi do ... list`` without
``--all`` prints one such page), and the page size asked of Composio."""
_MAX_COMPOSIO_PAGE: Final = 100
"""The largest page every Composio list route serves."""


class NotListable(InvalidArguments):
    """``List`` of a type whose objects Composio keeps no list of."""


@dataclass(frozen=True)
class Listed:
    """One object as ``List`` answers it: an id ``pulumi import`` takes, and a name."""

    id: str
    name: str


@dataclass(frozen=True)
class ComposioPage:
    """One page of a Composio list route: its live objects, and the page after it
    (``None`` on the last)."""

    items: list[Listed]
    next_page: str | None


PageReader = Callable[["ComposioClient", Mapping[str, Any], str | None, int], ComposioPage]
"""Reads one page of a list route: ``(client, filters, page, page_size)``, where ``page`` is
a previous :class:`ComposioPage`'s ``next_page`` or ``None`` for the first, and ``filters``
are the query under the services' names."""


@dataclass(frozen=True)
class Listing:
    """How ``List`` enumerates one resource type, which every type declares."""

    description: str
    """What is listed and how, for the schema's ``listInputs`` (``pulumi do ... list --help``)."""
    filters: tuple[Property, ...] = ()
    """The query a listing takes: the filters Composio's list route takes."""
    read_page: PageReader | None = None
    """``None`` when Composio keeps no list of the type; ``List`` then fails saying
    :attr:`description`."""


@dataclass(frozen=True)
class ListAnswer:
    """What one ``List`` call answers: the objects, then the token of the rest (empty when
    there is none)."""

    items: list[Listed]
    continuation_token: str = ""


class ListingService(ServiceBase):
    """Pages through Composio's listings for the plugin's ``List``."""

    def stop_retrying(self) -> None:
        """End the retries of every request of this configuration's client, which all the
        process's services share (see :mod:`pulumi_composio.core.service`): the engine
        cancelled the run. Nothing to stop without a key."""
        try:
            client = self._api()
        except ConfigurationError:
            return
        client.stop_retrying()

    def list(
        self,
        listing: Listing,
        filters: Mapping[str, Any],
        *,
        limit: int = 0,
        page_size: int = 0,
        continuation_token: str = "",
    ) -> ListAnswer:
        """At most ``limit`` (if positive) and ``page_size`` (if positive, else
        :data:`DEFAULT_PAGE_SIZE`) live objects matching ``filters``, from where
        ``continuation_token`` left off."""
        if listing.read_page is None:
            raise NotListable(listing.description)
        wanted = page_size if page_size > 0 else DEFAULT_PAGE_SIZE
        if limit > 0:
            wanted = min(wanted, limit)
        where = _Position.decode(continuation_token, page_size)
        client = self._api()
        read_page = listing.read_page
        answered: list[Listed] = []
        for position, page in _pages(lambda p, n: read_page(client, filters, p, n), where):
            fresh = page.items[position.skip :]
            room = wanted - len(answered)
            answered += fresh[:room]
            if len(fresh) > room:
                return ListAnswer(answered, position.skipping(room).encode())
            if page.next_page is None:
                return ListAnswer(answered)
            if len(answered) == wanted:
                return ListAnswer(answered, _Position(page.next_page, 0, position.size).encode())
        raise AssertionError("unreachable: _pages ends only at the last page")


@dataclass(frozen=True)
class _Position:
    """Where a listing resumes: a Composio page, how many of its objects were answered,
    and the page size asked of Composio."""

    page: str | None
    skip: int
    size: int

    @classmethod
    def decode(cls, token: str, page_size: int) -> _Position:
        size = min(page_size if page_size > 0 else DEFAULT_PAGE_SIZE, _MAX_COMPOSIO_PAGE)
        if not token:
            return cls(None, 0, size)
        try:
            fields = json.loads(base64.urlsafe_b64decode(token.encode()))
            position = cls(fields["page"], fields["skip"], fields["size"])
        except (ValueError, TypeError, KeyError, binascii.Error):
            position = None
        if (
            position is None
            or not isinstance(position.page, str)
            or not isinstance(position.skip, int)
            or not isinstance(position.size, int)
            or position.skip < 0
            or not 0 < position.size <= _MAX_COMPOSIO_PAGE
        ):
            raise InvalidArguments(
                "the continuation token is not one this provider answered; list again without it"
            )
        return position

    def skipping(self, answered: int) -> _Position:
        return _Position(self.page, self.skip + answered, self.size)

    def encode(self) -> str:
        fields = {"page": self.page or "", "skip": self.skip, "size": self.size}
        return base64.urlsafe_b64encode(json.dumps(fields).encode()).decode()


def _pages(
    read: Callable[[str | None, int], ComposioPage], start: _Position
) -> Iterator[tuple[_Position, ComposioPage]]:
    """Composio's pages from ``start`` on, each with its position."""
    position = start
    while True:
        page = read(position.page or None, position.size)
        yield position, page
        if page.next_page is None:
            return
        position = _Position(page.next_page, 0, position.size)


def has_unknowns(value: Any) -> bool:
    """Whether a query holds a value the engine does not know yet, at any depth."""
    if isinstance(value, Unknown):
        return True
    if isinstance(value, Mapping):
        return any(has_unknowns(item) for item in value.values())
    if isinstance(value, list):
        return any(has_unknowns(item) for item in value)
    return False


# The listings of each type ------------------------------------------------------------


def _one(filters: Mapping[str, Any], name: str) -> list[str] | None:
    value = filters.get(name)
    return [value] if value else None


def _server_page(
    client: ComposioClient, filters: Mapping[str, Any], page: str | None, size: int
) -> ComposioPage:
    page_no = int(page) if page else 1
    found = client.list_servers_page(
        page_no,
        name=filters.get("name") or None,
        toolkits=_one(filters, "toolkit"),
        auth_config_ids=_one(filters, "auth_config_id"),
        order_by="created_at",
        order_direction="asc",
        page_size=size,
    )
    last = not found.items or page_no >= found.total_pages
    return ComposioPage(
        [Listed(server.id, server.name) for server in found.items if not server.deleted],
        None if last else str(page_no + 1),
    )


def _auth_config_page(
    client: ComposioClient, filters: Mapping[str, Any], page: str | None, size: int
) -> ComposioPage:
    found = client.list_auth_configs_page(
        page,
        toolkit_slug=filters.get("toolkit") or None,
        search=filters.get("search") or None,
        is_composio_managed=filters.get("is_composio_managed"),
        page_size=size,
    )
    return ComposioPage(
        [Listed(config.id, config.name) for config in found.items],
        found.next_cursor if found.items and found.next_cursor else None,
    )


def _session_page(
    client: ComposioClient, filters: Mapping[str, Any], page: str | None, size: int
) -> ComposioPage:
    found = client.list_sessions_page(page, user_ids=_one(filters, "user_id"), page_size=size)
    return ComposioPage(
        [
            Listed(session.session_id, str(session.config.get("user_id") or ""))
            for session in found.items
        ],
        found.next_cursor if found.items and found.next_cursor else None,
    )


SERVER_LISTING: Final = Listing(
    description=(
        "The project's live custom MCP servers, oldest first, each by id and name; deleted "
        "ones never. Every filter given must match."
    ),
    filters=(
        Property(
            "name",
            "string",
            "Only servers whose name contains this, ignoring case (Composio's match).",
        ),
        Property("toolkit", "string", "Only servers exposing this toolkit, such as github."),
        Property("auth_config_id", "string", "Only servers authenticating with this auth config."),
    ),
    read_page=_server_page,
)

AUTH_CONFIG_LISTING: Final = Listing(
    description=(
        "The project's auth configs, enabled and disabled, each by id and name; deleted ones "
        "never. Every filter given must match."
    ),
    filters=(
        Property("toolkit", "string", "Only the auth configs of this toolkit, such as github."),
        Property("search", "string", "Only auth configs whose name contains this."),
        Property(
            "is_composio_managed",
            "boolean",
            "Only Composio-managed auth configs (true) or only the team's own (false).",
        ),
    ),
    read_page=_auth_config_page,
)

SESSION_LISTING: Final = Listing(
    description=(
        "The project's live tool router sessions, oldest first, each by id and named by its "
        "user; deleted ones never."
    ),
    filters=(Property("user_id", "string", "Only the sessions of this user of your app."),),
    read_page=_session_page,
)

USER_URL_LISTING: Final = Listing(
    description=(
        "McpServerUserUrl cannot be listed: Composio keeps no record of the URLs it "
        "generates (a URL is made from its server and user on each call, and nothing exists "
        "on Composio's side to list); list the servers (CustomMcpServer) instead."
    ),
)
