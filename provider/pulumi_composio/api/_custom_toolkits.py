"""The custom-toolkit endpoints of :class:`~pulumi_composio.ComposioClient` (Composio's
experimental Custom MCP), on the v3.1 routes, the only ones that have them.

An upsert of a slug the project has changes only its display metadata, so it is retried as
an idempotent request; one that would change its ``app_url`` or ``auth_schemes`` is a 409
(:class:`~.errors.AlreadyExists`): those need the toolkit deleted and registered again.
Composio has no route that reads one back: the toolkit is read from the catalogue
(``GET /toolkits/{slug}``), where it is while it lives.
"""

from __future__ import annotations

from ._requests import item_path
from ._safety import Safety, endpoint
from ._versions import V31EndpointGroup
from .models import DeletedCustomToolkit, UpsertCustomToolkitRequest, UpsertedCustomToolkit

__all__ = ["CustomToolkitsEndpoints"]

_CONFLICT = frozenset({409})
"""A slug held with another ``app_url`` or ``auth_schemes``: final, never retried."""


class CustomToolkitsEndpoints(V31EndpointGroup):
    """``/custom/toolkits``, on Composio's v3.1 routes."""

    @endpoint(Safety.IDEMPOTENT)
    def upsert_custom_toolkit(self, request: UpsertCustomToolkitRequest) -> UpsertedCustomToolkit:
        """``POST /custom/toolkits/upsert``: the answer's ``slug`` (``CUSTOM_...``) is the one
        to use with Composio."""
        return self._requests.request(
            "POST",
            self._url("/custom/toolkits/upsert"),
            safety=Safety.IDEMPOTENT,
            model=UpsertedCustomToolkit,
            body=request.to_body(),
            final=_CONFLICT,
        )

    @endpoint(Safety.IDEMPOTENT)
    def delete_custom_toolkit(self, slug: str) -> DeletedCustomToolkit:
        """``DELETE /custom/toolkits/{slug}``, with its auth configs and connected accounts;
        an absent one raises :class:`~.errors.NotFound`."""
        return self._requests.request(
            "DELETE",
            self._url(item_path("/custom/toolkits", slug, "slug")),
            safety=Safety.IDEMPOTENT,
            model=DeletedCustomToolkit,
        )
