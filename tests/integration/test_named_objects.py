"""The lifecycle of named objects against the emulator: what a create decides about its name,
and when it decides it (see ``core/named_objects.py``)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from pulumi_composio.api._create import KnownIds
from pulumi_composio.api.client import ComposioClient
from pulumi_composio.core.named_objects import NamedObjects
from pulumi_composio.core.operations import Found
from pulumi_composio.emulator import EmulatorAdmin
from pulumi_composio.errors import ComposioApiError, NameTaken, PartlyCreated
from pulumi_composio.servers.inputs import check_inputs
from pulumi_composio.servers.service import _Servers
from tests.support.emulator_calls import ClientFactory, make_server

DEFAULT_NAME = "web-tools-a1b2c3d"
WAIT_S = 30
"""Only a broken order waits this long: the test then fails instead of hanging."""


@pytest.fixture
def api(make_client: ClientFactory) -> ComposioClient:
    return make_client()


def props(**news: Any) -> dict[str, Any]:
    inputs, problems = check_inputs({}, {"default_name": DEFAULT_NAME, **news})
    assert not problems
    return inputs


def calls(admin: EmulatorAdmin) -> list[str]:
    return [f"{e['method']} {e['path']}" for e in admin.requests()]


def live_ids(admin: EmulatorAdmin) -> list[str]:
    return sorted(server["id"] for server in admin.servers())


class ListedAfterThePost(_Servers):
    """Servers whose listing cannot start before a create has been answered."""

    def __init__(self) -> None:
        self.posted = threading.Event()

    def live_names(self, client: ComposioClient) -> Iterator[tuple[str, str]]:
        if not self.posted.wait(WAIT_S):
            raise AssertionError("the create waited for the listing before posting")
        return super().live_names(client)

    def create_new(
        self, client: ComposioClient, props: Mapping[str, Any], known_ids: KnownIds
    ) -> Found:
        found = super().create_new(client, props, known_ids)
        self.posted.set()
        return found


def test_a_create_under_its_default_name_posts_without_waiting_for_the_listing(
    api: ComposioClient, admin: EmulatorAdmin
):
    servers = NamedObjects(ListedAfterThePost())
    made = servers.create(api, props(toolkits=["github"]))

    assert live_ids(admin) == [made.id]
    assert [call.split()[0] for call in calls(admin)] == ["POST", "GET"]


class ListedOnceTheServerExists(_Servers):
    """Servers whose listing starts only once the emulator holds a server: it sees what the
    create beside it made, whatever that create was told."""

    def __init__(self, admin: EmulatorAdmin) -> None:
        self.admin = admin

    def live_names(self, client: ComposioClient) -> Iterator[tuple[str, str]]:
        deadline = time.monotonic() + WAIT_S
        while not self.admin.servers():
            if time.monotonic() > deadline:
                raise AssertionError("no server was made beside the listing")
            time.sleep(0.01)
        return super().live_names(client)


def test_a_create_whose_answer_is_lost_is_found_even_by_the_listing_beside_it(
    api: ComposioClient, admin: EmulatorAdmin
):
    """The create commits and answers 500; the listing it did not wait for already holds the
    server, so nothing is new to it, and the one server it holds with exactly the declared
    configuration is the one made: found, not created again."""
    admin.set_faults(commit_then_fail_rate=1.0)

    made = NamedObjects(ListedOnceTheServerExists(admin)).create(api, props(toolkits=["github"]))

    assert live_ids(admin) == [made.id]
    assert [call for call in calls(admin) if call.startswith("POST")] == [
        "POST /api/v3/mcp/servers/custom"
    ]


def test_a_declared_name_held_by_another_server_is_refused_before_any_post(
    api: ComposioClient, admin: EmulatorAdmin
):
    holder = make_server(api, "declared name")
    admin.clear_requests()

    with pytest.raises(NameTaken, match=holder.id):
        NamedObjects(_Servers()).create(api, props(name="declared name", toolkits=["github"]))

    assert not [call for call in calls(admin) if call.startswith("POST")]
    assert live_ids(admin) == [holder.id]


def test_an_interrupted_runs_server_is_taken_back_and_the_one_made_beside_it_deleted(
    api: ComposioClient, admin: EmulatorAdmin
):
    declared = props(toolkits=["github", "slack"])
    orphan = _Servers().create_new(api, declared, [])
    admin.clear_requests()

    taken = NamedObjects(_Servers()).create(api, declared)

    assert taken.id == orphan.id
    assert live_ids(admin) == [orphan.id]
    assert sorted(call.split()[0] for call in calls(admin)) == ["DELETE", "GET", "GET", "POST"]


def test_a_stranger_holding_the_default_name_is_refused_and_nothing_made_is_left(
    api: ComposioClient, admin: EmulatorAdmin
):
    stranger = make_server(api, DEFAULT_NAME, toolkits=["linear"])

    with pytest.raises(NameTaken, match=stranger.id):
        NamedObjects(_Servers()).create(api, props(toolkits=["github"]))

    assert live_ids(admin) == [stranger.id]


class ListingFails(ListedAfterThePost):
    """A listing that fails for good once the create has been answered; deletes fail too
    when ``deletes_fail``."""

    def __init__(self, *, deletes_fail: bool) -> None:
        super().__init__()
        self.deletes_fail = deletes_fail

    def live_names(self, client: ComposioClient) -> Iterator[tuple[str, str]]:
        super().live_names(client)
        raise ComposioApiError(503, "listing unavailable")

    def delete_object(self, client: ComposioClient, object_id: str) -> None:
        if self.deletes_fail:
            raise ComposioApiError(503, "deletes unavailable")
        super().delete_object(client, object_id)


def test_a_listing_that_fails_after_the_post_leaves_nothing_made_behind(
    api: ComposioClient, admin: EmulatorAdmin
):
    with pytest.raises(ComposioApiError, match="listing unavailable"):
        NamedObjects(ListingFails(deletes_fail=False)).create(api, props(toolkits=["github"]))

    assert live_ids(admin) == []


def test_what_cannot_be_deleted_after_a_failed_listing_is_reported_for_state_to_record(
    api: ComposioClient, admin: EmulatorAdmin
):
    with pytest.raises(PartlyCreated) as raised:
        NamedObjects(ListingFails(deletes_fail=True)).create(api, props(toolkits=["github"]))

    assert live_ids(admin) == [raised.value.object_id]
    assert "listing unavailable" in str(raised.value)
    assert "deletes unavailable" in str(raised.value)
