"""The provider's rules for the webhook subscription's inputs, as plain functions.

Composio delivers a project's events (trigger messages, expired connections) to one
subscription: where (``webhook_url``: https, or http to this machine for a local receiver),
which (``enabled_events``, a set) and in which payload ``version``. Every field changes in
place with one ``PATCH``. The signing ``secret`` is an output kept in state from creation,
since Composio shows it whole only when it makes one; ``keepers``, a map of anything the
secret should follow (as in pulumi-random), rotates it in place when it changes.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from typing import Any, Final
from urllib.parse import urlsplit

from ..api.models import WebhookSubscription, WebhookSubscriptionRequest
from ..core.input_rules import (
    REPLACE_ON_CHANGES,
    InputProblem,
    adopt_id_problems,
    describe,
    is_checkable,
    is_unknown,
    normalised_set,
    replace_on_changes_problems,
    requested_replacements,
)
from ..core.operations import Changes

__all__ = [
    "INPUTS",
    "PATCHED",
    "VERSIONS",
    "changed_properties",
    "check_inputs",
    "diff_inputs",
    "event_problems",
    "outputs_from_api",
    "request_for",
]

VERSIONS: Final = ("V1", "V2", "V3")
DEFAULT_VERSION: Final = "V3"
PATCHED: Final = ("webhook_url", "enabled_events", "version")
"""What ``PATCH /webhook_subscriptions/{id}`` changes."""
INPUTS: Final = (*PATCHED, "keepers")

_LOOPBACK_NAMES: Final = frozenset({"localhost"})


def check_inputs(
    olds: Mapping[str, Any], news: Mapping[str, Any]
) -> tuple[dict[str, Any], list[InputProblem]]:
    """Validate and normalise the subscription's inputs: one problem per property, naming
    the field and the fix; ``enabled_events`` become a sorted set."""
    problems = _url_problems(news.get("webhook_url"))
    problems += _events_problems(news.get("enabled_events"))
    version = news.get("version")
    if is_checkable(version) and version not in VERSIONS:
        problems.append(
            InputProblem(
                "version",
                f"version must be one of {', '.join(VERSIONS)} (the payload format; default "
                f"{DEFAULT_VERSION}), not {describe(version)}",
            )
        )
    problems += _keepers_problems(news.get("keepers"))
    problems += adopt_id_problems(
        "adopt_webhook_subscription_id",
        news.get("adopt_webhook_subscription_id"),
        what="webhook subscription (whs_...)",
    )
    problems += replace_on_changes_problems(news.get(REPLACE_ON_CHANGES), INPUTS)
    inputs = dict(news)
    if not problems:
        inputs["enabled_events"] = normalised_set(news.get("enabled_events"))
    return inputs, problems


def event_problems(
    events: Sequence[Any], version: str, known: Mapping[str, Sequence[str]]
) -> list[InputProblem]:
    """Why ``events`` name an event type Composio lacks (``known``: each event type with the
    versions that carry it) or one ``version`` does not deliver, with a did-you-mean."""
    from ..core.catalogue import did_you_mean

    problems = []
    for event in events:
        if is_unknown(event):
            continue
        versions = known.get(event)
        if versions is None:
            problems.append(
                InputProblem(
                    "enabled_events",
                    f"enabled_events: Composio has no event type {event!r}"
                    f"{did_you_mean(event, known)}; its event types: {', '.join(known)} "
                    "(get_webhook_event_types lists them)",
                )
            )
        elif version not in versions:
            problems.append(
                InputProblem(
                    "enabled_events",
                    f"enabled_events: {event} is not delivered in version {version}: set "
                    f"version to one of {', '.join(versions)}, or leave the event out",
                )
            )
    return problems


def changed_properties(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    """The inputs whose declared value differs from the subscription's (``olds``: its
    outputs in state)."""
    return [
        prop
        for prop in INPUTS
        if is_unknown(news.get(prop))
        or _declared(prop, news.get(prop)) != _declared(prop, olds.get(prop))
    ]


def diff_inputs(olds: Mapping[str, Any], news: Mapping[str, Any]) -> Changes:
    """Every change is in place (a ``PATCH``, or a rotation for ``keepers``), unless
    ``replace_on_changes`` names it."""
    changed = changed_properties(olds, news)
    return Changes(changed=changed, replaces=requested_replacements(changed, news))


def request_for(inputs: Mapping[str, Any], props: Sequence[str]) -> WebhookSubscriptionRequest:
    """The body setting ``props`` (of :data:`PATCHED`) as declared."""
    fields: dict[str, Any] = {}
    for prop in props:
        if prop == "version":
            fields["version"] = inputs.get("version") or DEFAULT_VERSION
        elif prop == "enabled_events":
            fields["enabled_events"] = list(inputs.get("enabled_events") or [])
        elif prop == "webhook_url":
            fields["webhook_url"] = inputs.get("webhook_url")
    return WebhookSubscriptionRequest(**fields)


def outputs_from_api(
    subscription: WebhookSubscription, inputs: Mapping[str, Any], *, secret: str | None = None
) -> dict[str, Any]:
    """The subscription's outputs: its live fields in the inputs' words, ``keepers`` as
    declared, and the signing secret: ``secret`` when given (a create's or rotation's), the
    answer's when Composio shows it whole, else the one in state."""
    shown = subscription.secret if subscription.secret and "*" not in subscription.secret else None
    return {
        "webhook_url": subscription.webhook_url,
        "enabled_events": sorted(set(subscription.enabled_events)),
        "version": subscription.version,
        "keepers": inputs.get("keepers"),
        "adopt_webhook_subscription_id": inputs.get("adopt_webhook_subscription_id"),
        "secret": secret or shown or inputs.get("secret"),
        "created_at": subscription.created_at,
    }


def _declared(prop: str, value: Any) -> Any:
    if prop == "version":
        return value or DEFAULT_VERSION
    if prop == "enabled_events":
        return normalised_set(value)
    if prop == "keepers":
        return dict(value) if value else None
    return value


def _url_problems(value: Any) -> list[InputProblem]:
    if value is None:
        return [
            InputProblem(
                "webhook_url",
                "webhook_url is required: the https URL Composio delivers the project's events to",
            )
        ]
    if not is_checkable(value):
        return []
    if not isinstance(value, str):
        return [InputProblem("webhook_url", f"webhook_url must be a URL, not {describe(value)}")]
    parts = urlsplit(value)
    if parts.scheme == "https" and parts.hostname:
        return []
    if parts.scheme == "http" and parts.hostname and _is_loopback(parts.hostname):
        return []
    return [
        InputProblem(
            "webhook_url",
            f"webhook_url {value[:80]!r} must be an https URL (plain http only to this "
            "machine, such as http://127.0.0.1:8000/hook for a local receiver)",
        )
    ]


def _is_loopback(host: str) -> bool:
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _events_problems(value: Any) -> list[InputProblem]:
    fix = 'such as ["composio.trigger.message"] (get_webhook_event_types lists them)'
    if value is None:
        return [InputProblem("enabled_events", f"enabled_events is required: the events, {fix}")]
    if not is_checkable(value) and not isinstance(value, list | tuple):
        return []
    if not isinstance(value, list | tuple) or not value:
        shown = "an empty list" if isinstance(value, list | tuple) else describe(value)
        return [
            InputProblem(
                "enabled_events",
                f"enabled_events must be a list of event types, {fix}, not {shown}",
            )
        ]
    for index, item in enumerate(value):
        if is_checkable(item) and not (isinstance(item, str) and item):
            return [
                InputProblem(
                    "enabled_events",
                    f"enabled_events[{index}] must be an event type, {fix}, not {describe(item)}",
                )
            ]
    return []


def _keepers_problems(value: Any) -> list[InputProblem]:
    if is_checkable(value) and not isinstance(value, Mapping):
        return [
            InputProblem(
                "keepers",
                "keepers must be a map of strings, any change to which rotates the secret "
                f'(such as {{"rotated": "2026-01"}}), not {describe(value)}',
            )
        ]
    return []
