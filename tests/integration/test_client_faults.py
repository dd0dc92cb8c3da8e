"""Every fault the emulator can inject, and what the client makes of it.

The rules under test (see ``pulumi_composio.api._retry``): reads and other idempotent calls
are retried on 408/409/429/5xx and on lost connections; a create is re-sent only when
Composio surely did not act on it (408 and 429), raises ``AlreadyExists`` at once on a 409,
and otherwise raises ``AmbiguousCreateError``, which ``create_custom_server_idempotently``
resolves by looking the name up. Waits are observed through the retry policy's ``sleep`` (a
:class:`RecordingSleep`), never by timing; random faults use a fixed ``seed`` so every
run draws the same sequence; calls are counted in the emulator's request log.
"""

from __future__ import annotations

import concurrent.futures
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from pulumi_composio.api.client import ComposioClient, RetryPolicy
from pulumi_composio.api.models import CreateCustomServerRequest, McpServer, UpdateServerRequest
from pulumi_composio.emulator import EmulatorAdmin, RunningEmulator
from pulumi_composio.errors import (
    AlreadyExists,
    AmbiguousCreateError,
    ComposioApiError,
    ComposioTransportError,
    RateLimited,
    ServerNotFound,
    ServerSideError,
)
from tests.support.api_log import api_requests
from tests.support.emulator_calls import ClientFactory, make_server
from tests.support.recording_client import RecordingSleep, RecordingTransport

HINT = 0.75
"""``retry_after_seconds`` for the plans below: ``retry-after-ms: 750``, ``retry-after: 1``."""
SEED = 20240611
CREATE_SEED = 4
"""A seed whose first draws fault the first two or three POSTs, then let one through."""
REQUEST = CreateCustomServerRequest(name="fault tolerant", toolkits=["github"])
STATUS_ERRORS = {500: ServerSideError, 502: ServerSideError, 503: ServerSideError, 429: RateLimited}


def faults_of(admin: EmulatorAdmin, method: str) -> Counter[str]:
    return Counter(r["fault"] for r in api_requests(admin, method))


def servers_named(admin: EmulatorAdmin, name: str) -> list[dict[str, Any]]:
    return [s for s in admin.servers() if s["name"] == name]


@pytest.fixture
def server(make_client: ClientFactory, admin: EmulatorAdmin) -> McpServer:
    """One server made before any fault is set, with the log cleared after it."""
    made = make_server(make_client(), "target server")
    admin.clear_requests()
    return made


# --- status faults: the wire -------------------------------------------------------------


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_status_fault_answers_in_the_envelope_before_doing_anything(
    raw: httpx.Client, admin: EmulatorAdmin, status: int
) -> None:
    admin.set_faults(status_rates={status: 1.0}, retry_after_seconds=HINT)
    response = raw.post("/api/v3/mcp/servers/custom", json={"name": "never made"})
    assert response.status_code == status
    error = response.json()["error"]
    assert error["status"] == error["code"] == status
    assert error["slug"]
    assert error["request_id"] == response.headers["x-request-id"]
    if status in (429, 503):
        assert response.headers["retry-after-ms"] == "750"
        assert response.headers["retry-after"] == "1"
    else:
        assert "retry-after" not in response.headers
        assert "retry-after-ms" not in response.headers
    [logged] = admin.requests()
    assert (logged["status"], logged["fault"]) == (status, "status")
    assert admin.servers() == [], "a status fault answers before the request is processed"


def test_status_faults_come_before_auth(emulator: RunningEmulator, admin: EmulatorAdmin) -> None:
    """A gateway fails before it authenticates: no key still gets the injected 503."""
    admin.set_faults(status_rates={503: 1.0})
    assert httpx.get(emulator.url + "/api/v3/mcp/servers").status_code == 503


@pytest.mark.parametrize("seconds", [0.2, 1.0, 1.5, 2.01, 2.5, 7.4])
def test_retry_after_never_asks_for_less_than_retry_after_ms(
    raw: httpx.Client, admin: EmulatorAdmin, seconds: float
) -> None:
    """Whole-second ``retry-after`` is for clients that ignore the precise header.

    It must round up: a client told "2" when the server means 2.5 s comes back early.
    """
    admin.set_faults(status_rates={429: 1.0}, retry_after_seconds=seconds)
    response = raw.get("/api/v3/mcp/servers")
    precise_ms = float(response.headers["retry-after-ms"])
    assert precise_ms == round(seconds * 1000)
    assert int(response.headers["retry-after"]) * 1000 >= precise_ms


def test_faults_can_target_one_method(raw: httpx.Client, admin: EmulatorAdmin) -> None:
    admin.set_faults(status_rates={500: 1.0}, methods=["PATCH"])
    assert raw.get("/api/v3/mcp/servers").status_code == 200
    assert raw.post("/api/v3/mcp/servers/custom", json={"name": "still made"}).status_code == 201
    server_id = admin.servers()[0]["id"]
    assert raw.patch(f"/api/v3/mcp/{server_id}", json={"name": "not renamed"}).status_code == 500


def test_seeded_draws_repeat(raw: httpx.Client, admin: EmulatorAdmin) -> None:
    """The same seed gives the same faults, which is what makes the tests below stable."""
    runs = []
    for _ in range(2):
        admin.set_faults(status_rates={500: 0.3, 429: 0.2}, drop_rate=0.0, seed=SEED)
        runs.append([raw.get("/api/v3/mcp/servers").status_code for _ in range(30)])
    assert runs[0] == runs[1]
    assert set(runs[0]) == {200, 429, 500}


# --- status faults: reads -------------------------------------------------------------------


@dataclass
class ReadsUnderFaults:
    """What a test of reads under status faults needs: one server made before any fault,
    the emulator's admin, and clients whose retry waits are written down in ``sleeps``."""

    admin: EmulatorAdmin
    server: McpServer
    sleeps: RecordingSleep
    make_client: ClientFactory

    def client(self, **policy: Any) -> ComposioClient:
        """A client retrying by this policy, its waits recorded instead of slept."""
        return self.make_client(retry=RetryPolicy(sleep=self.sleeps, **policy))


@pytest.fixture
def reads(
    make_client: ClientFactory, admin: EmulatorAdmin, server: McpServer, sleeps: RecordingSleep
) -> ReadsUnderFaults:
    return ReadsUnderFaults(admin, server, sleeps, make_client)


@pytest.mark.parametrize("status", sorted(STATUS_ERRORS))
def test_reads_retry_a_status_fault_until_the_budget_is_spent(
    reads: ReadsUnderFaults, status: int
) -> None:
    admin, server, sleeps = reads.admin, reads.server, reads.sleeps
    client = reads.client(max_attempts=4, max_throttled_retries=3, random=lambda: 1.0)
    admin.set_faults(status_rates={status: 1.0}, retry_after_seconds=HINT)
    with pytest.raises(STATUS_ERRORS[status]) as caught:
        client.get_server(server.id)
    assert isinstance(caught.value, ComposioApiError)
    assert caught.value.status == status
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith(f"Composio API {status} (")
    assert faults_of(admin, "GET") == {"status": 4}
    if status == 503:
        assert sleeps.waits == [HINT] * 3, "the server's retry-after-ms is honoured"
    elif status == 429:
        assert sleeps.waits == [HINT, HINT, 1.0], "the hint, or a longer backoff when paced again"
    else:
        assert sleeps.waits == [0.5, 1.0, 2.0], "exponential backoff without a hint"
    if status == 429:
        assert isinstance(caught.value, RateLimited)
        assert caught.value.retry_after == HINT


def test_paced_429s_do_not_spend_the_attempt_budget(reads: ReadsUnderFaults) -> None:
    """A rate limiter that says when to come back is pacing, not failing.

    Half the answers are 500s, half 429s with a hint: the client gives up after its
    third 500 however many 429s came in between, and waits as told after each 429.
    """
    admin, server, sleeps = reads.admin, reads.server, reads.sleeps
    client = reads.client(max_attempts=3, max_throttled_retries=30, random=lambda: 0.1)
    admin.set_faults(status_rates={500: 0.5, 429: 0.5}, retry_after_seconds=HINT, seed=SEED)
    with pytest.raises(ServerSideError):
        client.get_server(server.id)
    statuses = Counter(r["status"] for r in api_requests(admin, "GET"))
    assert statuses[500] == 3
    assert statuses[429] >= 1, "the seed should mix in some 429s"
    assert sleeps.waits.count(HINT) == statuses[429]


def test_paced_429s_have_their_own_budget(reads: ReadsUnderFaults) -> None:
    admin, server, sleeps = reads.admin, reads.server, reads.sleeps
    client = reads.client(max_attempts=1, max_throttled_retries=6)
    admin.set_faults(status_rates={429: 1.0}, retry_after_seconds=HINT)
    with pytest.raises(RateLimited):
        client.get_server(server.id)
    assert faults_of(admin, "GET") == {"status": 7}
    assert len(sleeps.waits) == 6
    assert sleeps.waits[0] == HINT
    assert min(sleeps.waits) >= HINT, "never less than the server asked"


@pytest.mark.parametrize("status", sorted(STATUS_ERRORS))
def test_reads_recover_from_intermittent_status_faults(
    reads: ReadsUnderFaults, status: int
) -> None:
    admin, server, sleeps = reads.admin, reads.server, reads.sleeps
    client = reads.client(max_attempts=10, random=lambda: 1.0)
    admin.set_faults(status_rates={status: 0.5}, retry_after_seconds=HINT, seed=SEED)
    for _ in range(10):
        assert client.get_server(server.id) == server
    assert [s.id for s in client.list_servers(page_size=1)] == [server.id]
    faults = faults_of(admin, "GET")
    assert faults["none"] == 11
    assert faults["status"] >= 3, "the seed should inject a few faults"
    assert len(sleeps.waits) == faults["status"], "one wait per faulted answer"
    if status in (429, 503):
        assert all(wait >= HINT for wait in sleeps.waits)


def test_update_and_delete_retry_status_faults(
    make_client: ClientFactory, admin: EmulatorAdmin, server: McpServer
) -> None:
    client = make_client(retry=RetryPolicy(max_attempts=10, sleep=lambda _: None))
    admin.set_faults(status_rates={502: 0.6}, methods=["PATCH", "DELETE"], seed=SEED)
    assert client.update_server(server.id, UpdateServerRequest(name="renamed")).name == "renamed"
    assert client.delete_server(server.id).deleted is True
    assert faults_of(admin, "PATCH")["none"] == 1
    assert faults_of(admin, "DELETE")["none"] == 1
    assert faults_of(admin, "PATCH")["status"] + faults_of(admin, "DELETE")["status"] >= 1


# --- status faults: creates -------------------------------------------------------------


def test_create_is_resent_after_429_which_means_not_processed(
    client: ComposioClient, admin: EmulatorAdmin, sleeps: RecordingSleep
) -> None:
    admin.set_faults(status_rates={429: 0.6}, retry_after_seconds=HINT, seed=CREATE_SEED)
    created = client.create_custom_server(REQUEST)
    assert [s["id"] for s in servers_named(admin, REQUEST.name)] == [created.id]
    faults = faults_of(admin, "POST")
    assert faults["none"] == 1
    assert faults["status"] >= 1
    assert len(sleeps.waits) == faults["status"]
    assert sleeps.waits[0] == HINT
    assert min(sleeps.waits) >= HINT, "never less than the server asked"


def test_create_gives_up_after_the_429_budget(
    make_client: ClientFactory, admin: EmulatorAdmin, sleeps: RecordingSleep
) -> None:
    client = make_client(retry=RetryPolicy(max_attempts=5, max_throttled_retries=4, sleep=sleeps))
    admin.set_faults(status_rates={429: 1.0}, retry_after_seconds=HINT)
    with pytest.raises(RateLimited) as caught:
        client.create_custom_server(REQUEST)
    assert caught.value.retry_after == HINT
    assert faults_of(admin, "POST") == {"status": 5}
    assert len(sleeps.waits) == 4
    assert min(sleeps.waits) >= HINT, "never less than the server asked"
    assert admin.servers() == []


def test_a_create_answered_409_is_sent_once_and_says_the_server_exists(
    client: ComposioClient, admin: EmulatorAdmin, sleeps: RecordingSleep
) -> None:
    admin.set_faults(status_rates={409: 1.0}, methods=["POST"])
    with pytest.raises(AlreadyExists) as caught:
        client.create_custom_server_idempotently(REQUEST)
    assert str(caught.value).startswith(
        f"MCP server {REQUEST.name!r} already exists in Composio, so it was not created again: "
        "Composio API 409 ("
    )
    assert "\n" not in str(caught.value)
    assert faults_of(admin, "POST") == {"status": 1}
    assert len(api_requests(admin, "GET")) == 1, "the one lookup before the create"
    assert sleeps.waits == []


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_create_is_never_blindly_resent_after_a_5xx(
    client: ComposioClient, admin: EmulatorAdmin, sleeps: RecordingSleep, status: int
) -> None:
    admin.set_faults(status_rates={status: 1.0}, retry_after_seconds=HINT)
    with pytest.raises(AmbiguousCreateError) as caught:
        client.create_custom_server(REQUEST)
    error = caught.value
    assert error.name == REQUEST.name
    assert isinstance(error.cause, ServerSideError)
    assert error.cause.status == status
    assert "look it up by name" in str(error)
    assert "\n" not in str(error)
    assert len(api_requests(admin, "POST")) == 1
    assert sleeps.waits == []


def test_idempotent_create_recovers_from_intermittent_5xx(
    client: ComposioClient, admin: EmulatorAdmin
) -> None:
    admin.set_faults(status_rates={500: 0.6}, methods=["POST"], seed=CREATE_SEED)
    created = client.create_custom_server_idempotently(REQUEST)
    [stored] = servers_named(admin, REQUEST.name)
    assert stored["id"] == created.id
    faults = faults_of(admin, "POST")
    assert faults["none"] == 1
    assert 1 <= faults["status"] <= 2, "the seed fails one or two POSTs before one lands"
    assert len(api_requests(admin, "GET")) == 1 + faults["status"], "one lookup per 500"


# --- latency ----------------------------------------------------------------------------


def test_latency_is_survived_with_a_long_enough_timeout(
    make_client: ClientFactory, admin: EmulatorAdmin, server: McpServer
) -> None:
    client = make_client(timeout=10)
    admin.set_faults(latency_ms=150, latency_jitter_ms=50, seed=SEED)
    assert client.get_server(server.id) == server
    assert faults_of(admin, "GET") == {"none": 1}


def test_latency_beyond_the_timeout_fails_reads_after_retries(
    make_client: ClientFactory, admin: EmulatorAdmin, server: McpServer, sleeps: RecordingSleep
) -> None:
    """Proves the latency is real: a 50 ms read timeout cannot wait out 400 ms."""
    client = make_client(timeout=httpx.Timeout(0.05, connect=5), retry=_policy(3, sleeps))
    admin.set_faults(latency_ms=400)
    with pytest.raises(ComposioTransportError) as caught:
        client.get_server(server.id)
    assert caught.value.reason == "ReadTimeout"
    assert caught.value.attempts == 3
    assert len(sleeps.waits) == 2
    # The emulator logs a request when it has finished with it; wait for all three so
    # that none lands in the next test's log.
    assert _eventually(lambda: len(api_requests(admin, "GET")) == 3)


def test_create_that_times_out_is_not_resent(
    make_client: ClientFactory, admin: EmulatorAdmin, sleeps: RecordingSleep
) -> None:
    """A timed-out create is ambiguous: it is sent once, and the name lookup tells the truth.

    (The emulator applies latency before reading the body, so a client that gives up
    during it leaves nothing behind; ``commit_then_fail`` is the fault that does.)
    """
    client = make_client(timeout=httpx.Timeout(0.05, connect=5), retry=_policy(5, sleeps))
    admin.set_faults(latency_ms=300)
    with pytest.raises(AmbiguousCreateError) as caught:
        client.create_custom_server(REQUEST)
    assert isinstance(caught.value.cause, ComposioTransportError)
    assert caught.value.cause.reason == "ReadTimeout"
    assert sleeps.waits == []
    assert len(_eventually(lambda: api_requests(admin, "POST"))) == 1
    admin.set_faults()
    looked_up = [s.id for s in client.find_servers_by_exact_name(REQUEST.name)]
    assert looked_up == [s["id"] for s in servers_named(admin, REQUEST.name)]
    assert len(api_requests(admin, "POST")) == 1


def test_a_create_whose_answer_is_held_back_made_the_server_its_client_gave_up_on(
    make_client: ClientFactory, admin: EmulatorAdmin, sleeps: RecordingSleep
) -> None:
    """A held answer leaves the write done: the window a killed run falls into. The answer
    waits until released, so the client's timeout fires first however slow the machine."""
    client = make_client(timeout=httpx.Timeout(0.05, connect=5), retry=_policy(5, sleeps))
    admin.set_faults(hold="answers")
    with pytest.raises(AmbiguousCreateError):
        client.create_custom_server(REQUEST)
    assert len(servers_named(admin, REQUEST.name)) == 1
    assert admin.held() == 1
    admin.set_faults()
    assert _eventually(lambda: len(api_requests(admin, "POST")) == 1)
    assert admin.held() == 0


def test_answer_delay_holds_the_answer_after_the_write(
    raw: httpx.Client, admin: EmulatorAdmin
) -> None:
    admin.set_faults(answer_delay_ms=200)
    started = time.monotonic()
    answer = raw.post("/api/v3/mcp/servers/custom", json={"name": "slow answer"})
    assert answer.status_code == 201
    assert time.monotonic() - started >= 0.2


@pytest.mark.parametrize(("hold", "written_while_held"), [("answers", True), ("requests", False)])
def test_a_hold_keeps_requests_of_its_methods_waiting_until_the_plan_lets_them_go(
    raw: httpx.Client, admin: EmulatorAdmin, hold: str, written_while_held: bool
) -> None:
    admin.set_faults(hold=hold, methods=["POST"])
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        posted = pool.submit(raw.post, "/api/v3/mcp/servers/custom", json={"name": "held back"})
        assert _eventually(lambda: admin.held() == 1)
        assert raw.get("/api/v3/mcp/servers").status_code == 200, "a GET is not held"
        assert not posted.done()
        assert bool(servers_named(admin, "held back")) is written_while_held
        assert api_requests(admin, "POST") == [], "a held request is not logged yet"

        admin.set_faults()
        assert posted.result(timeout=30).status_code == 201
    assert len(servers_named(admin, "held back")) == 1
    assert admin.held() == 0


# --- dropped connections ----------------------------------------------------------------


def test_dropped_connection_on_the_wire(raw: httpx.Client, admin: EmulatorAdmin) -> None:
    admin.set_faults(drop_rate=1.0)
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        raw.post("/api/v3/mcp/servers/custom", json={"name": "dropped"})
    [logged] = admin.requests()
    assert logged["fault"] == "drop"
    assert admin.servers() == [], "a dropped request is not processed"
    admin.set_faults()
    assert raw.get("/api/v3/mcp/servers").status_code == 200, "the emulator lives on"


def test_reads_retry_dropped_connections_then_give_up(
    make_client: ClientFactory, admin: EmulatorAdmin, server: McpServer, sleeps: RecordingSleep
) -> None:
    client = make_client(retry=_policy(3, sleeps))
    admin.set_faults(drop_rate=1.0)
    with pytest.raises(ComposioTransportError) as caught:
        client.get_server(server.id)
    assert caught.value.attempts == 3
    assert caught.value.reason in {"RemoteProtocolError", "ReadError"}
    assert "\n" not in str(caught.value)
    assert faults_of(admin, "GET") == {"drop": 3}
    assert sleeps.waits == [0.5, 1.0]


def test_reads_recover_from_intermittent_drops(
    make_client: ClientFactory, admin: EmulatorAdmin, server: McpServer, sleeps: RecordingSleep
) -> None:
    client = make_client(retry=_policy(10, sleeps))
    admin.set_faults(drop_rate=0.5, seed=SEED)
    for _ in range(8):
        assert client.get_server(server.id) == server
    faults = faults_of(admin, "GET")
    assert faults["none"] == 8
    assert faults["drop"] >= 2
    assert len(sleeps.waits) == faults["drop"]


def test_create_is_not_resent_after_a_dropped_connection(
    client: ComposioClient, admin: EmulatorAdmin, sleeps: RecordingSleep
) -> None:
    admin.set_faults(drop_rate=1.0)
    with pytest.raises(AmbiguousCreateError) as caught:
        client.create_custom_server(REQUEST)
    assert isinstance(caught.value.cause, ComposioTransportError)
    assert faults_of(admin, "POST") == {"drop": 1}
    assert sleeps.waits == []
    assert admin.servers() == []


def test_idempotent_create_through_intermittent_drops_makes_one_server(
    client: ComposioClient, admin: EmulatorAdmin
) -> None:
    admin.set_faults(drop_rate=0.5, methods=["POST"], seed=CREATE_SEED)
    created = client.create_custom_server_idempotently(REQUEST)
    [stored] = servers_named(admin, REQUEST.name)
    assert stored["id"] == created.id
    faults = faults_of(admin, "POST")
    assert faults["none"] == 1
    assert faults["drop"] >= 1, "the seed should drop at least the first POST"
    assert len(api_requests(admin, "GET")) == 1 + faults["drop"], "one lookup per drop"


def test_idempotent_create_sends_nothing_if_the_first_lookup_fails(
    client: ComposioClient, admin: EmulatorAdmin
) -> None:
    """Without knowing which servers already carry the name, no POST is safe to send."""
    admin.set_faults(drop_rate=1.0, methods=["GET"])
    with pytest.raises(ComposioTransportError):
        client.create_custom_server_idempotently(REQUEST)
    assert api_requests(admin, "POST") == []
    assert faults_of(admin, "GET") == {"drop": 5}


def test_idempotent_create_stops_after_max_creates(
    client: ComposioClient, admin: EmulatorAdmin
) -> None:
    admin.set_faults(drop_rate=1.0, methods=["POST"])
    with pytest.raises(AmbiguousCreateError):
        client.create_custom_server_idempotently(REQUEST, max_creates=3)
    assert faults_of(admin, "POST") == {"drop": 3}
    assert len(api_requests(admin, "GET")) == 4, "one lookup before, one after each POST"
    assert admin.servers() == []


# --- commit, then fail ------------------------------------------------------------------


def test_commit_then_fail_on_the_wire(raw: httpx.Client, admin: EmulatorAdmin) -> None:
    admin.set_faults(commit_then_fail_rate=1.0)
    response = raw.post("/api/v3/mcp/servers/custom", json={"name": "committed"})
    assert response.status_code == 500
    assert response.json()["error"]["slug"] == "Internal_ServerError"
    assert "id" not in response.json()
    assert [s["name"] for s in admin.servers()] == ["committed"]
    assert admin.requests()[0]["fault"] == "commit_then_fail"


def test_commit_then_fail_passes_a_rejected_create_through(
    raw: httpx.Client, admin: EmulatorAdmin
) -> None:
    """Only a create that committed is turned into a 500; a 400 stays a 400."""
    admin.set_faults(commit_then_fail_rate=1.0)
    response = raw.post("/api/v3/mcp/servers/custom", json={"name": "no"})
    assert response.status_code == 400
    assert admin.requests()[0]["fault"] == "none"


def test_plain_create_after_commit_then_fail_is_ambiguous(
    client: ComposioClient, admin: EmulatorAdmin
) -> None:
    admin.set_faults(commit_then_fail_rate=1.0)
    with pytest.raises(AmbiguousCreateError) as caught:
        client.create_custom_server(REQUEST)
    assert isinstance(caught.value.cause, ServerSideError)
    assert caught.value.cause.status == 500
    assert len(api_requests(admin, "POST")) == 1
    assert len(servers_named(admin, REQUEST.name)) == 1, "it did commit"


def test_idempotent_create_after_commit_then_fail_makes_exactly_one(
    client: ComposioClient, admin: EmulatorAdmin, api_prefix: str
) -> None:
    admin.set_faults(commit_then_fail_rate=1.0)
    found = client.create_custom_server_idempotently(REQUEST)
    [stored] = servers_named(admin, REQUEST.name)
    assert found.id == stored["id"]
    assert found.name == REQUEST.name
    assert [(r["method"], r["status"], r["fault"]) for r in admin.requests()] == [
        ("GET", 200, "none"),
        ("POST", 500, "commit_then_fail"),
        ("GET", 200, "none"),
    ]
    assert all(r["path"].startswith(api_prefix + "/") for r in admin.requests())


def test_idempotent_create_does_not_take_a_strangers_server(
    make_client: ClientFactory, admin: EmulatorAdmin
) -> None:
    """A same-named server made earlier by someone else is not mistaken for ours."""
    client = make_client()
    stranger = client.create_custom_server(REQUEST)
    admin.set_faults(commit_then_fail_rate=1.0)
    ours = client.create_custom_server_idempotently(REQUEST)
    assert ours.id != stranger.id
    assert {s["id"] for s in servers_named(admin, REQUEST.name)} == {stranger.id, ours.id}
    assert len(api_requests(admin, "POST")) == 2


def test_update_that_commits_then_fails_is_retried_harmlessly(
    make_client: ClientFactory, admin: EmulatorAdmin, server: McpServer
) -> None:
    """A PATCH carries explicit values, so sending it twice is the same as once."""
    client = make_client(retry=RetryPolicy(max_attempts=10, sleep=lambda _: None))
    admin.set_faults(commit_then_fail_rate=0.5, commit_then_fail_on=["update"], seed=SEED)
    for name in ("first rename", "second rename", "third rename"):
        assert client.update_server(server.id, UpdateServerRequest(name=name)).name == name
    assert client.get_server(server.id).name == "third rename"
    assert faults_of(admin, "PATCH")["commit_then_fail"] >= 1


def test_delete_that_commits_then_fails_ends_in_not_found(
    client: ComposioClient, admin: EmulatorAdmin
) -> None:
    """The retry of a committed delete gets 404, which callers read as "already gone"."""
    made = client.create_custom_server(REQUEST)
    admin.set_faults(commit_then_fail_rate=1.0, commit_then_fail_on=["delete"])
    with pytest.raises(ServerNotFound):
        client.delete_server(made.id)
    assert [(r["status"], r["fault"]) for r in api_requests(admin, "DELETE")] == [
        (500, "commit_then_fail"),
        (404, "none"),
    ]
    assert client.get_server(made.id).deleted is True


# --- the rate limiter -------------------------------------------------------------------


def test_a_burst_beyond_the_rate_limit_gets_429(
    raw: httpx.Client, admin: EmulatorAdmin, server: McpServer
) -> None:
    admin.set_faults(requests_per_second=5)
    answers = [raw.get(f"/api/v3/mcp/{server.id}") for _ in range(15)]
    statuses = [answer.status_code for answer in answers]
    assert statuses[:5] == [200] * 5, "the bucket starts full"
    limited = [answer for answer in answers if answer.status_code == 429]
    assert limited, statuses
    for answer in limited:
        assert answer.json()["error"]["slug"] == "RateLimit_Exceeded"
        assert 0 < float(answer.headers["retry-after-ms"]) <= 200
        assert answer.headers["retry-after"] == "1"
    assert faults_of(admin, "GET")["rate_limited"] == len(limited)


def test_client_completes_a_burst_by_waiting_as_told(
    make_client: ClientFactory, admin: EmulatorAdmin, server: McpServer
) -> None:
    """The limiter refills in real time, so this client really sleeps (about 0.5 s)."""
    transport = RecordingTransport()
    real_sleeps = RecordingSleep(real=True)
    client = make_client(transport=transport, retry=_policy(10, real_sleeps))
    admin.set_faults(requests_per_second=20)
    for _ in range(30):
        assert client.get_server(server.id) == server
    hints = [
        float(x.headers["retry-after-ms"]) / 1000
        for x in transport.exchanges
        if x.status == 429 and x.headers is not None
    ]
    assert hints, "a burst of 30 at 20/s must hit the limiter"
    assert len(real_sleeps.waits) == len(hints)
    for wait, hint in zip(real_sleeps.waits, hints, strict=True):
        assert wait >= hint
    assert faults_of(admin, "GET") == {"none": 30, "rate_limited": len(hints)}


def test_a_rate_below_one_per_second_still_admits_requests(
    raw: httpx.Client, admin: EmulatorAdmin
) -> None:
    """``requests_per_second=0.8`` is a valid plan; waiting as told must get a request in."""
    admin.set_faults(requests_per_second=0.8)
    statuses = []
    for _ in range(3):
        response = raw.get("/api/v3/mcp/servers")
        statuses.append(response.status_code)
        if response.status_code != 429:
            break
        time.sleep(float(response.headers["retry-after-ms"]) / 1000)
    assert statuses[-1] == 200, statuses


def _policy(max_attempts: int, sleep: RecordingSleep) -> RetryPolicy:
    return RetryPolicy(max_attempts=max_attempts, sleep=sleep, random=lambda: 1.0)


def _eventually(probe: Any, attempts: int = 100) -> Any:
    """Poll ``probe`` until it returns something truthy (up to ~5 s), then return that."""
    for _ in range(attempts):
        found = probe()
        if found:
            return found
        time.sleep(0.05)
    return probe()
