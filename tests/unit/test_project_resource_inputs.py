"""The input rules of Trigger, WebhookSubscription, ProjectSettings and CustomToolkit, as
plain functions: what check refuses before any call, and what a diff changes or replaces."""

from __future__ import annotations

from typing import Any

from pulumi_composio.custom_toolkits import inputs as toolkits
from pulumi_composio.project_settings import inputs as settings
from pulumi_composio.triggers import inputs as triggers
from pulumi_composio.webhook_subscriptions import inputs as hooks

ISSUE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"owner": {"type": "string"}, "repo": {"type": "string"}},
    "required": ["owner", "repo"],
}
TRIGGER = {"slug": "github_issue_added_event", "user_id": "bot", "trigger_config": {"owner": "a"}}


def reasons(problems: list[Any]) -> str:
    return " | ".join(problem.reason for problem in problems)


def test_a_trigger_needs_a_slug_and_a_user_or_an_account() -> None:
    _, problems = triggers.check_inputs({}, {})
    assert "slug is required" in reasons(problems)
    assert "give user_id" in reasons(problems)


def test_a_trigger_slug_is_upper_cased_as_composio_keeps_it() -> None:
    checked, problems = triggers.check_inputs({}, TRIGGER)
    assert problems == []
    assert checked["slug"] == "GITHUB_ISSUE_ADDED_EVENT"


def test_a_trigger_config_is_checked_against_the_type_schema_naming_the_field() -> None:
    found = reasons(triggers.config_problems("X", ISSUE_SCHEMA, {"owner": 3, "rpo": "b"}))
    assert "trigger_config.repo is required by X" in found
    assert "trigger_config.rpo is not a config field of X: use owner, repo" in found
    assert "trigger_config.owner must be string, not the number 3" in found


def test_a_new_trigger_config_or_enabled_is_in_place_and_a_new_account_replaces() -> None:
    olds = {**TRIGGER, "slug": "GITHUB_ISSUE_ADDED_EVENT", "connected_account_id": "ca_1"}
    olds["enabled"] = True
    news = {**olds, "trigger_config": {"owner": "b"}, "enabled": False}
    changes = triggers.diff_inputs(olds, news)
    assert changes.changed == ["trigger_config", "enabled"]
    assert changes.replaces == []
    assert triggers.diff_inputs(olds, {**olds, "connected_account_id": "ca_2"}).replaces == [
        "connected_account_id"
    ]


def test_an_account_resolved_from_the_user_is_not_a_change() -> None:
    olds = {**TRIGGER, "connected_account_id": "ca_1", "enabled": True}
    news = {**TRIGGER, "slug": "GITHUB_ISSUE_ADDED_EVENT"}
    assert triggers.diff_inputs(olds, news).changed == []


def test_a_webhook_url_is_https_or_http_to_this_machine() -> None:
    base = {"enabled_events": ["composio.trigger.message"]}
    for url in ("https://hooks.example.com/x", "http://127.0.0.1:9000/x", "http://localhost/x"):
        assert hooks.check_inputs({}, {**base, "webhook_url": url})[1] == []
    _, problems = hooks.check_inputs({}, {**base, "webhook_url": "http://hooks.example.com/x"})
    assert "must be an https URL" in reasons(problems)


def test_webhook_events_are_checked_against_composios_event_types_with_a_did_you_mean() -> None:
    known = {"composio.trigger.message": ["V1", "V2", "V3"], "composio.x.expired": ["V3"]}
    found = reasons(hooks.event_problems(["composio.trigger.mesage"], "V3", known))
    assert "did you mean `composio.trigger.message`" in found
    found = reasons(hooks.event_problems(["composio.x.expired"], "V1", known))
    assert "not delivered in version V1" in found


def test_new_keepers_rotate_in_place_and_reordered_events_change_nothing() -> None:
    olds = {
        "webhook_url": "https://h.example/x",
        "enabled_events": ["a", "b"],
        "version": "V3",
        "keepers": {"k": "1"},
    }
    assert hooks.diff_inputs(olds, {**olds, "enabled_events": ["b", "a", "a"]}).changed == []
    changes = hooks.diff_inputs(olds, {**olds, "keepers": {"k": "2"}})
    assert changes.changed == ["keepers"]
    assert changes.replaces == []


def test_project_settings_manage_only_what_is_declared() -> None:
    olds = {"require_mcp_api_key": True, "display_name": "Old"}
    assert settings.diff_inputs(olds, {"require_mcp_api_key": True}).changed == []
    assert settings.diff_inputs(olds, {"require_mcp_api_key": False}).changed == [
        "require_mcp_api_key"
    ]
    body = settings.patch_request({"is_2fa_enabled": True}, ["is_2fa_enabled"]).to_body()
    assert body == {"is_2FA_enabled": True}


def test_project_settings_refuse_bad_values_and_an_empty_declaration() -> None:
    _, problems = settings.check_inputs(
        {}, {"log_visibility_setting": "none", "logo_url": "http://x", "is_2fa_enabled": "yes"}
    )
    found = reasons(problems)
    assert "show_all or dont_store_data" in found
    assert "logo_url must be an https URL" in found
    assert "is_2fa_enabled must be true or false" in found
    assert "declare at least one setting" in reasons(settings.check_inputs({}, {})[1])


def test_a_custom_toolkit_slug_is_composios_custom_slug() -> None:
    assert toolkits.custom_slug("acme docs") == "CUSTOM_ACME_DOCS"
    assert toolkits.custom_slug("CUSTOM_ACME") == "CUSTOM_ACME"


def test_custom_toolkit_auth_schemes_are_checked_per_mode() -> None:
    base = {"slug": "acme", "name": "Acme", "app_url": "https://mcp.acme.example/mcp"}
    bad = {"API_KEY": {"headers": {"Authorization": "Bearer"}}, "OAUTH2": {}}
    found = reasons(toolkits.check_inputs({}, {**base, "auth_schemes": bad})[1])
    assert "'OAUTH2' is not a mode" in found or "{{generic_api_key}}" in found
    assert toolkits.check_inputs({}, base)[1] == []


def test_a_custom_toolkit_replaces_under_its_slug_what_composio_cannot_change() -> None:
    olds = {"slug": "acme", "name": "Acme", "app_url": "https://a.example/mcp"}
    renamed = toolkits.diff_inputs(olds, {**olds, "name": "Acme 2"})
    assert renamed.changed == ["name"]
    assert renamed.replaces == []
    moved = toolkits.diff_inputs(olds, {**olds, "app_url": "https://b.example/mcp"})
    assert moved.replaces == ["app_url"]
    assert moved.delete_before_replace
    copy = {"API_KEY": {"headers": {"A": "{{generic_api_key}}"}}}
    relabelled = {"API_KEY": {**copy["API_KEY"], "api_key_field": {"display_name": "Key"}}}
    olds_key = {**olds, "auth_schemes": copy}
    assert toolkits.diff_inputs(olds_key, {**olds_key, "auth_schemes": relabelled}).replaces == []
