"""The work behind :class:`~pulumi_composio.WebhookSubscription`, done in the plugin process.

Composio keeps one subscription per project: ``check`` refuses a second one at preview,
naming the one there and how to adopt it, and a create that meets one anyway (made in the
meantime) fails with the same advice. A create is one ``POST``, whose answer carries the
signing secret that Composio will not show again at v3; an update is one ``PATCH`` of the
changed fields and, for new ``keepers``, one rotation.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from ..api.client import ComposioClient
from ..api.models import WebhookSubscription
from ..core.input_rules import InputProblem, is_unknown
from ..core.operations import Changes, Checked, Found
from ..core.preview_checks import asked_at_preview
from ..core.service import ServiceBase
from ..errors import AdoptionFailed, AlreadyExists, NotFound
from .inputs import (
    DEFAULT_VERSION,
    PATCHED,
    changed_properties,
    check_inputs,
    diff_inputs,
    event_problems,
    outputs_from_api,
    request_for,
)

__all__ = ["WebhookSubscriptionService", "how_to_adopt"]


def how_to_adopt(subscription_id: str) -> str:
    """What to do when the project has a subscription already."""
    return (
        f"the project already has a webhook subscription, {subscription_id}, and Composio "
        "allows one per project: take it over by setting adopt_webhook_subscription_id to "
        f"{subscription_id!r} (or run `pulumi import composio:index:WebhookSubscription "
        f"<name> {subscription_id}`), or delete it first"
    )


class WebhookSubscriptionService(ServiceBase):
    """CRUD for the project's webhook subscription, for one plugin process."""

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> Checked:
        return Checked(*check_inputs(olds, news))

    def asked(self, olds: dict[str, Any], inputs: dict[str, Any]) -> Checked:
        """The event types, when ``enabled_events`` or ``version`` are new (one call), and,
        for a subscription to create, whether the project has one already (one call)."""
        problems: list[InputProblem] = []
        warnings: list[str] = []
        events, version = inputs.get("enabled_events"), inputs.get("version") or DEFAULT_VERSION
        if (
            isinstance(events, list)
            and not is_unknown(version)
            and (
                events != olds.get("enabled_events")
                or version != (olds.get("version") or DEFAULT_VERSION)
            )
        ):
            known, warning = asked_at_preview(
                "webhook event types",
                lambda: {
                    kind.event_type: kind.supported_versions
                    for kind in self._api().list_webhook_event_types().items
                },
            )
            warnings += [warning] if warning else []
            if known is not None:
                problems += event_problems(events, version, known)
        if not olds and not inputs.get("adopt_webhook_subscription_id"):
            existing, warning = asked_at_preview(
                "the project's webhook subscription",
                lambda: self._api().list_webhook_subscriptions_page(page_size=1).items,
            )
            warnings += [warning] if warning else []
            if existing:
                problems.append(InputProblem("", how_to_adopt(existing[0].id)))
        return Checked(inputs, problems, warnings)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> Changes:
        return diff_inputs(olds, news)

    def create(self, props: dict[str, Any]) -> Found:
        """Adopt the subscription ``adopt_webhook_subscription_id`` names, or create it."""
        client = self._api()
        adopt_id = props.get("adopt_webhook_subscription_id")
        if adopt_id:
            return self._adopt(client, adopt_id, props)
        try:
            made = client.create_webhook_subscription(request_for(props, PATCHED))
        except AlreadyExists:
            existing = client.list_webhook_subscriptions_page(page_size=1).items
            if not existing:
                raise
            raise AlreadyExists(409, how_to_adopt(existing[0].id)) from None
        return Found(made.id, outputs_from_api(made, props, secret=made.secret))

    def read(self, id_: str, props: dict[str, Any]) -> Found:
        """The live subscription; a deleted one reads as absent. The secret is Composio's
        when its answer shows it whole, else the one kept in state."""
        try:
            subscription = self._api(recorded_configuration=True).get_webhook_subscription(id_)
        except NotFound:
            return Found("")
        return Found(subscription.id, outputs_from_api(subscription, props))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        """One ``PATCH`` of the changed fields; a rotation when ``keepers`` changed."""
        client = self._api()
        changed = changed_properties(olds, news)
        patched = [prop for prop in changed if prop in PATCHED]
        subscription = (
            client.update_webhook_subscription(id_, request_for(news, patched))
            if patched
            else client.get_webhook_subscription(id_)
        )
        secret = client.rotate_webhook_secret(id_).secret if "keepers" in changed else None
        state = {**news, "secret": olds.get("secret")}
        return outputs_from_api(subscription, state, secret=secret)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Delete the subscription; one already gone is what was wanted."""
        with contextlib.suppress(NotFound):
            self._api(recorded_configuration=True).delete_webhook_subscription(id_)

    def _adopt(
        self, client: ComposioClient, subscription_id: str, props: Mapping[str, Any]
    ) -> Found:
        """Take over the project's subscription, then make it match the program; its secret
        is Composio's (whole in the v3.1 answer), or a new one when the answer masks it."""
        try:
            live: WebhookSubscription = client.get_webhook_subscription(subscription_id)
        except NotFound:
            raise AdoptionFailed(
                f"adopt_webhook_subscription_id: the project has no webhook subscription "
                f"{subscription_id!r}; `pulumi do composio composio:index:WebhookSubscription "
                "list` shows the one it has, or remove adopt_webhook_subscription_id to create "
                "one"
            ) from None
        current = outputs_from_api(live, {})
        patched = [p for p in changed_properties(current, props) if p in PATCHED]
        if patched:
            live = client.update_webhook_subscription(subscription_id, request_for(props, patched))
        secret = current.get("secret")
        if not secret:
            secret = client.rotate_webhook_secret(subscription_id).secret
        return Found(live.id, outputs_from_api(live, props, secret=secret))
