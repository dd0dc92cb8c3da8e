from __future__ import annotations

import email.utils

import httpx
import pytest
from httpx import (
    LocalProtocolError,
    ReadError,
    ReadTimeout,
    RemoteProtocolError,
    UnsupportedProtocol,
    WriteError,
    WriteTimeout,
)
from hypothesis import given
from hypothesis import strategies as st

from pulumi_composio.api._retry import (
    RetryPolicy,
    Verdict,
    judge_status,
    judge_transport_error,
    retry_after_seconds,
)
from pulumi_composio.api._safety import Safety
from tests.support.client_fakes import FakeClock

REQUEST = httpx.Request("POST", "https://composio.test/api/v3/mcp/servers/custom")
NOW = 1_700_000_000.0


REPEATABLE = [Safety.READ, Safety.IDEMPOTENT]
"""The safeties whose requests may be sent again whatever happened to the first."""


@pytest.mark.parametrize("safety", REPEATABLE, ids=lambda s: s.value)
@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_reads_and_idempotent_writes_retry_retryable_statuses(status, safety):
    assert judge_status(status, safety) is Verdict.RETRY


@pytest.mark.parametrize("safety", REPEATABLE, ids=lambda s: s.value)
@pytest.mark.parametrize("status", [300, 400, 401, 403, 404, 422])
def test_reads_and_idempotent_writes_fail_at_once_on_definite_answers(status, safety):
    assert judge_status(status, safety) is Verdict.FAIL


@pytest.mark.parametrize("status", [408, 429])
def test_creates_retry_statuses_that_prove_nothing_was_processed(status):
    assert judge_status(status, Safety.CREATE) is Verdict.RETRY


def test_a_create_answered_409_is_final_since_every_retry_would_meet_the_same_answer():
    assert judge_status(409, Safety.CREATE) is Verdict.FAIL


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_creates_answered_with_5xx_are_ambiguous(status):
    assert judge_status(status, Safety.CREATE) is Verdict.AMBIGUOUS


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_creates_rejected_with_4xx_fail_at_once(status):
    assert judge_status(status, Safety.CREATE) is Verdict.FAIL


TransportFailure = type[httpx.TransportError]
Failures = list[TransportFailure]
NEVER_SENT: Failures = [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout]
MAYBE_SENT: Failures = [ReadTimeout, WriteTimeout, ReadError, WriteError, RemoteProtocolError]
OUR_FAULT: Failures = [UnsupportedProtocol, LocalProtocolError, httpx.ProxyError]
"""The verdict depends on the kind of failure only, never on its message."""


def failure(kind: TransportFailure) -> httpx.TransportError:
    return kind(f"{kind.__name__} on the way", request=REQUEST)


@pytest.mark.parametrize("safety", REPEATABLE, ids=lambda s: s.value)
@pytest.mark.parametrize("kind", NEVER_SENT + MAYBE_SENT, ids=lambda k: k.__name__)
def test_reads_retry_every_network_failure(kind: TransportFailure, safety: Safety) -> None:
    assert judge_transport_error(failure(kind), safety) is Verdict.RETRY


@pytest.mark.parametrize("kind", NEVER_SENT, ids=lambda k: k.__name__)
def test_creates_retry_when_the_connection_was_never_made(kind: TransportFailure) -> None:
    assert judge_transport_error(failure(kind), Safety.CREATE) is Verdict.RETRY


@pytest.mark.parametrize("kind", MAYBE_SENT, ids=lambda k: k.__name__)
def test_creates_that_failed_after_sending_are_ambiguous(kind: TransportFailure) -> None:
    assert judge_transport_error(failure(kind), Safety.CREATE) is Verdict.AMBIGUOUS


@pytest.mark.parametrize("kind", OUR_FAULT, ids=lambda k: k.__name__)
@pytest.mark.parametrize("safety", list(Safety))
def test_configuration_and_protocol_mistakes_are_not_retried(
    kind: TransportFailure, safety: Safety
) -> None:
    assert judge_transport_error(failure(kind), safety) is Verdict.FAIL


def test_retry_after_ms_wins_over_retry_after():
    headers = {"retry-after-ms": "1500", "retry-after": "30"}

    assert retry_after_seconds(headers, NOW) == 1.5


def test_retry_after_in_seconds_is_honoured_including_fractions():
    assert retry_after_seconds({"retry-after": "2"}, NOW) == 2.0
    assert retry_after_seconds({"retry-after": "0.25"}, NOW) == 0.25


def test_retry_after_as_an_http_date_counts_from_now():
    date = email.utils.formatdate(NOW + 7, usegmt=True)

    assert retry_after_seconds({"retry-after": date}, NOW) == pytest.approx(7, abs=1)


def test_retry_after_date_in_the_past_means_now():
    date = email.utils.formatdate(NOW - 60, usegmt=True)

    assert retry_after_seconds({"retry-after": date}, NOW) == 0.0


@pytest.mark.parametrize(
    "headers",
    [{}, {"retry-after": "soon"}, {"retry-after": "-3"}, {"retry-after": "nan"}],
)
def test_unusable_retry_after_is_ignored(headers):
    assert retry_after_seconds(headers, NOW) is None


def test_unusable_retry_after_ms_falls_back_to_retry_after():
    assert retry_after_seconds({"retry-after-ms": "x", "retry-after": "3"}, NOW) == 3.0


def test_header_names_are_case_insensitive_with_httpx_headers():
    assert retry_after_seconds(httpx.Headers({"Retry-After-Ms": "200"}), NOW) == 0.2


@given(
    retry_number=st.integers(min_value=1, max_value=200),
    jitter=st.floats(min_value=0, max_value=1, exclude_max=True),
)
def test_backoff_stays_within_the_exponential_ceiling(retry_number, jitter):
    policy = RetryPolicy(initial_delay=0.5, max_delay=8.0, random=lambda: jitter)

    wait = policy.backoff(retry_number)

    ceiling = min(8.0, 0.5 * 2 ** (retry_number - 1))
    assert 0 <= wait <= ceiling


def test_backoff_doubles_until_the_cap():
    policy = RetryPolicy(initial_delay=0.5, max_delay=3.0, random=lambda: 1.0)

    assert [policy.backoff(n) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_backoff_is_fully_jittered_down_to_zero():
    assert RetryPolicy(random=lambda: 0.0).backoff(4) == 0.0
    assert RetryPolicy(initial_delay=1.0, random=lambda: 0.5).backoff(3) == 2.0


def test_no_wait_once_attempts_are_used_up():
    clock = FakeClock()
    policy = clock.policy(max_attempts=3)

    assert policy.wait_before_retry(2, clock.now) is not None
    assert policy.wait_before_retry(3, clock.now) is None


def test_no_retry_would_end_after_the_time_budget():
    clock = FakeClock()
    policy = clock.policy(max_elapsed=10.0, initial_delay=4.0, max_delay=4.0)
    started = clock.now
    clock.now += 6.5

    assert policy.wait_before_retry(1, started) is None
    clock.now -= 1
    assert policy.wait_before_retry(1, started) == 4.0


def test_server_requested_wait_replaces_backoff():
    clock = FakeClock()
    policy = clock.policy()

    assert policy.wait_before_retry(1, clock.now, 3.0) == 3.0


def test_server_requested_wait_beyond_the_budget_gives_up():
    clock = FakeClock()
    policy = clock.policy(max_elapsed=60.0)

    assert policy.wait_before_retry(1, clock.now, 120.0) is None


def test_policy_refuses_zero_attempts_and_negative_delays():
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError, match="negative"):
        RetryPolicy(max_delay=-1)


def test_policy_repr_shows_numbers_not_functions():
    assert repr(RetryPolicy()) == (
        "RetryPolicy(max_attempts=5, max_throttled_retries=30, initial_delay=0.5, max_delay=8.0, "
        "max_elapsed=60.0)"
    )


def test_paced_429s_spend_their_own_budget_not_the_attempts():
    clock = FakeClock()
    policy = clock.policy(max_attempts=2, max_throttled_retries=3)
    paced = 0.25

    assert policy.wait_before_retry(5, clock.now, paced, throttled=4) is None
    assert policy.wait_before_retry(2, clock.now, paced, throttled=1) == 0.25
    assert policy.wait_before_retry(2, clock.now, paced, throttled=0) is None


def test_a_request_turned_away_again_spreads_out_but_never_waits_less_than_asked():
    """Runners sharing one limiter are all told the same short wait; a request that is
    turned away again waits a growing jittered backoff, or the hint if that is longer."""
    clock = FakeClock()
    paced = 0.25
    spread = clock.policy(jitter=1.0)
    assert spread.wait_before_retry(1, clock.now, paced, throttled=1) == 0.25
    assert spread.wait_before_retry(2, clock.now, paced, throttled=2) == 0.5
    assert spread.wait_before_retry(3, clock.now, paced, throttled=3) == 1.0
    assert spread.wait_before_retry(3, clock.now, 5.0, throttled=3) == 5.0
    assert clock.policy(jitter=0.0).wait_before_retry(3, clock.now, paced, throttled=3) == 0.25
