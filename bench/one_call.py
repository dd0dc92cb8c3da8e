"""A dynamic resource that makes exactly one API call per operation: the one-call floor.

Any provider must pay at least one round trip to the API to create, read, update or
delete a server; the engine floor (:mod:`noop`) pays none, so a provider cannot come near
it once the API has latency, and the API floor (:mod:`api_floor`) pays no engine. This
resource pays both, and nothing else: each ``create`` sends the same ``POST`` as the
provider's create, each ``read`` (refresh) one ``GET`` of its server, each ``update``
one ``PATCH`` and each ``delete`` one ``DELETE``; ``diff`` makes no call, so a no-change
preview costs what the engine floor costs.

The calls are real HTTP requests, not sleeps of the emulator's latency, because a sleep
would leave out what no provider can avoid either: an HTTP client in the plugin, the
loopback round trip and the emulator's own work, all taking CPU on the same machine. They
go to an emulator of their own (``BENCH_ONE_CALL_URL``, with the same injected latency
as the provider's), so that the floor's servers never appear in the provider's listings
and its requests never in the provider's request log. The URL and key come from the
environment, which the plugin inherits from the CLI, so that no key is written to state.

Like :mod:`noop`, the module is importable so that dill pickles the provider by reference.
"""

from __future__ import annotations

import os
import threading
import uuid
from typing import Any

import httpx
import pulumi
from noop import NoopProvider
from pulumi.dynamic import CreateResult, ReadResult, Resource, UpdateResult

URL_VARIABLE = "BENCH_ONE_CALL_URL"
KEY_VARIABLE = "BENCH_ONE_CALL_API_KEY"
API_PREFIX = "/api/v3"

_client: httpx.Client | None = None
_client_lock = threading.Lock()


def _http() -> httpx.Client:
    """One client per plugin process, shared by the host's 4 worker threads, so that
    connections are reused as the provider's own client reuses them."""
    global _client
    with _client_lock:
        if _client is None:
            _client = httpx.Client(
                base_url=os.environ[URL_VARIABLE] + API_PREFIX,
                headers={"x-api-key": os.environ[KEY_VARIABLE]},
                timeout=60,
            )
        return _client


def _call(method: str, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    response = _http().request(method, path, json=body)
    if response.status_code >= 400:
        raise RuntimeError(f"one-call floor: {method} {path} -> {response.status_code}")
    answer: dict[str, Any] = response.json()
    return answer


class OneCallProvider(NoopProvider):
    """:class:`NoopProvider` plus one API call in each of create, read, update, delete."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        answer = _call(
            "POST",
            "/mcp/servers/custom",
            {
                "name": f"floor-{uuid.uuid4().hex[:12]}",
                "toolkits": list(props["toolkits"]),
                "allowed_tools": list(props["allowed_tools"]),
                "auth_config_ids": [],
            },
        )
        return CreateResult(answer["id"], props)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        _call("GET", f"/mcp/{id_}")
        return ReadResult(id_, props)

    def update(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> UpdateResult:
        _call("PATCH", f"/mcp/{_id}", {"toolkits": list(_news["toolkits"])})
        return UpdateResult(_news)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        _call("DELETE", f"/mcp/{_id}")


class OneCallResource(Resource, module="bench", name="OneCall"):
    """A resource with the same inputs as a ``CustomMcpServer`` and one call per operation."""

    def __init__(
        self,
        resource_name: str,
        props: dict[str, Any],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(OneCallProvider(), resource_name, props, opts)
