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
    PatchSessionRequest,
    ToolkitRef,
    UpdateAuthConfigRequest,
    UpdateServerRequest,
)
from pulumi_composio.emulator import RunningEmulator
from tests.support.client_endpoints import endpoint_methods
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
}


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
    )
    tags = SafetyTags()
    with ComposioClient(
        API_KEY, base_url=emulator.url, transport=tags, retry=RetryPolicy(max_attempts=1)
    ) as client:
        CALLS[name](client, made)

    sent = {safety for _, safety in tags.sent}
    assert sent == declared_safety(endpoint_methods()[name]), tags.sent
    for method, safety in tags.sent:
        assert (safety is Safety.READ) == (method == "GET"), tags.sent
