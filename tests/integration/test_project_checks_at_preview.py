"""The checks at preview of Trigger and WebhookSubscription ask Composio only about new
inputs: a preview of a program that did not change (every ``pulumi preview`` and ``up`` of a
stack at rest) makes no call, whatever defaults the declaration leaves out."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.dynamic import Config

from pulumi_composio.core.dynamic_provider import ResourceService
from pulumi_composio.emulator import EmulatorAdmin, RunningEmulator
from pulumi_composio.triggers.service import TriggerService
from pulumi_composio.webhook_subscriptions.service import WebhookSubscriptionService
from tests.support.api_log import api_calls
from tests.support.emulator_keys import API_KEY


@pytest.fixture
def config(emulator: RunningEmulator) -> Config:
    return Config(
        raw_config={"composio:apiKey": API_KEY, "composio:baseUrl": emulator.url},
        project_name="integration",
    )


CASES = {
    "a trigger with no config": (
        TriggerService,
        {"slug": "SLACK_RECEIVE_MESSAGE", "user_id": "bot"},
    ),
    "a trigger with its config": (
        TriggerService,
        {
            "slug": "GITHUB_ISSUE_ADDED_EVENT",
            "user_id": "bot",
            "trigger_config": {"owner": "acme", "repo": "api"},
        },
    ),
    "a subscription with no version": (
        WebhookSubscriptionService,
        {
            "webhook_url": "https://hooks.example.com/x",
            "enabled_events": ["composio.trigger.message"],
        },
    ),
    "a subscription with its version": (
        WebhookSubscriptionService,
        {
            "webhook_url": "https://hooks.example.com/x",
            "enabled_events": ["composio.trigger.message"],
            "version": "V2",
        },
    ),
}


@pytest.mark.parametrize(("service_class", "declared"), CASES.values(), ids=list(CASES))
def test_checking_unchanged_inputs_asks_composio_nothing(
    config: Config,
    admin: EmulatorAdmin,
    service_class: type[ResourceService],
    declared: dict[str, Any],
) -> None:
    service = service_class(config)
    first = service.check({}, dict(declared))
    assert first.problems == []
    admin.clear_requests()

    again = service.check(dict(first.inputs), dict(declared))

    assert again.problems == []
    assert api_calls(admin.requests()) == []
