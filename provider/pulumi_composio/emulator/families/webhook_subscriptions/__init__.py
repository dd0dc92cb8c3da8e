"""The project's webhook subscription: Composio's ``/webhook_subscriptions`` routes
(:mod:`.routes`), and the signed delivery of events to its URL (:mod:`.delivery`)."""

from __future__ import annotations

from ...family import Family
from .records import NAME
from .routes import admin_view, webhook_subscription_routes

__all__ = ["FAMILY"]

FAMILY = Family(name=NAME, api_routes=webhook_subscription_routes, admin_view=admin_view)
