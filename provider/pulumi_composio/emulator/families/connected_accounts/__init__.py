"""Connected accounts, as far as triggers and sessions need them: Composio's
``/connected_accounts`` routes (:mod:`.routes`) for schemes that connect without a browser
(API key, bearer token, basic, no auth), and an admin route that seeds an account of any
scheme, OAuth included, as if its user had finished connecting."""

from __future__ import annotations

from ...family import Family
from .records import NAME
from .routes import admin_routes, admin_view, connected_account_routes

__all__ = ["FAMILY"]

FAMILY = Family(
    name=NAME,
    api_routes=connected_account_routes,
    admin_view=admin_view,
    admin_routes=admin_routes,
)
