"""The catalogue endpoints of :class:`~pulumi_composio.ComposioClient`: toolkits and tools.

Composio's catalogue is read-only, so every call here is retried like any read. Listings
follow ``next_cursor`` to the end: a lookup that stopped at the first page would call a
toolkit's later tools unknown.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from ._requests import EndpointGroup, item_path
from ._safety import Safety, endpoint
from .models import ComposioTool, ComposioToolkit, ToolkitList, ToolkitSummary, ToolList

__all__ = ["CATALOGUE_PAGE_SIZE", "CatalogueEndpoints"]

CATALOGUE_PAGE_SIZE = 100
"""Items per page of a catalogue listing; a tool's answer holds its input schema, so pages of
a hundred stay a few hundred kilobytes."""


class CatalogueEndpoints(EndpointGroup):
    """``/toolkits`` and ``/tools``: what Composio offers, and how each toolkit authenticates."""

    @endpoint(Safety.READ)
    def get_toolkit(self, slug: str) -> ComposioToolkit:
        """``GET /toolkits/{slug}``; an unknown slug raises :class:`~.errors.NotFound`."""
        path = item_path("/toolkits", slug, "slug")
        return self._requests.request("GET", path, safety=Safety.READ, model=ComposioToolkit)

    @endpoint(Safety.READ)
    def list_toolkits(
        self,
        *,
        category: str | None = None,
        search: str | None = None,
        page_size: int = CATALOGUE_PAGE_SIZE,
    ) -> Iterator[ToolkitSummary]:
        """``GET /toolkits``, every page, lazily: those of ``category`` (a category slug) and
        matching ``search`` (slug, name or description), if given."""
        params = _query(page_size, category=category, search=search)
        return self._requests.cursor_pages("/toolkits", ToolkitList, params, lambda p: p.items)

    @endpoint(Safety.READ)
    def get_tool(self, slug: str) -> ComposioTool:
        """``GET /tools/{slug}``; an unknown slug raises :class:`~.errors.NotFound`."""
        path = item_path("/tools", slug, "slug")
        return self._requests.request("GET", path, safety=Safety.READ, model=ComposioTool)

    @endpoint(Safety.READ)
    def list_tools(
        self,
        *,
        toolkit_slug: str | None = None,
        tool_slugs: Collection[str] | None = None,
        search: str | None = None,
        page_size: int = CATALOGUE_PAGE_SIZE,
    ) -> Iterator[ComposioTool]:
        """``GET /tools``, every page, lazily: the tools of ``toolkit_slug`` matching
        ``search`` (slug, name or description), or, when ``tool_slugs`` is given, those of
        them that exist (Composio ignores the other filters then)."""
        params = _query(
            page_size,
            toolkit_slug=toolkit_slug,
            tool_slugs=",".join(sorted(tool_slugs)) if tool_slugs else None,
            query=search,
        )
        return self._requests.cursor_pages("/tools", ToolList, params, lambda p: p.items)


def _query(page_size: int, **filters: str | None) -> dict[str, str | int]:
    if page_size < 1:
        raise ValueError("page_size must be at least 1")
    params: dict[str, str | int] = {"limit": page_size}
    params.update({key: value for key, value in filters.items() if value})
    return params
