"""Test doubles for the Composio client: a fake clock and a scripted HTTP transport."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import httpx

from pulumi_composio.api._retry import RetryPolicy
from pulumi_composio.api.client import ComposioClient

API_KEY = "sk-test-SECRET123"
BASE_URL = "https://composio.test"

Reply = httpx.Response | Exception
Handler = Callable[[httpx.Request], Reply]


@dataclass
class FakeClock:
    """Monotonic and wall time that only move when the client sleeps."""

    now: float = 1_000.0
    wall: float = 1_700_000_000.0
    sleeps: list[float] = field(default_factory=list)

    def monotonic(self) -> float:
        return self.now

    def wall_clock(self) -> float:
        return self.wall

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        self.wall += seconds

    def policy(self, *, jitter: float = 1.0, **overrides: Any) -> RetryPolicy:
        return RetryPolicy(
            sleep=self.sleep,
            monotonic=self.monotonic,
            wall_clock=self.wall_clock,
            random=lambda: jitter,
            **overrides,
        )


class Recorder:
    """An ``httpx`` transport that records requests and answers with a handler."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        reply = self.handler(request)
        if isinstance(reply, Exception):
            raise reply
        return reply

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)

    def calls(self, method: str | None = None) -> list[httpx.Request]:
        return [r for r in self.requests if method is None or r.method == method]

    def bodies(self, method: str) -> list[Any]:
        return [json.loads(r.content) for r in self.calls(method)]


def scripted(replies: Iterable[Reply]) -> Handler:
    """Answer with ``replies`` in order, whatever the request."""
    queue = list(replies)

    def handler(request: httpx.Request) -> Reply:
        if not queue:
            raise AssertionError(f"unexpected extra request {request.method} {request.url}")
        return queue.pop(0)

    return handler


def make_client(
    handler: Handler, clock: FakeClock | None = None, **policy: Any
) -> tuple[ComposioClient, Recorder, FakeClock]:
    recorder = Recorder(handler)
    clock = clock or FakeClock()
    client = ComposioClient(
        API_KEY,
        base_url=BASE_URL,
        transport=recorder.transport(),
        retry=clock.policy(**policy),
    )
    return client, recorder, clock


def server_json(**overrides: Any) -> dict[str, Any]:
    """A full server as ``GET /mcp/{id}`` returns it."""
    server_id = overrides.pop("id", "srv-1")
    body: dict[str, Any] = {
        "id": server_id,
        "name": "support tools",
        "toolkits": ["github", "slack"],
        "allowed_tools": ["GITHUB_CREATE_ISSUE"],
        "auth_config_ids": ["ac_1"],
        "managed_auth_via_composio": True,
        "mcp_url": f"https://mcp.composio.test/{server_id}",
        "commands": {
            "cursor": f"npx cursor add {server_id}",
            "claude": f"npx claude add {server_id}",
            "windsurf": f"npx windsurf add {server_id}",
        },
        "created_at": "2025-01-01T00:00:00Z",
        "updated_at": "2025-01-01T00:00:00Z",
        "deleted": False,
        "server_instance_count": 0,
        "toolkit_icons": {"github": "https://icons.test/github.png"},
    }
    body.update(overrides)
    return body


def created_json(**overrides: Any) -> dict[str, Any]:
    """The 201 answer to a create."""
    full = server_json(**overrides)
    keys = ("id", "name", "auth_config_ids", "allowed_tools", "mcp_url", "commands")
    return {key: full[key] for key in keys}


def page_json(items: list[dict[str, Any]], current_page: int = 1, total_pages: int = 1) -> Any:
    return {"items": items, "current_page": current_page, "total_pages": total_pages}


def envelope(status: int, message: str = "Something went wrong", **fields: Any) -> Any:
    error = {"message": message, "code": status, "slug": "some_error", "status": status}
    error.update(fields)
    return {"error": error}


def error_response(status: int, message: str = "Something went wrong", **fields: Any) -> Any:
    headers = fields.pop("headers", None)
    return httpx.Response(status, json=envelope(status, message, **fields), headers=headers)


class FakeComposio:
    """Just enough of the MCP API, in memory, to test create-then-look-up flows.

    ``create_faults`` scripts what each POST does: ``"ok"``, ``"commit-then-500"`` (the
    server is stored but the answer is a 500), ``"500"`` or ``"read-timeout"`` (nothing
    stored). Lists honour ``name`` (case-insensitive partial), ``page_no`` and ``limit``.
    """

    def __init__(self, create_faults: Iterable[str] = ()) -> None:
        self.servers: dict[str, dict[str, Any]] = {}
        self.create_faults = list(create_faults)
        self.list_fault: Reply | None = None

    def add(self, name: str, **fields: Any) -> dict[str, Any]:
        server = server_json(id=f"srv-{len(self.servers) + 1}", name=name, **fields)
        self.servers[server["id"]] = server
        return server

    def __call__(self, request: httpx.Request) -> Reply:
        if request.method == "POST" and request.url.path.endswith("/mcp/servers/custom"):
            return self._create(request)
        if request.method == "GET" and request.url.path.endswith("/mcp/servers"):
            return self.list_fault if self.list_fault is not None else self._list(request)
        raise AssertionError(f"unexpected {request.method} {request.url}")

    def _create(self, request: httpx.Request) -> Reply:
        fault = self.create_faults.pop(0) if self.create_faults else "ok"
        if fault == "read-timeout":
            return httpx.ReadTimeout("timed out", request=request)
        if fault == "500":
            return error_response(500, "Internal error")
        server = self.add(json.loads(request.content)["name"])
        if fault == "commit-then-500":
            return error_response(500, "Internal error after commit")
        return httpx.Response(201, json=created_json(**server))

    def _list(self, request: httpx.Request) -> Reply:
        params = request.url.params
        wanted = params.get("name", "").lower()
        matches = [s for s in self.servers.values() if wanted in s["name"].lower()]
        limit = int(params.get("limit", "10"))
        page_no = int(params.get("page_no", "1"))
        total_pages = max(1, -(-len(matches) // limit))
        items = matches[(page_no - 1) * limit : page_no * limit]
        return httpx.Response(200, json=page_json(items, page_no, total_pages))
