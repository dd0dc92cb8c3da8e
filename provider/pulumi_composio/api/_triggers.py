"""The trigger endpoints of :class:`~pulumi_composio.ComposioClient`: trigger types (the
catalogue's events) and trigger instances (a type set up on one connected account).

Composio keeps one instance per trigger type and connected account, so an upsert sent twice
is the same as once: it is retried like any idempotent request, and needs no lookup after
an unknown outcome. There is no route for one instance: it is read from the active list,
disabled ones included, filtered by its id.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ._requests import item_path
from ._safety import Safety, endpoint
from ._versions import V31EndpointGroup
from .models import (
    DeletedTrigger,
    ManagedTrigger,
    TriggerInstance,
    TriggerInstanceList,
    TriggerType,
    TriggerTypeList,
    UpsertedTrigger,
    UpsertTriggerRequest,
)

__all__ = ["TriggersEndpoints"]

_PAGE_SIZE = 100


class TriggersEndpoints(V31EndpointGroup):
    """``/triggers_types`` and ``/trigger_instances``, on Composio's v3.1 routes."""

    @endpoint(Safety.READ)
    def get_trigger_type(self, slug: str) -> TriggerType:
        """``GET /triggers_types/{slug}``; an unknown slug raises :class:`~.errors.NotFound`."""
        path = self._url(item_path("/triggers_types", slug, "slug"))
        return self._requests.request("GET", path, safety=Safety.READ, model=TriggerType)

    @endpoint(Safety.READ)
    def list_trigger_types(
        self, *, toolkit_slugs: Sequence[str] | None = None, page_size: int = _PAGE_SIZE
    ) -> Iterator[TriggerType]:
        """``GET /triggers_types``, every page, lazily: those of ``toolkit_slugs`` if given."""
        params: dict[str, str | int] = {"limit": page_size}
        if toolkit_slugs:
            params["toolkit_slugs"] = ",".join(toolkit_slugs)
        return self._requests.cursor_pages(
            self._url("/triggers_types"), TriggerTypeList, params, lambda page: page.items
        )

    @endpoint(Safety.IDEMPOTENT)
    def upsert_trigger(self, slug: str, request: UpsertTriggerRequest) -> UpsertedTrigger:
        """``POST /trigger_instances/{slug}/upsert``: the instance of ``slug`` on the account,
        made or set up anew; the same request twice leaves one instance."""
        path = self._url(item_path("/trigger_instances", slug, "slug") + "/upsert")
        return self._requests.request(
            "POST",
            path,
            safety=Safety.IDEMPOTENT,
            model=UpsertedTrigger,
            body=request.to_body(),
        )

    @endpoint(Safety.IDEMPOTENT)
    def set_trigger_enabled(self, trigger_id: str, enabled: bool) -> ManagedTrigger:
        """``PATCH /trigger_instances/manage/{id}`` with ``status`` ``enable`` or ``disable``."""
        return self._requests.request(
            "PATCH",
            self._manage_path(trigger_id),
            safety=Safety.IDEMPOTENT,
            model=ManagedTrigger,
            body={"status": "enable" if enabled else "disable"},
        )

    @endpoint(Safety.IDEMPOTENT)
    def delete_trigger(self, trigger_id: str) -> DeletedTrigger:
        """``DELETE /trigger_instances/manage/{id}``; an absent one raises
        :class:`~.errors.NotFound`."""
        return self._requests.request(
            "DELETE", self._manage_path(trigger_id), safety=Safety.IDEMPOTENT, model=DeletedTrigger
        )

    @endpoint(Safety.READ)
    def get_trigger(self, trigger_id: str) -> TriggerInstance | None:
        """The instance ``trigger_id``, enabled or not, from ``GET /trigger_instances/active``;
        ``None`` when it is gone."""
        if not trigger_id:
            raise ValueError("trigger_id must not be empty")
        found = self.list_triggers_page(trigger_ids=[trigger_id], page_size=1)
        return next((item for item in found.items if item.id == trigger_id), None)

    @endpoint(Safety.READ)
    def list_triggers_page(
        self,
        cursor: str | None = None,
        *,
        trigger_ids: Sequence[str] | None = None,
        trigger_names: Sequence[str] | None = None,
        user_ids: Sequence[str] | None = None,
        connected_account_ids: Sequence[str] | None = None,
        page_size: int = _PAGE_SIZE,
    ) -> TriggerInstanceList:
        """One page of ``GET /trigger_instances/active``, disabled instances included, filtered
        by whichever of the lists are given."""
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        params: dict[str, str | int] = {"limit": page_size, "show_disabled": "true"}
        for name, values in (
            ("trigger_ids", trigger_ids),
            ("trigger_names", trigger_names),
            ("user_ids", user_ids),
            ("connected_account_ids", connected_account_ids),
        ):
            if values:
                params[name] = ",".join(values)
        if cursor:
            params["cursor"] = cursor
        return self._requests.request(
            "GET",
            self._url("/trigger_instances/active"),
            safety=Safety.READ,
            model=TriggerInstanceList,
            params=params,
        )

    def _manage_path(self, trigger_id: str) -> str:
        return self._url(item_path("/trigger_instances/manage", trigger_id, "trigger_id"))
