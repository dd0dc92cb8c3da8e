"""``create_custom_server_idempotently``: one server per create, whatever gets lost."""

from __future__ import annotations

import httpx
import pytest

from pulumi_composio.api.client import ComposioClient
from pulumi_composio.api.models import CreateCustomServerRequest, CreatedCustomServer, McpServer
from pulumi_composio.errors import (
    AmbiguousCreateError,
    AuthenticationFailed,
    ComposioTransportError,
    DuplicateName,
    InvalidRequest,
    ServerSideError,
)
from tests.support.client_fakes import FakeComposio, Recorder, error_response, make_client

REQUEST = CreateCustomServerRequest(name="support tools", toolkits=["github"])


def posts(recorder: Recorder) -> list[httpx.Request]:
    return recorder.calls("POST")


def create_exactly_one_server(
    client: ComposioClient, api: FakeComposio, recorder: Recorder, *, sent: int
) -> McpServer | CreatedCustomServer:
    """Create through ``client``; the fake then holds that one server and saw ``sent`` POSTs."""
    server = client.create_custom_server_idempotently(REQUEST)
    assert [server.id] == list(api.servers)
    assert len(posts(recorder)) == sent
    return server


@pytest.mark.parametrize(
    ("faults", "sent"),
    [([], 1), (["500"], 2), (["500"] * 6, 7)],
    ids=[
        "a clean create posts once",
        "a create that failed before commit is sent again",
        "creates that never landed are sent again while the budget lasts",
    ],
)
def test_a_create_is_posted_until_it_lands_and_returns_the_created_server(
    faults: list[str], sent: int
) -> None:
    """Sent again while the budget lasts, since a 500 before the commit made nothing."""
    api = FakeComposio(create_faults=faults)
    client, recorder, _ = make_client(api)

    server = create_exactly_one_server(client, api, recorder, sent=sent)

    assert isinstance(server, CreatedCustomServer)


def test_create_after_commit_then_500_finds_the_committed_server():
    api = FakeComposio(create_faults=["commit-then-500"])
    client, recorder, _ = make_client(api)

    server = client.create_custom_server_idempotently(REQUEST)

    assert isinstance(server, McpServer)
    assert server.id in api.servers
    assert len(api.servers) == 1
    assert len(posts(recorder)) == 1


def test_create_whose_answer_timed_out_after_commit_is_not_made_twice():
    api = FakeComposio()
    original = api._create

    def commit_then_time_out(request):
        original(request)
        return httpx.ReadTimeout("timed out", request=request)

    api._create = commit_then_time_out  # type: ignore[method-assign]
    client, recorder, _ = make_client(api)

    create_exactly_one_server(client, api, recorder, sent=1)


@pytest.mark.parametrize(
    ("fault", "sent"),
    [("500", 2), ("commit-then-500", 1)],
    ids=["is never adopted", "does not hide ours"],
)
def test_an_older_server_with_the_same_name(fault: str, sent: int) -> None:
    """Whether our first create made nothing or made a server it could not report."""
    api = FakeComposio(create_faults=[fault])
    stranger = api.add("support tools")
    client, recorder, _ = make_client(api)

    server = client.create_custom_server_idempotently(REQUEST)

    assert server.id != stranger["id"]
    assert len(api.servers) == 2
    assert len(posts(recorder)) == sent


def test_servers_whose_names_only_contain_ours_are_not_matches():
    api = FakeComposio(create_faults=["500"])
    api.add("support tools 2")
    api.add("Support Tools")
    client, _, _ = make_client(api)

    server = client.create_custom_server_idempotently(REQUEST)

    assert isinstance(server, CreatedCustomServer)
    assert server.name == "support tools"


def test_two_new_servers_with_our_name_are_reported_with_their_ids():
    api = FakeComposio(create_faults=["ok", "commit-then-500"])
    original = api._create

    def commit_twice(request):
        original(request)
        return original(request)

    api._create = commit_twice  # type: ignore[method-assign]
    client, _, _ = make_client(api)

    with pytest.raises(DuplicateName) as caught:
        client.create_custom_server_idempotently(REQUEST)

    assert set(caught.value.ids) == set(api.servers)
    assert "srv-1" in str(caught.value)
    assert "srv-2" in str(caught.value)


def test_creates_are_bounded_when_every_outcome_stays_unknown():
    api = FakeComposio(create_faults=["500"] * 10)
    client, recorder, _ = make_client(api)

    with pytest.raises(AmbiguousCreateError) as caught:
        client.create_custom_server_idempotently(REQUEST, max_creates=3)

    assert len(posts(recorder)) == 3
    assert isinstance(caught.value.cause, ServerSideError)
    assert api.servers == {}


def test_a_lookup_that_keeps_failing_leaves_the_outcome_unknown_once_the_budget_is_spent():
    api = FakeComposio(create_faults=["commit-then-500"])
    client, recorder, clock = make_client(api)
    started = clock.now
    lookups = 0

    def lookups_fail_after_the_first(request):
        nonlocal lookups
        if request.method == "GET":
            lookups += 1
            if lookups > 1:
                return httpx.ConnectError("refused", request=request)
        return api(request)

    recorder.handler = lookups_fail_after_the_first

    with pytest.raises(AmbiguousCreateError) as caught:
        client.create_custom_server_idempotently(REQUEST)

    assert isinstance(caught.value.cause, ComposioTransportError)
    assert "GET /api/v3/mcp/servers" in str(caught.value)
    assert len(posts(recorder)) == 1
    assert clock.now - started >= 60, "it kept looking for the whole budget"
    assert clock.now - started < 60 + 60 + 8, "and no longer than one more lookup and wait"


def test_a_lookup_failing_under_load_is_tried_again_instead_of_giving_up():
    """The issue-11 failure: a busy API dropped the lookup after an ambiguous create."""
    api = FakeComposio(create_faults=["commit-then-500"])
    client, recorder, _ = make_client(api)
    dropped = 0

    def drop_five_lookups_after_the_post(request):
        nonlocal dropped
        if request.method == "GET" and posts(recorder) and dropped < 5:
            dropped += 1
            return httpx.RemoteProtocolError("Server disconnected", request=request)
        return api(request)

    recorder.handler = drop_five_lookups_after_the_post

    create_exactly_one_server(client, api, recorder, sent=1)

    assert dropped == 5, "one whole lookup (5 attempts) failed"


def test_a_rate_limited_lookup_is_tried_again():
    api = FakeComposio(create_faults=["500", "commit-then-500"])
    client, recorder, _ = make_client(api, max_throttled_retries=0)
    limited = 0

    def limit_the_first_lookup_after_a_post(request):
        nonlocal limited
        if request.method == "GET" and posts(recorder) and limited < 2:
            limited += 1
            return error_response(429, "Too many requests", headers={"retry-after": "1"})
        return api(request)

    recorder.handler = limit_the_first_lookup_after_a_post

    create_exactly_one_server(client, api, recorder, sent=2)


def test_a_lookup_refused_for_good_is_not_tried_again():
    api = FakeComposio(create_faults=["commit-then-500"])
    client, recorder, _ = make_client(api)

    def revoke_the_key_after_the_post(request):
        if request.method == "GET" and posts(recorder):
            return error_response(401, "Invalid API key")
        return api(request)

    recorder.handler = revoke_the_key_after_the_post

    with pytest.raises(AmbiguousCreateError) as caught:
        client.create_custom_server_idempotently(REQUEST)

    assert isinstance(caught.value.cause, AuthenticationFailed)
    assert [r.method for r in recorder.requests] == ["GET", "POST", "GET"]


def test_creates_stop_when_the_time_budget_is_spent():
    api = FakeComposio(create_faults=["500"] * 1000)
    client, recorder, clock = make_client(api)
    started = clock.now

    with pytest.raises(AmbiguousCreateError) as caught:
        client.create_custom_server_idempotently(REQUEST)

    assert isinstance(caught.value.cause, ServerSideError)
    assert api.servers == {}
    assert 60 <= clock.now - started < 60 + 8
    assert len(posts(recorder)) < 20


def test_lookups_are_retried_like_any_read():
    api = FakeComposio(create_faults=["commit-then-500"])
    client, recorder, _ = make_client(api)
    failed_once = False

    def one_lookup_hiccup(request):
        nonlocal failed_once
        if request.method == "GET" and posts(recorder) and not failed_once:
            failed_once = True
            return error_response(503)
        return api(request)

    recorder.handler = one_lookup_hiccup

    server = client.create_custom_server_idempotently(REQUEST)

    assert server.id in api.servers
    assert len(posts(recorder)) == 1


def test_a_rejected_create_is_raised_without_any_lookup_after_it():
    api = FakeComposio()
    client, recorder, _ = make_client(api)

    def reject(request):
        if request.method == "POST":
            return error_response(400, "Toolkit 'github' not found")
        return api(request)

    recorder.handler = reject

    with pytest.raises(InvalidRequest):
        client.create_custom_server_idempotently(REQUEST)

    assert [r.method for r in recorder.requests] == ["GET", "POST"]


def test_the_lookup_waits_a_little_for_a_slow_commit():
    api = FakeComposio(create_faults=["commit-then-500"])
    client, _, clock = make_client(api)

    client.create_custom_server_idempotently(REQUEST)

    assert clock.sleeps == [0.5]


def test_known_ids_from_the_caller_save_the_lookup_before_the_post():
    api = FakeComposio(create_faults=["commit-then-500"])
    stranger = api.add("support tools")
    client, recorder, _ = make_client(api)

    server = client.create_custom_server_idempotently(REQUEST, known_ids={stranger["id"]})

    assert server.id != stranger["id"]
    assert len(api.servers) == 2
    methods = [call.method for call in recorder.calls()]
    assert methods[0] == "POST", "no list call before the POST when known_ids is given"
