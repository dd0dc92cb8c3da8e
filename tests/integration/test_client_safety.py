"""Every endpoint method of the client sends exactly the safeties it declares, on the wire.

The request core tags each request with its safety (an ``httpx`` request extension); a
transport here writes the tags down while each public method runs against the emulator. A
method that sent a create while declaring a read, or declared a create it never sends,
fails here, and so does a new endpoint method without a call below.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest

from pulumi_composio.api._safety import SAFETY_EXTENSION, Safety, declared_safety
from pulumi_composio.api.client import ComposioClient, RetryPolicy
from pulumi_composio.api.models import (
    AuthConfigSpec,
    CreateAuthConfigRequest,
    CreateCustomServerRequest,
    CreateSessionRequest,
    GenerateUrlsRequest,
    PatchProjectConfigRequest,
    PatchSessionRequest,
    ToolkitRef,
    UpdateAuthConfigRequest,
    UpdateServerRequest,
    UpsertCustomToolkitRequest,
    UpsertTriggerRequest,
    WebhookSubscriptionRequest,
)
from pulumi_composio.emulator import RunningEmulator
from tests.support.client_endpoints import endpoint_methods
from tests.support.connected_accounts import seed_connected_account
from tests.support.emulator_calls import ClientFactory
from tests.support.emulator_keys import API_KEY


class SafetyTags(httpx.HTTPTransport):
    """A real network transport that writes down the safety each request was sent with."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, Safety]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.sent.append((request.method, Safety(request.extensions[SAFETY_EXTENSION])))
        return super().handle_request(request)


@dataclass(frozen=True)
class Made:
    """What the calls below act on, made before any is recorded."""

    server_id: str
    config_id: str
    session_id: str
    trigger_id: str
    subscription_id: str


ISSUES = "GITHUB_ISSUE_ADDED_EVENT"
HOOK = WebhookSubscriptionRequest(
    webhook_url="https://hooks.example.com/composio", enabled_events=["composio.trigger.message"]
)
KIT = UpsertCustomToolkitRequest(
    slug="safety kit",
    toolkit_config={
        "name": "Safety",
        "app_url": "https://mcp.example.com/mcp",
        "auth_schemes": [{"mode": "NO_AUTH"}],
    },
)


def managed_config(name: str) -> CreateAuthConfigRequest:
    return CreateAuthConfigRequest(
        toolkit=ToolkitRef(slug="github"),
        auth_config=AuthConfigSpec(type="use_composio_managed_auth", name=name),
    )


Call = Callable[[ComposioClient, Made], object]
CALLS: dict[str, Call] = {
    "create_custom_server": lambda c, _: c.create_custom_server(
        CreateCustomServerRequest(name="made once", toolkits=["github"])
    ),
    "create_custom_server_idempotently": lambda c, _: c.create_custom_server_idempotently(
        CreateCustomServerRequest(name="made exactly once", toolkits=["github"])
    ),
    "get_server": lambda c, m: c.get_server(m.server_id),
    "get_live_server": lambda c, m: c.get_live_server(m.server_id),
    "update_server": lambda c, m: c.update_server(m.server_id, UpdateServerRequest(name="renamed")),
    "delete_server": lambda c, m: c.delete_server(m.server_id),
    "list_servers": lambda c, _: list(c.list_servers()),
    "list_servers_page": lambda c, _: c.list_servers_page(2, page_size=1),
    "find_servers_by_exact_name": lambda c, _: c.find_servers_by_exact_name("safety target"),
    "list_servers_named_like": lambda c, _: c.list_servers_named_like("safety"),
    "generate_urls": lambda c, m: c.generate_urls(
        GenerateUrlsRequest(mcp_server_id=m.server_id, user_ids=["user-1"])
    ),
    "create_auth_config": lambda c, _: c.create_auth_config(managed_config("made once")),
    "create_auth_config_idempotently": lambda c, _: c.create_auth_config_idempotently(
        managed_config("made exactly once")
    ),
    "find_auth_configs_by_exact_name": lambda c, _: c.find_auth_configs_by_exact_name(
        "safety config", "github"
    ),
    "get_auth_config": lambda c, m: c.get_auth_config(m.config_id),
    "update_auth_config": lambda c, m: c.update_auth_config(
        m.config_id, UpdateAuthConfigRequest(type="default", name="renamed config")
    ),
    "set_auth_config_status": lambda c, m: c.set_auth_config_status(m.config_id, "DISABLED"),
    "delete_auth_config": lambda c, m: c.delete_auth_config(m.config_id),
    "list_auth_configs": lambda c, _: list(c.list_auth_configs(toolkit_slug="github")),
    "list_auth_configs_page": lambda c, _: c.list_auth_configs_page(toolkit_slug="github"),
    "get_toolkit": lambda c, _: c.get_toolkit("github"),
    "list_toolkits": lambda c, _: list(c.list_toolkits()),
    "get_tool": lambda c, _: c.get_tool("GITHUB_CREATE_ISSUE"),
    "list_tools": lambda c, _: list(c.list_tools(toolkit_slug="github")),
    "create_session": lambda c, _: c.create_session(CreateSessionRequest(user_id="user-1")),
    "get_session": lambda c, m: c.get_session(m.session_id),
    "patch_session": lambda c, m: c.patch_session(
        m.session_id, PatchSessionRequest(tags=["readOnlyHint"])
    ),
    "delete_session": lambda c, m: c.delete_session(m.session_id),
    "list_sessions_page": lambda c, _: c.list_sessions_page(user_ids=["user-1"]),
    "get_trigger_type": lambda c, _: c.get_trigger_type(ISSUES),
    "list_trigger_types": lambda c, _: list(c.list_trigger_types(toolkit_slugs=["github"])),
    "upsert_trigger": lambda c, _: c.upsert_trigger(
        ISSUES, UpsertTriggerRequest(user_id="user-1", trigger_config={"owner": "a", "repo": "c"})
    ),
    "set_trigger_enabled": lambda c, m: c.set_trigger_enabled(m.trigger_id, False),
    "delete_trigger": lambda c, m: c.delete_trigger(m.trigger_id),
    "get_trigger": lambda c, m: c.get_trigger(m.trigger_id),
    "list_triggers_page": lambda c, _: c.list_triggers_page(user_ids=["user-1"]),
    "create_webhook_subscription": lambda c, _: c.create_webhook_subscription(HOOK),
    "get_webhook_subscription": lambda c, m: c.get_webhook_subscription(m.subscription_id),
    "list_webhook_subscriptions_page": lambda c, _: c.list_webhook_subscriptions_page(),
    "update_webhook_subscription": lambda c, m: c.update_webhook_subscription(
        m.subscription_id, WebhookSubscriptionRequest(version="V2")
    ),
    "delete_webhook_subscription": lambda c, m: c.delete_webhook_subscription(m.subscription_id),
    "rotate_webhook_secret": lambda c, m: c.rotate_webhook_secret(m.subscription_id),
    "list_webhook_event_types": lambda c, _: c.list_webhook_event_types(),
    "get_project_config": lambda c, _: c.get_project_config(),
    "update_project_config": lambda c, _: c.update_project_config(
        PatchProjectConfigRequest(display_name="Safety")
    ),
    "upsert_custom_toolkit": lambda c, _: c.upsert_custom_toolkit(KIT),
    "delete_custom_toolkit": lambda c, _: c.delete_custom_toolkit("CUSTOM_SAFETY_KIT"),
}


def _a_trigger(emulator: RunningEmulator, client: ComposioClient) -> str:
    seed_connected_account(emulator, "user-1")
    request = UpsertTriggerRequest(user_id="user-1", trigger_config={"owner": "a", "repo": "b"})
    return client.upsert_trigger(ISSUES, request).trigger_id


def test_every_endpoint_method_has_a_call_here() -> None:
    assert set(CALLS) == set(endpoint_methods())


@pytest.mark.parametrize("name", sorted(endpoint_methods()))
def test_an_endpoint_sends_exactly_the_safeties_it_declares(
    name: str, emulator: RunningEmulator, make_client: ClientFactory
) -> None:
    setup = make_client()
    made = Made(
        server_id=setup.create_custom_server(
            CreateCustomServerRequest(name="safety target", toolkits=["github"])
        ).id,
        config_id=setup.create_auth_config(managed_config("safety config")).auth_config.id,
        session_id=setup.create_session(CreateSessionRequest(user_id="user-1")).session_id,
        trigger_id=_a_trigger(emulator, setup),
        subscription_id=""
        if name == "create_webhook_subscription"
        else setup.create_webhook_subscription(HOOK).id,
    )
    if name == "delete_custom_toolkit":
        setup.upsert_custom_toolkit(KIT)
    tags = SafetyTags()
    with ComposioClient(
        API_KEY, base_url=emulator.url, transport=tags, retry=RetryPolicy(max_attempts=1)
    ) as client:
        CALLS[name](client, made)

    sent = {safety for _, safety in tags.sent}
    assert sent == declared_safety(endpoint_methods()[name]), tags.sent
    for method, safety in tags.sent:
        assert (safety is Safety.READ) == (method == "GET"), tags.sent
