"""Shared fixtures for tests that talk real HTTP to a real emulator process.

Starting the emulator costs about half a second, so each test process (each xdist worker)
starts one and shares it; every test begins with ``admin.reset()`` (no servers, no
faults, an empty request log), which keeps tests independent without paying for a
fresh process each time. Clients get a :class:`RecordingSleep` in their retry policy so
that waits are observed as numbers instead of being measured with a clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from pulumi_composio.api.client import ComposioClient, RetryPolicy
from pulumi_composio.api.models import CreateCustomServerRequest, McpServer
from pulumi_composio.emulator import EmulatorAdmin, RunningEmulator, start_emulator

API_KEY = "ck_integration_live_7f3a9c2e51"
"""The emulator's write key; tests check it never shows up in an error message."""
READ_ONLY_KEY = "ck_integration_read_5b8d0e4f"
ADMIN_TOKEN = "emulator-admin-token-1d2c"
PREFIXES = ("/api/v3", "/api/v3.1")


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


@pytest.fixture(scope="session")
def running_emulator() -> Iterator[RunningEmulator]:
    with start_emulator(
        api_key=API_KEY, read_only_key=READ_ONLY_KEY, admin_token=ADMIN_TOKEN
    ) as emulator:
        yield emulator


@pytest.fixture
def emulator(running_emulator: RunningEmulator) -> RunningEmulator:
    """The shared emulator, emptied: no servers, no faults, no logged requests."""
    running_emulator.admin.reset()
    return running_emulator


@pytest.fixture
def admin(emulator: RunningEmulator) -> EmulatorAdmin:
    return emulator.admin


@pytest.fixture
def sleeps() -> RecordingSleep:
    return RecordingSleep()


ClientFactory = Callable[..., ComposioClient]


@pytest.fixture
def make_client(emulator: RunningEmulator, sleeps: RecordingSleep) -> Iterator[ClientFactory]:
    """Build clients against the emulator; they are closed when the test ends.

    Defaults: the write key, ``/api/v3``, and a retry policy that records its waits
    instead of sleeping (shared ``sleeps`` fixture) with no jitter, so backoff is exact.
    """
    made: list[ComposioClient] = []

    def factory(
        *,
        api_key: str = API_KEY,
        api_prefix: str = "/api/v3",
        retry: RetryPolicy | None = None,
        **kwargs: Any,
    ) -> ComposioClient:
        policy = retry or RetryPolicy(max_attempts=5, sleep=sleeps, random=lambda: 1.0)
        client = ComposioClient(
            api_key, base_url=emulator.url, api_prefix=api_prefix, retry=policy, **kwargs
        )
        made.append(client)
        return client

    yield factory
    for client in made:
        client.close()


@pytest.fixture(params=PREFIXES)
def api_prefix(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def client(make_client: ClientFactory, api_prefix: str) -> ComposioClient:
    """A write-key client under each API prefix in turn."""
    return make_client(api_prefix=api_prefix)


@pytest.fixture
def raw(emulator: RunningEmulator) -> Iterator[httpx.Client]:
    """Plain httpx against the emulator, sending the write key; no retries, no models."""
    with httpx.Client(base_url=emulator.url, headers={"x-api-key": API_KEY}, timeout=10) as http:
        yield http


def api_requests(admin: EmulatorAdmin, method: str | None = None) -> list[dict[str, Any]]:
    """The emulator's request log, optionally only one HTTP method."""
    return [r for r in admin.requests() if method is None or r["method"] == method]


def make_server(client: ComposioClient, name: str, **fields: Any) -> McpServer:
    """Create a server and read it back whole (the create answer is the short form)."""
    created = client.create_custom_server(CreateCustomServerRequest(name=name, **fields))
    return client.get_server(created.id)
