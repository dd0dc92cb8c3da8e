"""The API calls a run made, as the emulator logged them: the one reader of that log.

The e2e, fault, scale and integration tests judge what the provider did by these calls rather
than by what Pulumi printed (which writes were sent, in which order, that a no-change run sent
none), and the benchmarks replay them; all of them read the log through this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pulumi_composio.emulator import EmulatorAdmin
from pulumi_composio.emulator.app import API_PREFIXES

__all__ = [
    "WRITE_METHODS",
    "ApiCall",
    "api_calls",
    "api_requests",
    "beyond_the_catalogue",
    "mcp_calls",
    "writes",
]

WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})


@dataclass(frozen=True)
class ApiCall:
    """One API request from the emulator's log; ``path_suffix`` drops ``/api/v3[.1]``, which
    ``prefix`` keeps."""

    method: str
    path: str
    status: int
    query: str = ""

    @property
    def prefix(self) -> str:
        for prefix in API_PREFIXES:
            if self.path.startswith(prefix + "/"):
                return prefix
        return ""

    @property
    def path_suffix(self) -> str:
        return self.path[len(self.prefix) :]


def api_requests(admin: EmulatorAdmin, method: str | None = None) -> list[dict[str, Any]]:
    """The emulator's request log as it answers it, optionally only one HTTP method."""
    return [r for r in admin.requests() if method is None or r["method"] == method]


def api_calls(log: list[dict[str, Any]]) -> list[ApiCall]:
    """The requests to the REST API, leaving out what MCP clients sent."""
    return [
        ApiCall(entry["method"], entry["path"], entry["status"], entry.get("query", ""))
        for entry in log
        if "mcp" not in entry and not entry["path"].startswith("/v3/mcp/")
    ]


def mcp_calls(log: list[dict[str, Any]], method: str = "tools/call") -> list[dict[str, Any]]:
    """What MCP clients asked, one JSON-RPC ``method``: for a tool call its ``tool`` and
    ``arguments``, with the request's ``path`` and ``query`` (which name server and user)."""
    return [
        {**entry["mcp"], "path": entry["path"], "query": entry["query"]}
        for entry in log
        if entry.get("mcp", {}).get("method") == method
    ]


def writes(log: list[dict[str, Any]]) -> list[ApiCall]:
    return [call for call in api_calls(log) if call.method in WRITE_METHODS]


def beyond_the_catalogue(log: list[dict[str, Any]]) -> list[ApiCall]:
    """The calls that were not reads of toolkits and tools: what a first preview, which asks
    Composio only whether its new slugs exist, must not make."""
    return [
        call
        for call in api_calls(log)
        if not (call.method == "GET" and call.path_suffix.startswith(("/toolkits", "/tools")))
    ]
