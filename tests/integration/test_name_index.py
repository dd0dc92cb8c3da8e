"""The provider's name index: one listing per plugin process, not one lookup per create."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from pulumi_composio.api.client import ComposioClient
from pulumi_composio.core import name_index
from pulumi_composio.core.name_index import NameIndex
from pulumi_composio.emulator import EmulatorAdmin
from pulumi_composio.errors import ComposioApiError
from pulumi_composio.servers.service import _Servers
from tests.support.emulator_calls import ClientFactory, make_server

SERVERS = _Servers()


@pytest.fixture
def api(make_client: ClientFactory) -> ComposioClient:
    return make_client()


def lists(admin: EmulatorAdmin) -> list[str]:
    return [e["query"] for e in admin.requests() if e["path"].endswith("/mcp/servers")]


def test_many_claims_list_the_project_once(api: ComposioClient, admin: EmulatorAdmin):
    taken = make_server(api, "taken name")
    index = NameIndex(SERVERS.live_names, SERVERS.ids_named)
    admin.clear_requests()

    for number in range(20):
        with index.claim(api, f"free name {number:02d}") as claim:
            assert claim.ids == []
    with index.claim(api, "taken name") as claim:
        assert claim.ids == [taken.id]

    assert len(lists(admin)) == 1


def test_what_this_process_creates_renames_and_deletes_stays_known(api: ComposioClient):
    index = NameIndex(SERVERS.live_names, SERVERS.ids_named)
    with index.claim(api, "new name") as claim:
        assert claim.ids == []
    index.add("new name", "srv-a")
    with index.claim(api, "new name") as claim:
        assert claim.ids == ["srv-a"]
    index.rename("srv-a", "renamed")
    with index.claim(api, "new name") as claim:
        assert claim.ids == []
    index.discard("srv-a")
    with index.claim(api, "renamed") as claim:
        assert claim.ids == []


def test_a_name_held_by_another_create_counts_as_taken(api: ComposioClient):
    index = NameIndex(SERVERS.live_names, SERVERS.ids_named)
    inside, release = threading.Event(), threading.Event()

    def first() -> None:
        with index.claim(api, "same name"):
            inside.set()
            release.wait(10)

    holder = threading.Thread(target=first)
    holder.start()
    assert inside.wait(10)
    with index.claim(api, "same name") as second:
        assert second.held_elsewhere
    release.set()
    holder.join()
    with index.claim(api, "same name") as third:
        assert not third.held_elsewhere


def test_a_large_project_is_not_listed_whole_but_looked_up_by_name(
    api: ComposioClient, admin: EmulatorAdmin, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(name_index, "MAX_INDEXED", 3)
    servers = [make_server(api, f"big project {n}") for n in range(5)]
    index = NameIndex(SERVERS.live_names, SERVERS.ids_named)
    admin.clear_requests()

    with index.claim(api, "big project 2") as claim:
        assert claim.ids == [servers[2].id]
    with index.claim(api, "big project 4") as claim:
        assert claim.ids == [servers[4].id]

    queries = lists(admin)
    assert any("name=big+project+4" in query for query in queries)


def test_a_failed_listing_fails_its_claims_and_the_next_claim_lists_again(
    api: ComposioClient, admin: EmulatorAdmin
):
    attempts: list[int] = []

    def failing_once(client: ComposioClient) -> Iterator[tuple[str, str]]:
        attempts.append(len(attempts))
        if len(attempts) == 1:
            raise ComposioApiError(503, "listing unavailable")
        return SERVERS.live_names(client)

    taken = make_server(api, "taken name")
    index = NameIndex(failing_once, SERVERS.ids_named)
    with (
        pytest.raises(ComposioApiError, match="listing unavailable"),
        index.claim(api, "taken name"),
    ):
        pass
    with index.claim(api, "taken name") as claim:
        assert claim.ids == [taken.id]
    assert attempts == [0, 1]


def test_what_this_process_does_while_the_listing_runs_is_kept(api: ComposioClient):
    """Made, renamed and deleted while the listing runs: the listing may or may not have
    seen each, and the index ends as this process left things either way."""
    gone = make_server(api, "deleted meanwhile")
    moved = make_server(api, "renamed meanwhile")
    started, release = threading.Event(), threading.Event()

    def held_listing(client: ComposioClient) -> Iterator[tuple[str, str]]:
        started.set()
        assert release.wait(30)
        return SERVERS.live_names(client)

    index = NameIndex(held_listing, SERVERS.ids_named)
    with index.claim(api, "made meanwhile", wait=False) as claim:
        assert started.wait(30)
        index.add("made meanwhile", "srv-new")
        index.discard(gone.id)
        index.rename(moved.id, "its new name")
        release.set()
        assert claim.ids == ["srv-new"]
    for name, expected in (
        ("deleted meanwhile", []),
        ("renamed meanwhile", []),
        ("its new name", [moved.id]),
    ):
        with index.claim(api, name) as later:
            assert later.ids == expected
