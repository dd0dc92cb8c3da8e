"""The services of Trigger, WebhookSubscription, ProjectSettings and CustomToolkit against
the emulator, and the functions over the trigger catalogue: one lifecycle each, with what
refresh sees of a change made elsewhere."""

from __future__ import annotations

import pytest
from pulumi.dynamic import Config

from pulumi_composio.api.client import ComposioClient
from pulumi_composio.api.models import (
    PatchProjectConfigRequest,
    UpsertCustomToolkitRequest,
    WebhookSubscriptionRequest,
)
from pulumi_composio.core.dynamic_provider import check_and_ask
from pulumi_composio.custom_toolkits.service import CustomToolkitService
from pulumi_composio.emulator import RunningEmulator
from pulumi_composio.errors import AlreadyExists, ComposioApiError, NothingFound
from pulumi_composio.lookups.service import LookupService
from pulumi_composio.project_settings.service import ProjectSettingsService
from pulumi_composio.triggers.service import TriggerService
from pulumi_composio.webhook_subscriptions.service import WebhookSubscriptionService
from tests.support.connected_accounts import seed_connected_account
from tests.support.emulator_calls import ClientFactory
from tests.support.emulator_keys import API_KEY

HOOK = {
    "webhook_url": "https://hooks.example.com/x",
    "enabled_events": ["composio.trigger.message"],
}


@pytest.fixture
def config(emulator: RunningEmulator) -> Config:
    return Config(
        raw_config={"composio:apiKey": API_KEY, "composio:baseUrl": emulator.url},
        project_name="integration",
    )


@pytest.fixture
def api(make_client: ClientFactory) -> ComposioClient:
    return make_client()


def test_a_trigger_is_checked_made_changed_in_place_seen_drifting_and_deleted(
    emulator: RunningEmulator, config: Config, api: ComposioClient
) -> None:
    seed_connected_account(emulator, "bot")
    service = TriggerService(config)
    mistyped = check_and_ask(service, {}, {"slug": "GITHUB_ISSUE_ADDD_EVENT", "user_id": "bot"})
    assert "did you mean `GITHUB_ISSUE_ADDED_EVENT`" in mistyped.problems[0].reason
    checked = check_and_ask(
        service,
        {},
        {"slug": "github_issue_added_event", "user_id": "bot", "trigger_config": {"owner": "a"}},
    )
    assert "trigger_config.repo is required" in checked.problems[0].reason
    inputs = {**checked.inputs, "trigger_config": {"owner": "a", "repo": "b"}}
    made = service.create(inputs)
    assert made.id.startswith("ti_")
    assert made.outputs["connected_account_id"].startswith("ca_")

    news = {**inputs, "trigger_config": {"owner": "a", "repo": "c"}, "enabled": False}
    assert service.diff(made.id, made.outputs, news).replaces == []
    updated = service.update(made.id, made.outputs, news)
    assert updated["trigger_config"] == {"owner": "a", "repo": "c"}
    assert not updated["enabled"]
    assert api.get_trigger(made.id).enabled is False  # type: ignore[union-attr]

    api.set_trigger_enabled(made.id, True)
    assert service.read(made.id, news).outputs["enabled"] is True
    service.delete(made.id, news)
    service.delete(made.id, news)
    assert service.read(made.id, news).id == ""


def test_the_webhook_subscription_keeps_its_secret_rotates_it_on_keepers_and_is_one(
    config: Config, api: ComposioClient
) -> None:
    service = WebhookSubscriptionService(config)
    made = service.create(check_and_ask(service, {}, HOOK).inputs)
    secret = made.outputs["secret"]
    assert secret
    assert "*" not in secret

    second = check_and_ask(service, {}, HOOK)
    assert f"adopt_webhook_subscription_id to {made.id!r}" in second.problems[0].reason
    with pytest.raises(AlreadyExists, match="adopt_webhook_subscription_id"):
        service.create(HOOK)

    rotated = service.update(made.id, made.outputs, {**HOOK, "keepers": {"k": "2"}})
    assert rotated["secret"] not in (None, secret)
    api.update_webhook_subscription(made.id, WebhookSubscriptionRequest(version="V2"))
    assert service.read(made.id, rotated).outputs["version"] == "V2"
    adopted = WebhookSubscriptionService(config).create(
        {**HOOK, "adopt_webhook_subscription_id": made.id}
    )
    assert adopted.outputs["version"] == "V3"
    assert adopted.outputs["secret"] == rotated["secret"]
    service.delete(made.id, {})
    assert service.read(made.id, {}).id == ""


def test_project_settings_patch_only_what_is_declared_and_destroy_changes_nothing(
    config: Config, api: ComposioClient
) -> None:
    api.update_project_config(PatchProjectConfigRequest(display_name="Kept"))
    service = ProjectSettingsService(config)
    made = service.create({"require_mcp_api_key": False})
    assert made.id == "project"
    assert set(made.outputs) == {"require_mcp_api_key", "settings"}
    api.update_project_config(PatchProjectConfigRequest(require_mcp_api_key=True))
    read = service.read("project", {"require_mcp_api_key": False})
    assert read.outputs["require_mcp_api_key"] is True
    service.delete("project", {"require_mcp_api_key": False})
    after = api.get_project_config()
    assert after.display_name == "Kept"
    assert after.require_mcp_api_key is True


def test_a_custom_toolkit_is_upserted_read_from_the_catalogue_and_deleted(
    config: Config, api: ComposioClient
) -> None:
    service = CustomToolkitService(config)
    inputs = {"slug": "acme docs", "name": "Acme", "app_url": "https://mcp.acme.example/mcp"}
    made = service.create(check_and_ask(service, {}, inputs).inputs)
    assert made.id == "CUSTOM_ACME_DOCS" == made.outputs["toolkit_slug"]
    renamed = service.update(made.id, made.outputs, {**inputs, "name": "Acme 2"})
    assert service.read(made.id, renamed).outputs["name"] == "Acme 2"
    moved = {**inputs, "app_url": "https://other.example/mcp"}
    with pytest.raises(ComposioApiError, match="declare the ones it has, or delete it"):
        service.update(made.id, renamed, moved)
    api.upsert_custom_toolkit(
        UpsertCustomToolkitRequest(
            slug="acme docs",
            toolkit_config={
                "name": "Renamed elsewhere",
                "app_url": "https://mcp.acme.example/mcp",
                "auth_schemes": [{"mode": "NO_AUTH"}],
            },
        )
    )
    assert service.read(made.id, renamed).outputs["name"] == "Renamed elsewhere"
    service.delete(made.id, {})
    assert service.read(made.id, {}).id == ""


def test_the_trigger_and_event_type_functions(config: Config) -> None:
    lookups = LookupService(config)
    assert lookups.get_trigger_types("slack")["slugs"] == ["SLACK_RECEIVE_MESSAGE"]
    kind = lookups.get_trigger_type("GITHUB_ISSUE_ADDED_EVENT")
    assert kind["required_config_fields"] == ["owner", "repo"]
    assert kind["toolkit"] == "github"
    with pytest.raises(NothingFound, match="did you mean `GITHUB_COMMIT_EVENT`"):
        lookups.get_trigger_type("GITHUB_COMIT_EVENT")
    events = lookups.get_webhook_event_types()
    assert "composio.trigger.message" in events["event_types"]
    assert events["versions"]["composio.trigger.message"] == "V1,V2,V3"
