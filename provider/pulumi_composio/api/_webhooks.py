"""The webhook-subscription endpoints of :class:`~pulumi_composio.ComposioClient`.

A project has one subscription: a second create is a 409 (:class:`~.errors.AlreadyExists`),
so a create whose outcome is unknown is resolved by listing the project's subscriptions, as
a server's is by its name. The signing ``secret`` comes whole with the create and each
rotation, and on these v3.1 routes with every read too.
"""

from __future__ import annotations

from ..errors import AmbiguousCreateError
from ._create import NamedCreate, create
from ._requests import item_path
from ._safety import Safety, endpoint
from ._versions import V31EndpointGroup
from .models import (
    DeletedWebhookSubscription,
    RotatedSecret,
    WebhookEventTypeList,
    WebhookSubscription,
    WebhookSubscriptionList,
    WebhookSubscriptionRequest,
)

__all__ = ["WebhookSubscriptionsEndpoints"]

_COLLECTION = "/webhook_subscriptions"


class WebhookSubscriptionsEndpoints(V31EndpointGroup):
    """``/webhook_subscriptions``, on Composio's v3.1 routes."""

    @endpoint(Safety.CREATE)
    def create_webhook_subscription(
        self, request: WebhookSubscriptionRequest
    ) -> WebhookSubscription:
        """``POST /webhook_subscriptions``, sent at most once for sure; a project that has
        one already raises :class:`~.errors.AlreadyExists`."""
        spec = NamedCreate(
            kind="webhook subscription",
            name=str(request.webhook_url),
            path=self._url(_COLLECTION),
            model=WebhookSubscription,
            body=request.to_body(),
        )
        try:
            return create(self._requests, spec)
        except AmbiguousCreateError as unknown:
            unknown.args = (
                f"Creating the webhook subscription may or may not have succeeded "
                f"({unknown.cause}); run `pulumi up` again: if it was made, the project's "
                "one subscription is then named, with how to adopt it",
            )
            raise

    @endpoint(Safety.READ)
    def get_webhook_subscription(self, subscription_id: str) -> WebhookSubscription:
        """``GET /webhook_subscriptions/{id}``; a deleted one raises :class:`~.errors.NotFound`."""
        return self._requests.request(
            "GET", self._item(subscription_id), safety=Safety.READ, model=WebhookSubscription
        )

    @endpoint(Safety.READ)
    def list_webhook_subscriptions_page(
        self, cursor: str | None = None, *, page_size: int = 50
    ) -> WebhookSubscriptionList:
        """One page of ``GET /webhook_subscriptions`` (a project has at most one)."""
        params: dict[str, str | int] = {"limit": page_size}
        if cursor:
            params["cursor"] = cursor
        return self._requests.request(
            "GET",
            self._url(_COLLECTION),
            safety=Safety.READ,
            model=WebhookSubscriptionList,
            params=params,
        )

    @endpoint(Safety.IDEMPOTENT)
    def update_webhook_subscription(
        self, subscription_id: str, request: WebhookSubscriptionRequest
    ) -> WebhookSubscription:
        """``PATCH /webhook_subscriptions/{id}``: the fields given change."""
        return self._requests.request(
            "PATCH",
            self._item(subscription_id),
            safety=Safety.IDEMPOTENT,
            model=WebhookSubscription,
            body=request.to_body(),
        )

    @endpoint(Safety.IDEMPOTENT)
    def delete_webhook_subscription(self, subscription_id: str) -> DeletedWebhookSubscription:
        """``DELETE /webhook_subscriptions/{id}``; an absent one raises
        :class:`~.errors.NotFound`."""
        return self._requests.request(
            "DELETE",
            self._item(subscription_id),
            safety=Safety.IDEMPOTENT,
            model=DeletedWebhookSubscription,
        )

    @endpoint(Safety.CREATE)
    def rotate_webhook_secret(self, subscription_id: str) -> RotatedSecret:
        """``POST /webhook_subscriptions/{id}/rotate_secret``: a new signing secret. Sent at
        most once for sure, since a second rotation would change it again; an unknown
        outcome raises, and the next read shows the secret in force."""
        return self._requests.request(
            "POST",
            self._item(subscription_id) + "/rotate_secret",
            safety=Safety.CREATE,
            model=RotatedSecret,
        )

    @endpoint(Safety.READ)
    def list_webhook_event_types(self) -> WebhookEventTypeList:
        """``GET /webhook_subscriptions/event_types``: what ``enabled_events`` may name."""
        return self._requests.request(
            "GET",
            self._url(_COLLECTION + "/event_types"),
            safety=Safety.READ,
            model=WebhookEventTypeList,
        )

    def _item(self, subscription_id: str) -> str:
        return self._url(item_path(_COLLECTION, subscription_id, "subscription_id"))
