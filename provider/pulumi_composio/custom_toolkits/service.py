"""The work behind :class:`~pulumi_composio.CustomToolkit`, done in the plugin process.

A create and an update are one upsert (Composio's ``POST /custom/toolkits/upsert``): a
slug the project has already is taken over when its ``app_url`` and auth schemes are the
declared ones (the upsert then changes only its name), and refused otherwise. Composio has
no route that reads a custom toolkit back, so a read asks the catalogue
(``GET /toolkits/{slug}``), where the toolkit is while it lives: it sees a rename or a
delete made elsewhere, not the ``app_url`` or schemes. A delete removes the toolkit with
its auth configs and connected accounts, as Composio does.
"""

from __future__ import annotations

import contextlib
from typing import Any

from ..core.operations import Changes, Checked, Found
from ..core.service import ServiceBase
from ..errors import ComposioApiError, NotFound
from .inputs import check_inputs, custom_slug, diff_inputs, outputs_for, upsert_request

__all__ = ["CustomToolkitService"]


class CustomToolkitService(ServiceBase):
    """CRUD for Composio custom toolkits, for one plugin process."""

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> Checked:
        inputs, problems = check_inputs(olds, news)
        return Checked(inputs, problems)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> Changes:
        return diff_inputs(olds, news)

    def create(self, props: dict[str, Any]) -> Found:
        """One upsert; the answer's slug (``CUSTOM_...``) is the id."""
        slug = self._upserted(props)
        return Found(slug, outputs_for(slug, props["name"], props))

    def read(self, id_: str, props: dict[str, Any]) -> Found:
        """The toolkit as the catalogue shows it; a deleted one reads as absent."""
        try:
            toolkit = self._api(recorded_configuration=True).get_toolkit(id_)
        except NotFound:
            return Found("")
        return Found(toolkit.slug, outputs_for(toolkit.slug, toolkit.name, props))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        """One upsert of the same slug: a new name or API key field copy."""
        slug = self._upserted(news)
        return outputs_for(slug, news["name"], news)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Delete the toolkit (with its auth configs and connected accounts); one already
        gone is what was wanted."""
        with contextlib.suppress(NotFound):
            self._api(recorded_configuration=True).delete_custom_toolkit(id_)

    def _upserted(self, inputs: dict[str, Any]) -> str:
        try:
            return self._api().upsert_custom_toolkit(upsert_request(inputs)).slug
        except ComposioApiError as error:
            if error.status != 409:
                raise
            slug = custom_slug(inputs["slug"])
            raise ComposioApiError(
                409,
                f"custom toolkit {slug} is registered with another app_url or auth_schemes, "
                "which Composio cannot change in place: declare the ones it has, or delete it "
                "in Composio (which also deletes its auth configs and connected accounts) and "
                "run `pulumi up` again",
                slug=error.slug,
                request_id=error.request_id,
            ) from None
