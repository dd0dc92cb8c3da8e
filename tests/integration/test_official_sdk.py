"""The official ``composio-client`` SDK, unchanged, against the emulator.

The emulator is only worth trusting if it answers like Composio does, and the SDK's
Stainless-generated models are Composio's own description of those answers. Responses
are validated strictly (``_strict_response_validation=True``), so a missing or mistyped
field in the emulator fails here instead of being papered over.
"""

from __future__ import annotations

import composio_client
import pytest

from pulumi_composio.emulator import EmulatorAdmin, RunningEmulator
from tests.support.api_log import api_requests
from tests.support.emulator_keys import READ_ONLY_KEY
from tests.support.official_sdk import official_sdk, refused_with_a_wrong_key

NAME = "sdk made server"


@pytest.fixture
def sdk_prefix() -> None:
    """The SDK's own paths (``/api/v3.1``), unmoved: the other prefix is the other modules'."""


def test_sdk_create_retrieve_update_list_delete(
    composio: composio_client.Composio, admin: EmulatorAdmin
) -> None:
    created = composio.mcp.custom.create(
        name=NAME,
        toolkits=["github", "slack"],
        allowed_tools=["GITHUB_CREATE_ISSUE"],
        auth_config_ids=["ac_github_default"],
        managed_auth_via_composio=True,
    )
    assert created.name == NAME
    assert created.allowed_tools == ["GITHUB_CREATE_ISSUE"]
    assert created.id in created.mcp_url
    assert created.mcp_url in created.commands.cursor

    got = composio.mcp.retrieve(created.id)
    assert got.id == created.id
    assert got.toolkits == ["github", "slack"]
    assert got.auth_config_ids == ["ac_github_default"]
    assert got.managed_auth_via_composio is True
    assert got.deleted is False
    assert set(got.toolkit_icons) == {"github", "slack"}

    updated = composio.mcp.update(created.id, name="sdk renamed", toolkits=["linear"])
    assert updated.name == "sdk renamed"
    assert updated.toolkits == ["linear"]
    assert updated.allowed_tools == ["GITHUB_CREATE_ISSUE"], "fields not sent stay"

    listed = composio.mcp.list(name="RENAMED", limit=10, page_no=1)
    assert [item.id for item in listed.items] == [created.id]
    assert listed.current_page == 1
    assert listed.total_pages == 1

    deleted = composio.mcp.delete(created.id)
    assert deleted.id == created.id
    assert deleted.deleted is True
    assert composio.mcp.retrieve(created.id).deleted is True
    assert composio.mcp.list().items == []

    log = [(r["method"], r["path"], r["status"]) for r in admin.requests()]
    assert log == [
        ("POST", "/api/v3.1/mcp/servers/custom", 201),
        ("GET", f"/api/v3.1/mcp/{created.id}", 200),
        ("PATCH", f"/api/v3.1/mcp/{created.id}", 200),
        ("GET", "/api/v3.1/mcp/servers", 200),
        ("DELETE", f"/api/v3.1/mcp/{created.id}", 200),
        ("GET", f"/api/v3.1/mcp/{created.id}", 200),
        ("GET", "/api/v3.1/mcp/servers", 200),
    ]


def test_sdk_list_filters_and_pages(composio: composio_client.Composio) -> None:
    for name, toolkits, auth in [
        ("sdk one", ["github"], ["ac_1"]),
        ("sdk two", ["slack"], ["ac_2"]),
        ("sdk three", ["github", "gmail"], []),
    ]:
        composio.mcp.custom.create(name=name, toolkits=toolkits, auth_config_ids=auth)
    page = composio.mcp.list(limit=2, page_no=2, order_by="created_at", order_direction="asc")
    assert [item.name for item in page.items] == ["sdk three"]
    assert page.total_pages == 2
    by_toolkit = composio.mcp.list(toolkits="github", order_direction="asc")
    assert [item.name for item in by_toolkit.items] == ["sdk one", "sdk three"]
    by_auth = composio.mcp.list(auth_config_ids="ac_2,ac_1", order_direction="asc")
    assert [item.name for item in by_auth.items] == ["sdk one", "sdk two"]


def test_sdk_generate_urls(composio: composio_client.Composio) -> None:
    server = composio.mcp.custom.create(name=NAME)
    urls = composio.mcp.generate.url(mcp_server_id=server.id, user_ids=["u1"])
    assert urls.mcp_url == server.mcp_url
    assert urls.user_ids_url == [f"{server.mcp_url}?user_id=u1"]


def test_sdk_deprecated_custom_tools(composio: composio_client.Composio) -> None:
    created = composio.mcp.custom.create(name=NAME, custom_tools=["NOTION_FETCH_DATA"])
    assert created.allowed_tools == ["NOTION_FETCH_DATA"]


def test_sdk_sees_the_documented_errors(
    composio: composio_client.Composio, emulator: RunningEmulator
) -> None:
    with pytest.raises(composio_client.BadRequestError) as bad:
        composio.mcp.custom.create(name="no", toolkits=["jira"])
    assert bad.value.status_code == 400
    body = bad.value.body
    assert isinstance(body, dict)
    assert body["error"]["slug"] == "MCP_InvalidRequest"
    assert len(body["error"]["errors"]) == 2

    with pytest.raises(composio_client.NotFoundError):
        composio.mcp.retrieve("no-such-server")
    refused_with_a_wrong_key(emulator, lambda wrong: wrong.mcp.list())
    with official_sdk(emulator, api_key=READ_ONLY_KEY) as reader:
        assert reader.mcp.list().items == []
        with pytest.raises(composio_client.PermissionDeniedError):
            reader.mcp.custom.create(name=NAME)


def test_sdk_retries_a_rate_limit_as_the_emulator_asks(
    emulator: RunningEmulator, admin: EmulatorAdmin, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SDK retries 429 on its own, honouring retry-after-ms; the emulator must send it."""
    monkeypatch.delenv("COMPOSIO_BASE_URL", raising=False)
    admin.set_faults(status_rates={429: 0.5}, retry_after_seconds=0.02, methods=["GET"], seed=4)
    with official_sdk(emulator, max_retries=10) as composio:
        for _ in range(5):
            assert composio.mcp.list().items == []
    faults = [r["fault"] for r in api_requests(admin, "GET")]
    assert faults.count("none") == 5
    assert faults.count("status") >= 1
