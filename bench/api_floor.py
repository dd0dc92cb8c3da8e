"""The API floor: the provider's HTTP calls for one operation, replayed by a plain script.

The Python dynamic-provider server handles at most 4 resource operations at a time (its
gRPC server has 4 worker threads), so no provider can beat 4 concurrent callers making the
same calls over one reused connection pool. That is what this module does, with httpx and
nothing of the provider: its time is what the API itself imposes on the operation.

The emulator's request log holds each call's method, path and query but not its body, so
the replay rebuilds equivalent calls. Calls are grouped into one chain per server (its
name lookup, then its create, then its reads, updates and deletes), because within one
server the provider makes them one after the other; chains run 4 at a time. The floor
keeps servers of its own, on an emulator of its own so that they never show up in the
provider's listings: creates use fresh unique names, and every later call targets the
floor's server in the same position as the provider's, so that each replayed call does the
same work on the emulator as the call it stands for.
"""

from __future__ import annotations

import time
import urllib.parse
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx
from programs import Spec

from tests.support.api_log import api_calls

__all__ = ["ApiFloor", "Call", "calls_from_log", "chains", "count_calls"]

Kind = Literal["list", "create", "get", "update", "delete", "other"]
WORKERS = 4
_CHAIN_ORDER: tuple[Kind, ...] = ("list", "create", "get", "update", "delete")


@dataclass(frozen=True)
class Call:
    """One logged API request, reduced to what the replay needs."""

    method: str
    path: str
    query: str
    prefix: str
    kind: Kind


def _kind(method: str, route: str) -> Kind:
    if route == "/mcp/servers" and method == "GET":
        return "list"
    if route == "/mcp/servers/custom" and method == "POST":
        return "create"
    if route.startswith("/mcp/") and route.count("/") == 2:
        return {"GET": "get", "PATCH": "update", "DELETE": "delete"}.get(method, "other")  # type: ignore[return-value]
    return "other"


def calls_from_log(log: list[dict[str, Any]]) -> list[Call]:
    """The emulator's request log as :class:`Call`s, in the order they finished."""
    return [
        Call(
            call.method,
            call.path_suffix,
            call.query,
            call.prefix,
            _kind(call.method, call.path_suffix),
        )
        for call in api_calls(log)
    ]


def listing_wait_s(log: list[dict[str, Any]]) -> float:
    """How long the first create waited for the listing before it: from the first ``GET``
    of the log to its first ``POST`` (0 when it has no ``POST`` or nothing before one).

    An up of new servers reads the existing ones once before its first create (name
    protection and the take-back of an interrupted create), a round trip that a no-op
    floor never makes."""
    posts = [entry["time"] for entry in log if entry["method"] == "POST"]
    gets = [entry["time"] for entry in log if entry["method"] == "GET"]
    if not posts or not gets or min(gets) > min(posts):
        return 0.0
    return float(min(posts) - min(gets))


def count_calls(calls: list[Call]) -> dict[str, int]:
    """Calls by HTTP method, plus ``total``."""
    counts = Counter(call.method for call in calls)
    return {"total": len(calls), **dict(sorted(counts.items()))}


def chains(calls: list[Call]) -> list[list[Call]]:
    """Group calls into per-server chains: chain i takes the i-th call of each kind.

    The log interleaves servers (4 run at once), but the provider's pattern per server is
    the same for all of them, so dealing each kind out in turn rebuilds one chain per
    server with exactly the logged multiset of calls.
    """
    by_kind: dict[Kind, list[Call]] = {kind: [] for kind in (*_CHAIN_ORDER, "other")}
    for call in calls:
        by_kind[call.kind].append(call)
    width = max((len(found) for found in by_kind.values()), default=0)
    return [
        [by_kind[kind][index] for kind in (*_CHAIN_ORDER, "other") if index < len(by_kind[kind])]
        for index in range(width)
    ]


@dataclass
class ApiFloor:
    """A plain httpx caller with servers of its own, kept across one stack's lifecycle."""

    base_url: str
    api_key: str
    server_ids: list[str] = field(default_factory=list)

    def replay(self, calls: list[Call], spec: Spec) -> float:
        """Run the calls as :func:`chains` on 4 workers; the wall time in seconds."""
        work = chains(calls)
        with httpx.Client(
            base_url=self.base_url, headers={"x-api-key": self.api_key}, timeout=30
        ) as http:
            created: list[str | None] = [None] * len(work)
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=WORKERS) as pool:
                futures = [
                    pool.submit(self._run_chain, http, index, chain, spec, created)
                    for index, chain in enumerate(work)
                ]
                for future in futures:
                    future.result()
            elapsed = time.perf_counter() - started
        new_ids = [server_id for server_id in created if server_id]
        if new_ids:
            self.server_ids = new_ids
        return elapsed

    def _run_chain(
        self,
        http: httpx.Client,
        index: int,
        chain: list[Call],
        spec: Spec,
        created: list[str | None],
    ) -> None:
        name = f"floor-{uuid.uuid4().hex[:12]}"
        server_id = self.server_ids[index % len(self.server_ids)] if self.server_ids else None
        for call in chain:
            response = self._send(http, call, name, server_id, spec)
            if call.kind == "create":
                server_id = response.json()["id"]
                created[index] = server_id

    def _send(
        self, http: httpx.Client, call: Call, name: str, server_id: str | None, spec: Spec
    ) -> httpx.Response:
        path, params, body = call.path, call.query, None
        if call.kind == "list":
            params = _with_name(call.query, name)
        elif call.kind == "create":
            body = {
                "name": name,
                "toolkits": list(spec.toolkits),
                "allowed_tools": list(spec.allowed_tools),
                "auth_config_ids": [],
            }
        elif call.kind in ("get", "update", "delete") and server_id is not None:
            path = f"/mcp/{server_id}"
            if call.kind == "update":
                body = {"toolkits": list(spec.toolkits)}
        response = http.request(call.method, call.prefix + path, params=params, json=body)
        if response.status_code >= 400 and call.kind != "delete":
            raise RuntimeError(f"API floor: {call.method} {path} -> {response.status_code}")
        return response


def _with_name(query: str, name: str) -> str:
    """The logged list query with the provider's server name swapped for the floor's."""
    pairs = [(k, name if k == "name" else v) for k, v in urllib.parse.parse_qsl(query)]
    return urllib.parse.urlencode(pairs)
