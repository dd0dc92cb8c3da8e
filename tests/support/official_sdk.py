"""Composio's official Python SDK pointed at an emulator, as the integration tests use it.

The SDK validates every answer strictly here, so a shape the emulator gets wrong fails the
test instead of being filled in with defaults. With ``prefix`` its requests, which it always
sends under ``/api/v3.1``, go under that prefix instead, so one test covers both.
"""

from __future__ import annotations

from collections.abc import Callable

import composio_client
import httpx
import pytest

from pulumi_composio.emulator import RunningEmulator
from tests.support.emulator_keys import API_KEY

__all__ = ["SDK_ENVIRONMENT", "official_sdk", "refused_with_a_wrong_key"]

SDK_ENVIRONMENT = ("COMPOSIO_API_KEY", "COMPOSIO_BASE_URL", "COMPOSIO_CUSTOM_HEADERS")
"""Variables the SDK reads on its own; tests unset them so only what they pass counts."""


def official_sdk(
    emulator: RunningEmulator,
    *,
    api_key: str = API_KEY,
    prefix: str | None = None,
    max_retries: int = 0,
) -> composio_client.Composio:
    return composio_client.Composio(
        api_key=api_key,
        base_url=emulator.url,
        max_retries=max_retries,
        http_client=None if prefix is None else _moved_to(prefix),
        _strict_response_validation=True,
    )


def _moved_to(prefix: str) -> httpx.Client:
    def move(request: httpx.Request) -> None:
        path = request.url.path
        if path.startswith("/api/v3.1/"):
            request.url = request.url.copy_with(path=prefix + path[len("/api/v3.1") :])

    return httpx.Client(event_hooks={"request": [move]})


def refused_with_a_wrong_key(
    emulator: RunningEmulator, call: Callable[[composio_client.Composio], object]
) -> None:
    """``call`` made through an SDK holding a key the emulator does not know is refused."""
    with (
        official_sdk(emulator, api_key="ck_wrong") as wrong,
        pytest.raises(composio_client.AuthenticationError),
    ):
        call(wrong)
