"""An API route as the wire tests call it, with ``{id}`` standing for the resource's id.

The server and auth-config tests send every route of their API with no key, a wrong key,
a read-only key or an unknown id; one definition of how a route is sent serves them all.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

import httpx

__all__ = ["Route"]


class Route(NamedTuple):
    method: str
    path: str
    body: dict[str, Any] | None = None

    def send(self, http: httpx.Client, resource_id: str, prefix: str = "") -> httpx.Response:
        """Send this route under ``prefix``, ``{id}`` in its path and body made ``resource_id``."""
        body = self.body
        if body is not None:
            body = json.loads(json.dumps(body).replace("{id}", resource_id))
        path = prefix + self.path.replace("{id}", resource_id)
        return http.request(self.method, path, json=body)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"
