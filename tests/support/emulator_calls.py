"""Calls to a running emulator that many integration tests make the same way.

Making a server and reading it back whole, and checking the
error envelope Composio answers with: one definition each, so the tests differ only in
what they are about.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx

from pulumi_composio.api.client import ComposioClient
from pulumi_composio.api.models import CreateCustomServerRequest, McpServer

__all__ = ["ENVELOPE_FIELDS", "ClientFactory", "check_envelope", "make_server"]

ClientFactory = Callable[..., ComposioClient]
ENVELOPE_FIELDS = {"message", "code", "slug", "status", "request_id", "suggested_fix", "errors"}


def make_server(client: ComposioClient, name: str, **fields: Any) -> McpServer:
    """Create a server and read it back whole (the create answer is the short form)."""
    created = client.create_custom_server(CreateCustomServerRequest(name=name, **fields))
    return client.get_server(created.id)


def check_envelope(response: httpx.Response, status: int, slug: str) -> dict[str, Any]:
    """Assert Composio's error envelope and return its inside."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert {"message", "code", "slug", "status"} <= set(error) <= ENVELOPE_FIELDS
    assert error["status"] == status
    assert error["code"] == status
    assert error["slug"] == slug
    assert isinstance(error["message"], str)
    assert error["message"]
    assert error["request_id"] == response.headers["x-request-id"]
    assert re.fullmatch(r"req_[0-9a-f]{20}", error["request_id"])
    if "errors" in error:
        assert isinstance(error["errors"], list)
        assert all(isinstance(item, str) for item in error["errors"])
    return dict(error)
