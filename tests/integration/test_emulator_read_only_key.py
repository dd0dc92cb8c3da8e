"""The read-only key is refused on every write route of every family, and answered on every read.

The routes are read from the emulator's own app (``create_app``), so a route a family adds
later is covered here without editing this file: a non-``GET`` is a write unless its route
declares that it only reads, and the declared exceptions are named below, so a new one is
a decision a reviewer sees. The calls themselves go over real HTTP to the shared emulator
process, which runs the same code.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from pulumi_composio.emulator import EmulatorAdmin, RunningEmulator
from pulumi_composio.emulator.app import EmulatorSettings, create_app
from pulumi_composio.emulator.families import FAMILIES
from tests.support.emulator_calls import check_envelope
from tests.support.emulator_keys import API_KEY, PREFIXES, READ_ONLY_KEY

APP = create_app(EmulatorSettings(api_key=API_KEY))
SERVED = sorted(
    (method, route.path)
    for route in APP.route_table.routes
    for method in route.methods or ()
    if method != "HEAD"
)
"""Every (method, path template) the app serves under the API prefixes; ``HEAD`` is
Starlette's echo of a ``GET``."""
GETS = [(method, path) for method, path in SERVED if method == "GET"]
NON_GETS = [(method, path) for method, path in SERVED if method != "GET"]
ONLY_READING = [("POST", f"{prefix}/mcp/servers/generate") for prefix in PREFIXES]
"""The non-``GET`` routes that change nothing, so the read-only key may call them."""
WRITES = [route for route in NON_GETS if route not in ONLY_READING]


def concrete(path: str) -> str:
    """``path`` with each ``{parameter}`` filled in; an id no record has is enough, as the
    gate decides before any route looks for it."""
    return re.sub(r"\{[^}]+\}", "no-such-record", path)


def every_record(admin: EmulatorAdmin) -> dict[str, list[dict[str, Any]]]:
    return {
        family.name: admin.records(family.name, include_deleted=True)
        for family in FAMILIES
        if family.admin_view is not None
    }


def call(emulator: RunningEmulator, key: str, method: str, path: str) -> httpx.Response:
    body = None if method in ("GET", "DELETE") else {}
    with httpx.Client(base_url=emulator.url, headers={"x-api-key": key}, timeout=10) as http:
        return http.request(method, concrete(path), json=body)


def test_the_app_serves_every_familys_routes_under_both_prefixes() -> None:
    """What the other tests enumerate is the whole API: each family's routes, both prefixes."""
    paths = {path for _, path in SERVED}
    for prefix in PREFIXES:
        assert {
            f"{prefix}/mcp/servers/custom",
            f"{prefix}/auth_configs",
            f"{prefix}/tools",
        } <= paths
    assert len(WRITES) >= 12, WRITES


@pytest.mark.parametrize(("method", "path"), ONLY_READING, ids=[" ".join(r) for r in ONLY_READING])
def test_a_read_only_key_may_call_a_non_get_route_that_only_reads(
    emulator: RunningEmulator, method: str, path: str
) -> None:
    assert (method, path) in SERVED
    assert call(emulator, READ_ONLY_KEY, method, path).status_code not in (401, 403)


@pytest.mark.parametrize(("method", "path"), WRITES, ids=[" ".join(w) for w in WRITES])
def test_a_read_only_key_is_refused_on_every_write_route(
    emulator: RunningEmulator, admin: EmulatorAdmin, method: str, path: str
) -> None:
    before = every_record(admin)

    response = call(emulator, READ_ONLY_KEY, method, path)

    error = check_envelope(response, 403, "Auth_Forbidden")
    assert error["message"] == "This API key may only read."
    assert every_record(admin) == before


@pytest.mark.parametrize(("method", "path"), GETS, ids=[" ".join(g) for g in GETS])
def test_every_get_route_answers_a_read_only_key_as_it_answers_the_write_key(
    emulator: RunningEmulator, method: str, path: str
) -> None:
    read_only = call(emulator, READ_ONLY_KEY, method, path)
    full = call(emulator, API_KEY, method, path)

    assert read_only.status_code not in (401, 403), read_only.text
    assert read_only.status_code == full.status_code
    assert without_request_id(read_only.json()) == without_request_id(full.json())


def without_request_id(body: Any) -> Any:
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return {"error": {k: v for k, v in body["error"].items() if k != "request_id"}}
    return body


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_non_get_no_route_declares_is_refused_to_a_read_only_key(
    emulator: RunningEmulator, method: str
) -> None:
    """The gate fails closed: a write route a family forgot to declare is still a write."""
    check_envelope(
        call(emulator, READ_ONLY_KEY, method, "/api/v3/undeclared"), 403, "Auth_Forbidden"
    )
    check_envelope(call(emulator, API_KEY, method, "/api/v3/undeclared"), 404, "Route_NotFound")


def test_a_route_that_only_reads_draws_no_write_fault(
    raw: httpx.Client, admin: EmulatorAdmin
) -> None:
    server_id = raw.post("/api/v3/mcp/servers/custom", json={"name": "reads only"}).json()["id"]
    admin.set_faults(commit_then_fail_rate=1.0, commit_then_fail_on=["create", "update", "delete"])

    response = raw.post("/api/v3/mcp/servers/generate", json={"mcp_server_id": server_id})

    assert response.status_code == 200, response.text
    assert admin.requests()[-1]["fault"] == "none"
