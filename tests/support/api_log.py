"""The API calls a run made, as the emulator logged them.

The e2e, fault and scale tests judge what the provider did by these calls rather than by what
Pulumi printed: which writes were sent, in which order, and that a no-change run sent none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})


@dataclass(frozen=True)
class ApiCall:
    """One API request from the emulator's log; ``path_suffix`` drops ``/api/v3[.1]``."""

    method: str
    path: str
    status: int

    @property
    def path_suffix(self) -> str:
        for prefix in ("/api/v3.1", "/api/v3"):
            if self.path.startswith(prefix + "/"):
                return self.path[len(prefix) :]
        return self.path


def api_calls(log: list[dict[str, Any]]) -> list[ApiCall]:
    return [ApiCall(entry["method"], entry["path"], entry["status"]) for entry in log]


def writes(log: list[dict[str, Any]]) -> list[ApiCall]:
    return [call for call in api_calls(log) if call.method in WRITE_METHODS]
