"""Shared fixtures for tests that talk real HTTP to a real emulator process.

Starting the emulator costs about half a second, so each test process (each xdist worker)
starts one and shares it; every test begins with ``admin.reset()`` (no servers, no
faults, an empty request log), which keeps tests independent without paying for a
fresh process each time. Clients get a :class:`RecordingSleep` in their retry policy so
that waits are observed as numbers instead of being measured with a clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import composio_client
import httpx
import pytest

from pulumi_composio.api.client import ComposioClient, RetryPolicy
from pulumi_composio.emulator import EmulatorAdmin, RunningEmulator, start_emulator
from tests.support.emulator_calls import ClientFactory
from tests.support.emulator_keys import ADMIN_TOKEN, API_KEY, PREFIXES, READ_ONLY_KEY
from tests.support.official_sdk import SDK_ENVIRONMENT, official_sdk
from tests.support.recording_client import RecordingSleep


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


@pytest.fixture(params=PREFIXES)
def sdk_prefix(request: pytest.FixtureRequest) -> str | None:
    """Where the official SDK's requests go: each API prefix in turn (``None``: its own)."""
    return str(request.param)


@pytest.fixture
def composio(
    sdk_prefix: str | None, emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch
) -> Iterator[composio_client.Composio]:
    """The official SDK, validating answers strictly, against the emulator; none of its
    environment variables leak in."""
    for variable in SDK_ENVIRONMENT:
        monkeypatch.delenv(variable, raising=False)
    with official_sdk(emulator, prefix=sdk_prefix) as client:
        yield client
