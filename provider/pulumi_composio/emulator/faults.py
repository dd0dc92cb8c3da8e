"""Faults the emulator can be told to inject, and the per-request draw that applies them.

A :class:`FaultPlan` is what a test ``PUT``s to ``/_emulator/faults``. Each API request
first waits out the plan's latency, then draws once: a status answer (with the error
envelope; 429 and 503 carry Retry-After), a dropped connection (the request is not
processed and the socket closes mid-answer), or nothing. A write that draws nothing may
still commit and then answer 500 (``commit_then_fail_rate``), the fault that makes a
create's outcome ambiguous. A token bucket (``requests_per_second``) answers 429 once the
load exceeds it, the way a real rate limiter does. ``hold`` stops requests, or their
answers, until a plan without it is put: what a test needs to make two things overlap for
certain rather than by timing.
"""

from __future__ import annotations

import enum
import math
import random
import threading
import time
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["Fault", "FaultDraw", "FaultPlan", "FaultPlanner", "Hold", "WriteKind"]

WriteKind = Literal["create", "update", "delete"]
Hold = Literal["requests", "answers"]
_CREATE_ONLY: tuple[WriteKind, ...] = ("create",)
_FAULT_STATUSES = frozenset({408, 409, 429, 500, 502, 503, 504})


class FaultPlan(BaseModel):
    """What to inject; the defaults inject nothing."""

    model_config = ConfigDict(extra="forbid")

    status_rates: dict[int, float] = Field(default_factory=dict)
    """Probability per request of answering with each status code, e.g. ``{429: 0.05}``."""
    retry_after_seconds: float = Field(default=1.0, ge=0, le=60)
    latency_ms: float = Field(default=0.0, ge=0, le=60_000)
    latency_jitter_ms: float = Field(default=0.0, ge=0, le=60_000)
    answer_delay_ms: float = Field(default=0.0, ge=0, le=60_000)
    """A wait after a request was processed, before its answer leaves: the window in which
    a write has happened but its client does not know yet (a slow way back)."""
    drop_rate: float = Field(default=0.0, ge=0, le=1)
    commit_then_fail_rate: float = Field(default=0.0, ge=0, le=1)
    commit_then_fail_on: list[WriteKind] = Field(default_factory=lambda: list(_CREATE_ONLY))
    requests_per_second: float | None = Field(default=None, gt=0)
    hold: Hold | None = None
    """``"requests"``: each request waits before any fault is drawn or anything is done;
    ``"answers"``: each request takes effect and its answer waits (where ``answer_delay_ms``
    applies). Either waits until a plan without ``hold`` replaces this one, however long
    that takes; ``GET /_emulator/requests`` counts the requests waiting (``held``)."""
    methods: list[str] | None = None
    """Only requests with these HTTP methods are faulted or held (latency applies to all)."""
    seed: int | None = None

    @model_validator(mode="after")
    def _rates_fit(self) -> FaultPlan:
        for status, rate in self.status_rates.items():
            if status not in _FAULT_STATUSES:
                raise ValueError(f"status_rates: {status} is not one of {sorted(_FAULT_STATUSES)}")
            if not 0 <= rate <= 1:
                raise ValueError(f"status_rates: the rate for {status} must be within 0..1")
        if sum(self.status_rates.values()) + self.drop_rate > 1:
            raise ValueError("status_rates and drop_rate add up to more than 1")
        return self


class Fault(enum.Enum):
    NONE = "none"
    STATUS = "status"
    DROP = "drop"
    RATE_LIMITED = "rate_limited"
    COMMIT_THEN_FAIL = "commit_then_fail"


@dataclass(frozen=True)
class FaultDraw:
    fault: Fault
    status: int = 0
    retry_after: float = 0.0


_NO_FAULT = FaultDraw(Fault.NONE)


class FaultPlanner:
    """Holds the current plan and draws a fault per request; safe across threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.replace(FaultPlan())

    @property
    def plan(self) -> FaultPlan:
        return self._plan

    def replace(self, plan: FaultPlan) -> None:
        with self._lock:
            self._plan = plan
            self._random = random.Random(plan.seed)
            self._tokens = max(plan.requests_per_second or 0.0, 1.0)
            self._refilled = time.monotonic()

    def latency(self) -> float:
        """Seconds to wait before answering."""
        plan = self._plan
        with self._lock:
            jitter = self._random.uniform(0, plan.latency_jitter_ms)
        return (plan.latency_ms + jitter) / 1000

    def answer_delay(self) -> float:
        """Seconds to hold a processed request's answer back."""
        return self._plan.answer_delay_ms / 1000

    def holds(self, hold: Hold, method: str) -> bool:
        """Whether the current plan holds requests (or answers) of this method."""
        plan = self._plan
        return plan.hold == hold and (plan.methods is None or method in plan.methods)

    def draw(self, method: str, write: WriteKind | None) -> FaultDraw:
        plan = self._plan
        if plan.methods is not None and method not in plan.methods:
            return _NO_FAULT
        with self._lock:
            limited = self._take_token(plan)
            if limited is not None:
                return FaultDraw(Fault.RATE_LIMITED, 429, limited)
            roll = self._random.random()
            for status, rate in sorted(plan.status_rates.items()):
                if roll < rate:
                    retry_after = plan.retry_after_seconds if status in (429, 503) else 0.0
                    return FaultDraw(Fault.STATUS, status, retry_after)
                roll -= rate
            if roll < plan.drop_rate:
                return FaultDraw(Fault.DROP)
            if write in plan.commit_then_fail_on and (
                self._random.random() < plan.commit_then_fail_rate
            ):
                return FaultDraw(Fault.COMMIT_THEN_FAIL, 500)
        return _NO_FAULT

    def _take_token(self, plan: FaultPlan) -> float | None:
        """Spend a token of the rate limiter; seconds until the next one if there is none."""
        rate = plan.requests_per_second
        if rate is None:
            return None
        now = time.monotonic()
        burst = max(rate, 1.0)  # below one request per second the bucket must still fill
        self._tokens = min(burst, self._tokens + (now - self._refilled) * rate)
        self._refilled = now
        if self._tokens >= 1:
            self._tokens -= 1
            return None
        return max(math.ceil((1 - self._tokens) / rate * 1000) / 1000, 0.001)
