"""What a client did, written down instead of measured: its retry waits and its exchanges.

A test of five retries with one-second hints then runs in milliseconds, and sees exactly
which JSON fields a PATCH carried or which ``retry-after-ms`` preceded a wait.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import httpx

__all__ = ["Exchange", "RecordingSleep", "RecordingTransport"]


@dataclass
class RecordingSleep:
    """A retry policy's ``sleep`` that writes every wait down.

    With ``real=False`` (the default) it returns at once, so a test of five retries with
    one-second hints still runs in milliseconds; ``real=True`` also sleeps, for the rate
    limiter, whose tokens refill with the emulator's clock.
    """

    real: bool = False
    waits: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        if self.real:
            time.sleep(seconds)


@dataclass
class Exchange:
    """One HTTP exchange as the client's transport saw it."""

    method: str
    path: str
    body: bytes
    status: int | None
    headers: httpx.Headers | None


class RecordingTransport(httpx.HTTPTransport):
    """A real network transport that keeps what was sent and the status that came back.

    The emulator's request log has no bodies; this is how a test sees exactly which
    JSON fields a PATCH carried, or which ``retry-after-ms`` preceded a wait.
    """

    def __init__(self) -> None:
        super().__init__()
        self.exchanges: list[Exchange] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        exchange = Exchange(request.method, request.url.path, request.read(), None, None)
        self.exchanges.append(exchange)
        response = super().handle_request(request)
        exchange.status = response.status_code
        exchange.headers = response.headers
        return response
