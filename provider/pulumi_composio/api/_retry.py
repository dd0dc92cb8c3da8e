"""What each kind of request may do after a failed attempt, and how long to wait first.

Every request declares its :class:`Safety`, and the safety alone decides:

* **READ** (``GET``) and **IDEMPOTENT** requests (a ``PATCH`` with explicit values, a
  ``DELETE``, URL generation) can be sent again whatever happened to the first try. They are
  retried on 408, 409, 429, any 5xx, and on any timeout or network failure.
* A **CREATE** makes a new object each time it lands, and Composio has no idempotency key.
  It is re-sent only when Composio certainly did not process it: the connection was never
  established (``ConnectError``, ``ConnectTimeout``, ``PoolTimeout``), or the server answered
  408 or 429, which turn a request away without acting on it. A 409 is final: it says the
  object exists (or a conflicting create is under way), and re-sending it would only burn
  the retry budget. Everything else after the request left (read timeouts, dropped
  connections, 500/502/503/504) is *ambiguous*: the caller looks the object up by name
  instead of re-sending (see :mod:`._create`). 503 is ambiguous too: proxies use it for
  "never forwarded", but an application can also answer 503 after its database write, and
  guessing wrong makes a duplicate.

Waits use exponential backoff with full jitter, unless the server says how long to wait with
``retry-after-ms`` or ``retry-after`` (seconds or an HTTP date), which
:func:`retry_after_seconds` reads once per answer. Attempts and the total time spent are both
bounded. The clock, sleep and random source are injectable so tests never sleep.
"""

from __future__ import annotations

import email.utils
import enum
import math
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx

from ._safety import Safety

__all__ = [
    "NO_RETRY",
    "RetryPolicy",
    "Verdict",
    "judge_status",
    "judge_transport_error",
    "retry_after_seconds",
]

_TURNED_AWAY = frozenset({408, 429})
"""Statuses that reject a request without acting on it, whatever the request."""
_CONFLICT = 409


class Verdict(enum.Enum):
    """What a failed attempt means for the next step."""

    RETRY = "retry"
    """Safe and worth trying again (if the budget allows)."""
    FAIL = "fail"
    """A definite answer: raise it."""
    AMBIGUOUS = "ambiguous"
    """A create may have been processed: do not re-send blindly."""


def judge_status(status: int, safety: Safety) -> Verdict:
    """Judge a non-2xx answer."""
    if status in _TURNED_AWAY:
        return Verdict.RETRY
    if status == _CONFLICT:
        return Verdict.FAIL if safety is Safety.CREATE else Verdict.RETRY
    if status >= 500:
        return Verdict.AMBIGUOUS if safety is Safety.CREATE else Verdict.RETRY
    return Verdict.FAIL


def judge_transport_error(error: httpx.TransportError, safety: Safety) -> Verdict:
    """Judge an attempt that got no HTTP answer."""
    never_sent = isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    if never_sent:
        return Verdict.RETRY
    transient = isinstance(
        error, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError
    )
    if not transient:
        return Verdict.FAIL
    return Verdict.AMBIGUOUS if safety is Safety.CREATE else Verdict.RETRY


def retry_after_seconds(headers: Mapping[str, str], now: float) -> float | None:
    """The wait the server asked for, in seconds, or ``None`` if it did not ask.

    ``retry-after-ms`` (Composio's and Stainless's precise variant) wins over
    ``retry-after``, which is either delta-seconds or an HTTP date compared with ``now``
    (a Unix timestamp). A date in the past means "now", i.e. zero.
    """
    milliseconds = _finite_float(headers.get("retry-after-ms"))
    if milliseconds is not None and milliseconds >= 0:
        return milliseconds / 1000
    value = headers.get("retry-after")
    if value is None:
        return None
    seconds = _finite_float(value)
    if seconds is not None:
        return seconds if seconds >= 0 else None
    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        return None
    return max(0.0, email.utils.mktime_tz(parsed) - now)


def _finite_float(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class RetryPolicy:
    """How persistent the client is.

    ``max_attempts`` counts the first try. No retry starts once ``max_elapsed`` seconds
    have passed since the first try, or if its wait would end after that; an attempt in
    flight still runs to its own timeout. A server's ``retry-after`` is honoured as is,
    which means a request gives up at once when the server asks for a longer wait than
    the remaining budget.

    A 429 that says how long to wait is a rate limiter pacing us, not a failure: those
    retries do not spend ``max_attempts`` (a busy limiter turns many clients away
    several times each) but ``max_throttled_retries`` and the same time budget. The first
    such wait is exactly what the server asked for; when the same request is turned away
    again, the wait is at least that and at least a jittered backoff, so clients sharing
    one limiter (several CI runners in one Composio project) stop retrying in lockstep.
    """

    max_attempts: int = 5
    max_throttled_retries: int = 30
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_elapsed: float = 60.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    monotonic: Callable[[], float] = field(default=time.monotonic, repr=False, compare=False)
    wall_clock: Callable[[], float] = field(default=time.time, repr=False, compare=False)
    random: Callable[[], float] = field(default=random.random, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1 (the first try counts)")
        if self.initial_delay < 0 or self.max_delay < 0 or self.max_elapsed < 0:
            raise ValueError("delays and max_elapsed must not be negative")

    def backoff(self, retry_number: int) -> float:
        """Full-jitter wait before retry ``retry_number`` (1 for the first retry).

        Uniform in ``[0, min(max_delay, initial_delay * 2 ** (retry_number - 1))]``, so
        many clients hitting the same outage spread out instead of retrying in lockstep.
        """
        exponent = min(retry_number - 1, 64)
        ceiling = min(self.max_delay, self.initial_delay * 2.0**exponent)
        return ceiling * self.random()

    def wait_before_retry(
        self,
        attempts_made: int,
        started_at: float,
        hint: float | None = None,
        *,
        throttled: int = 0,
    ) -> float | None:
        """Seconds to wait before the next attempt, or ``None`` if the budget is spent.

        ``attempts_made`` counts the failed attempts, ``throttled`` the paced 429s among
        them (see the class docstring); ``hint`` is the wait the last answer asked for
        (:func:`retry_after_seconds`), if any.
        """
        if attempts_made - throttled >= self.max_attempts:
            return None
        if throttled > self.max_throttled_retries:
            return None
        hinted = hint
        if hinted is not None and throttled > 1:
            # A limiter shared with other clients tells them all the same short wait (the
            # time to its next token), so waiting exactly that again retries them in
            # lockstep and most are turned away once more: spread out instead.
            hinted = max(hinted, self.backoff(throttled - 1))
        wait = hinted if hinted is not None else self.backoff(attempts_made)
        elapsed = self.monotonic() - started_at
        if elapsed + wait > self.max_elapsed:
            return None
        return wait


NO_RETRY = RetryPolicy(max_attempts=1)
"""Try once; useful in tests and for callers that retry on their own."""
