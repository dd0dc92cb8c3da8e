"""What ``List`` answers for the rest of a project: triggers, the webhook subscription,
the project's settings and custom toolkits (see :mod:`.listings`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from .listings import ComposioPage, Listed, Listing
from .properties import Property

if TYPE_CHECKING:
    from ..api.client import ComposioClient

__all__ = [
    "CUSTOM_TOOLKIT_LISTING",
    "PROJECT_SETTINGS_LISTING",
    "TRIGGER_LISTING",
    "WEBHOOK_SUBSCRIPTION_LISTING",
]


def _one(filters: Mapping[str, Any], name: str) -> list[str] | None:
    value = filters.get(name)
    return [value] if value else None


def _trigger_page(
    client: ComposioClient, filters: Mapping[str, Any], page: str | None, size: int
) -> ComposioPage:
    slug = filters.get("slug")
    found = client.list_triggers_page(
        page,
        trigger_names=[slug.upper()] if isinstance(slug, str) and slug else None,
        user_ids=_one(filters, "user_id"),
        connected_account_ids=_one(filters, "connected_account_id"),
        page_size=size,
    )
    return ComposioPage(
        [Listed(item.id, f"{item.trigger_name} for {item.user_id}") for item in found.items],
        found.next_cursor if found.items and found.next_cursor else None,
    )


def _subscription_page(
    client: ComposioClient, filters: Mapping[str, Any], page: str | None, size: int
) -> ComposioPage:
    found = client.list_webhook_subscriptions_page(page, page_size=min(size, 50))
    return ComposioPage(
        [Listed(item.id, item.webhook_url) for item in found.items],
        found.next_cursor if found.items and found.next_cursor else None,
    )


def _settings_page(
    client: ComposioClient, filters: Mapping[str, Any], page: str | None, size: int
) -> ComposioPage:
    config = client.get_project_config()
    return ComposioPage([Listed("project", config.display_name or "project")], None)


def _custom_toolkit_page(
    client: ComposioClient, filters: Mapping[str, Any], page: str | None, size: int
) -> ComposioPage:
    """Every custom toolkit in one page: the catalogue's listing, filtered here."""
    return ComposioPage(
        [
            Listed(kit.slug, kit.name)
            for kit in client.list_toolkits()
            if kit.slug.upper().startswith("CUSTOM_")
        ],
        None,
    )


TRIGGER_LISTING: Final = Listing(
    description=(
        "The project's triggers, enabled and disabled, each by id and named by its trigger "
        "type and user; deleted ones never. Every filter given must match."
    ),
    filters=(
        Property("slug", "string", "Only triggers of this trigger type."),
        Property("user_id", "string", "Only the triggers of this user of your app."),
        Property("connected_account_id", "string", "Only the triggers on this account."),
    ),
    read_page=_trigger_page,
)

WEBHOOK_SUBSCRIPTION_LISTING: Final = Listing(
    description=(
        "The project's webhook subscription (Composio allows one), by id and named by its URL."
    ),
    read_page=_subscription_page,
)

PROJECT_SETTINGS_LISTING: Final = Listing(
    description=(
        "The project's settings: one object, id project, named by the project's display name."
    ),
    read_page=_settings_page,
)

CUSTOM_TOOLKIT_LISTING: Final = Listing(
    description=(
        "The project's custom toolkits, by their CUSTOM_ slug and named by their display "
        "name: the toolkits of the catalogue whose slug starts with CUSTOM_ (Composio has no "
        "list route of its own for them)."
    ),
    read_page=_custom_toolkit_page,
)
