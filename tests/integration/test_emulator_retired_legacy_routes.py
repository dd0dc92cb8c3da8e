"""``--retire-legacy-mcp``: every MCP-server route answers ``410`` in Composio's envelope, the
client reads it as :class:`Retired` (a :class:`NotFound`: what it served is gone), and what
is not legacy (auth configs, the catalogue, sessions) still answers."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from pulumi_composio import ComposioClient, NotFound, Retired
from pulumi_composio.emulator import RunningEmulator, start_emulator
from tests.support.emulator_keys import API_KEY

LEGACY_ROUTES = [
    ("POST", "/mcp/servers/custom"),
    ("GET", "/mcp/servers"),
    ("POST", "/mcp/servers/generate"),
    ("GET", "/mcp/mcp_1"),
    ("PATCH", "/mcp/mcp_1"),
    ("DELETE", "/mcp/mcp_1"),
]


@pytest.fixture(scope="module")
def retired_emulator() -> Iterator[RunningEmulator]:
    with start_emulator(api_key=API_KEY, retire_legacy_mcp=True) as running:
        yield running


@pytest.mark.parametrize("prefix", ["/api/v3", "/api/v3.1"])
@pytest.mark.parametrize(("method", "path"), LEGACY_ROUTES)
def test_every_server_route_answers_410_in_the_envelope(
    retired_emulator: RunningEmulator, prefix: str, method: str, path: str
) -> None:
    answer = httpx.request(
        method, f"{retired_emulator.url}{prefix}{path}", headers={"x-api-key": API_KEY}, json={}
    )

    assert answer.status_code == 410
    assert answer.json()["error"]["slug"] == "MCP_EndpointRetired"


def test_the_client_reads_410_as_retired_and_what_is_not_legacy_still_answers(
    retired_emulator: RunningEmulator,
) -> None:
    with ComposioClient(API_KEY, base_url=retired_emulator.url) as client:
        with pytest.raises(Retired) as gone:
            client.get_server("mcp_1")
        assert isinstance(gone.value, NotFound)
        assert "move to a Session as docs/migrating-to-sessions.md shows" in str(gone.value)
        assert client.get_toolkit("github").slug == "github"
        assert [c.id for c in client.list_auth_configs()] != []
    session = httpx.post(
        f"{retired_emulator.url}/api/v3.1/tool_router/session",
        headers={"x-api-key": API_KEY},
        json={"user_id": "support-bot"},
    )
    assert session.status_code == 201, session.text
    mcp = httpx.post(
        f"{retired_emulator.url}/v3/mcp/mcp_1?user_id=x", headers={"x-api-key": API_KEY}
    )
    assert mcp.status_code == 410
