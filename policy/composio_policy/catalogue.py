"""Composio's catalogue as the policies need it: each tool's toolkit and tags, each toolkit's
tools, a server's toolkits and tools; asked through the project's lookup service, configured
as the provider is (stack config ``composio:apiKey``, ``composio:baseUrl``... else
``COMPOSIO_API_KEY``, ``COMPOSIO_BASE_URL``...), and kept for the run: the pack lives for one
``preview`` or ``up``, and asks about each toolkit and tool once.

Out of reach (no key, a refused key, no network), the first failure is kept and every later
question fails at once with it, without asking again: the policies that need the catalogue
say so once in full and fail, never pass unchecked.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

from pulumi.dynamic import Config

from pulumi_composio.api.models import ComposioTool
from pulumi_composio.errors import ComposioError, NothingFound
from pulumi_composio.lookups.service import LookupService

__all__ = [
    "Catalogue",
    "CatalogueOutOfReach",
    "ComposioCatalogue",
    "ServerFacts",
    "ToolFacts",
]

T = TypeVar("T")


@dataclass(frozen=True)
class ToolFacts:
    """A tool's toolkit and Composio's tags on it (MCP hints such as ``destructiveHint``)."""

    slug: str
    toolkit: str
    tags: frozenset[str]


@dataclass(frozen=True)
class ServerFacts:
    """A live server's toolkits and allowed tools, read by its id."""

    id: str
    toolkits: list[str]
    allowed_tools: list[str]


class CatalogueOutOfReach(Exception):
    """Composio's catalogue could not be read; ``first`` is whether this is the first time
    the run says so (the message then says why and how to fix it)."""

    def __init__(self, reason: str, *, first: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.first = first


class Catalogue(Protocol):
    """What the policies ask; :class:`ComposioCatalogue` answers from Composio's API."""

    def tools(self, slugs: Collection[str]) -> Mapping[str, ToolFacts]:
        """The facts of those of ``slugs`` that exist."""
        ...

    def toolkit_tools(self, toolkit: str) -> Mapping[str, ToolFacts]:
        """Every tool of ``toolkit``."""
        ...

    def server(self, server_id: str) -> ServerFacts | None:
        """The live server ``server_id``, or ``None`` when there is none."""
        ...


class _CatalogueLookups(LookupService):
    """The lookup service, with the two tool listings the policies read tags from."""

    def tools_named(self, slugs: Collection[str]) -> list[ToolFacts]:
        """One ``GET /tools?tool_slugs=...`` per 100 tools."""
        return [_facts(tool) for tool in self._api().list_tools(tool_slugs=slugs)]

    def tools_of(self, toolkit: str) -> list[ToolFacts]:
        """One ``GET /tools?toolkit_slug=...`` per 100 tools."""
        return [_facts(tool) for tool in self._api().list_tools(toolkit_slug=toolkit)]


def _facts(tool: ComposioTool) -> ToolFacts:
    return ToolFacts(tool.slug, tool.toolkit.slug, frozenset(tool.tags))


class ComposioCatalogue:
    """:class:`Catalogue` over Composio's API, kept for the run; safe to share between the
    threads pulumi-policy analyses resources on."""

    def __init__(self, config: Callable[[], Mapping[str, str]]) -> None:
        """``config`` gives the stack's ``composio:*`` configuration when first needed (the
        engine sends it after the pack starts)."""
        self._config = config
        self._lookups: _CatalogueLookups | None = None
        self._tools: dict[str, ToolFacts | None] = {}
        self._toolkits: dict[str, dict[str, ToolFacts]] = {}
        self._servers: dict[str, ServerFacts | None] = {}
        self._failure: str | None = None
        self._lock = threading.RLock()

    def tools(self, slugs: Collection[str]) -> Mapping[str, ToolFacts]:
        with self._lock:
            missing = sorted({slug for slug in slugs if slug not in self._tools})
            if missing:
                found = {fact.slug: fact for fact in self._ask(lambda s: s.tools_named(missing))}
                for slug in missing:
                    self._tools[slug] = found.get(slug)
            return {slug: fact for slug in slugs if (fact := self._tools.get(slug)) is not None}

    def toolkit_tools(self, toolkit: str) -> Mapping[str, ToolFacts]:
        with self._lock:
            if toolkit not in self._toolkits:
                listed = self._ask(lambda s: s.tools_of(toolkit))
                self._toolkits[toolkit] = {fact.slug: fact for fact in listed}
                self._tools.update(self._toolkits[toolkit])
            return self._toolkits[toolkit]

    def server(self, server_id: str) -> ServerFacts | None:
        with self._lock:
            if server_id not in self._servers:
                self._servers[server_id] = self._ask(lambda s: _server(s, server_id))
            return self._servers[server_id]

    def _ask(self, question: Callable[[_CatalogueLookups], T]) -> T:
        if self._failure is not None:
            raise CatalogueOutOfReach(self._failure, first=False)
        try:
            if self._lookups is None:
                raw = {key: value for key, value in self._config().items() if value}
                self._lookups = _CatalogueLookups(Config(raw_config=raw, project_name=""))
            return question(self._lookups)
        except (ComposioError, OSError) as error:
            self._failure = str(error) or type(error).__name__
            raise CatalogueOutOfReach(self._failure, first=True) from None


def _server(lookups: _CatalogueLookups, server_id: str) -> ServerFacts | None:
    try:
        found = lookups.get_custom_mcp_server(id=server_id)
    except NothingFound:
        return None
    return ServerFacts(server_id, list(found["toolkits"]), list(found["allowed_tools"]))
