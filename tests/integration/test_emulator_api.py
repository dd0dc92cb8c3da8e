"""The emulator's wire behaviour, checked with plain httpx: statuses, shapes, envelopes.

These tests do not go through ``ComposioClient`` on purpose: the client tolerates extra
fields and fills defaults, so only raw HTTP shows whether the emulator answers with
exactly the documented shapes, including for requests no typed client can send
(malformed JSON, wrong JSON types, no key).
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from pulumi_composio.api._decode import Redactor, api_error
from pulumi_composio.emulator import EmulatorAdmin, RunningEmulator
from pulumi_composio.errors import AuthenticationFailed, InvalidRequest, ServerNotFound
from tests.support.api_log import api_requests
from tests.support.emulator_calls import check_envelope
from tests.support.emulator_keys import ADMIN_TOKEN, API_KEY, PREFIXES, READ_ONLY_KEY
from tests.support.routes import Route

CREATED_FIELDS = {"id", "name", "auth_config_ids", "allowed_tools", "mcp_url", "commands"}
SERVER_FIELDS = CREATED_FIELDS | {
    "toolkits",
    "managed_auth_via_composio",
    "created_at",
    "updated_at",
    "deleted",
    "server_instance_count",
    "toolkit_icons",
}


def create(raw: httpx.Client, prefix: str = "/api/v3", **body: Any) -> httpx.Response:
    return raw.post(f"{prefix}/mcp/servers/custom", json={"name": "wire tools", **body})


def test_health_needs_no_key(emulator: RunningEmulator) -> None:
    """``/health`` is for readiness probes, which carry no key; it is not an API call."""
    response = httpx.get(emulator.url + "/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert emulator.admin.requests() == []


@pytest.mark.parametrize("prefix", PREFIXES)
def test_create_answers_201_with_exactly_the_documented_fields(
    raw: httpx.Client, prefix: str
) -> None:
    response = create(
        raw,
        prefix,
        toolkits=["github"],
        allowed_tools=["GITHUB_CREATE_ISSUE"],
        auth_config_ids=["ac_github_default"],
    )
    assert response.status_code == 201
    body = response.json()
    assert set(body) == CREATED_FIELDS
    assert set(body["commands"]) == {"cursor", "claude", "windsurf"}
    assert body["name"] == "wire tools"
    assert body["allowed_tools"] == ["GITHUB_CREATE_ISSUE"]
    assert body["auth_config_ids"] == ["ac_github_default"]
    assert body["mcp_url"] == f"{str(raw.base_url).rstrip('/')}/v3/mcp/{body['id']}"
    for command in body["commands"].values():
        assert body["mcp_url"] in command
        assert "\n" not in command


@pytest.mark.parametrize("prefix", PREFIXES)
def test_get_has_every_documented_field(raw: httpx.Client, prefix: str) -> None:
    server_id = create(raw, prefix, toolkits=["slack", "github"]).json()["id"]
    body = raw.get(f"{prefix}/mcp/{server_id}").json()
    assert set(body) == SERVER_FIELDS
    assert body["deleted"] is False
    assert body["toolkits"] == ["slack", "github"]
    assert set(body["toolkit_icons"]) == {"slack", "github"}
    assert body["managed_auth_via_composio"] is False


def test_a_server_made_under_one_prefix_is_seen_under_the_other(raw: httpx.Client) -> None:
    """Both prefixes are one API over one store, as in Composio."""
    server_id = create(raw, "/api/v3").json()["id"]
    assert raw.get(f"/api/v3.1/mcp/{server_id}").json()["id"] == server_id
    assert raw.delete(f"/api/v3.1/mcp/{server_id}").status_code == 200
    assert raw.get(f"/api/v3/mcp/{server_id}").json()["deleted"] is True


def test_custom_tools_are_folded_into_allowed_tools(raw: httpx.Client) -> None:
    """``custom_tools`` is deprecated in favour of ``allowed_tools``; both land in one list."""
    body = create(
        raw,
        allowed_tools=["GITHUB_CREATE_ISSUE"],
        custom_tools=["SLACK_SEND_MESSAGE", "GITHUB_CREATE_ISSUE"],
    ).json()
    assert body["allowed_tools"] == ["GITHUB_CREATE_ISSUE", "SLACK_SEND_MESSAGE"]


def test_delete_answers_id_and_deleted(raw: httpx.Client) -> None:
    server_id = create(raw).json()["id"]
    response = raw.delete(f"/api/v3/mcp/{server_id}")
    assert response.status_code == 200
    assert response.json() == {"id": server_id, "deleted": True}
    check_envelope(raw.delete(f"/api/v3/mcp/{server_id}"), 404, "MCP_ServerNotFound")


def test_list_page_shape(raw: httpx.Client) -> None:
    for name in ("page one", "page two", "page three"):
        create(raw, name=name)
    body = raw.get("/api/v3/mcp/servers", params={"limit": 2, "page_no": 2}).json()
    assert set(body) == {"items", "current_page", "total_pages"}
    assert body["current_page"] == 2
    assert body["total_pages"] == 2
    assert len(body["items"]) == 1
    assert set(body["items"][0]) == SERVER_FIELDS - {"deleted"}


def test_list_defaults_to_ten_newest_first(raw: httpx.Client) -> None:
    names = [f"server {n:02d}" for n in range(12)]
    for name in names:
        create(raw, name=name)
    body = raw.get("/api/v3/mcp/servers").json()
    assert body["total_pages"] == 2
    assert [item["name"] for item in body["items"]] == names[::-1][:10]


def test_list_accepts_float_numbers_as_the_official_sdk_sends_them(raw: httpx.Client) -> None:
    create(raw)
    body = raw.get("/api/v3.1/mcp/servers", params={"limit": "10.0", "page_no": "1.0"}).json()
    assert body["current_page"] == 1
    assert len(body["items"]) == 1


@pytest.mark.parametrize(
    "query", ["limit=0", "limit=101", "page_no=two", "order_by=name", "order_direction=up"]
)
def test_bad_list_query_is_400_naming_the_parameter(raw: httpx.Client, query: str) -> None:
    error = check_envelope(raw.get(f"/api/v3/mcp/servers?{query}"), 400, "MCP_InvalidRequest")
    parameter = query.split("=")[0]
    assert parameter in error["message"]


def test_generate_urls_shape(raw: httpx.Client) -> None:
    server_id = create(raw).json()["id"]
    response = raw.post(
        "/api/v3/mcp/servers/generate",
        json={
            "mcp_server_id": server_id,
            "user_ids": ["alice@example.com"],
            "connected_account_ids": ["ca_1"],
            "managed_auth_by_composio": True,
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"mcp_url", "user_ids_url", "connected_account_urls"}
    assert body["user_ids_url"] == [f"{body['mcp_url']}?user_id=alice%40example.com"]
    assert body["connected_account_urls"] == [f"{body['mcp_url']}?connected_account_id=ca_1"]


# --- errors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"name": "abc"}, "'abc' must be 4-30 characters"),
        ({"name": "x" * 31}, "must be 4-30 characters"),
        ({"name": "under_score"}, "'under_score' must be 4-30 characters"),
        ({"name": "fine name", "toolkits": ["jira"]}, "unknown toolkit 'jira'"),
        ({"name": "fine name", "allowed_tools": ["JIRA_CREATE"]}, "unknown tool 'JIRA_CREATE'"),
        ({"name": "fine name", "auth_config_ids": ["ac_nope"]}, "unknown auth config 'ac_nope'"),
        ({"name": "fine name", "toolkits": "github"}, "toolkits must be an array of strings"),
        ({"name": "fine name", "toolkits": [1]}, "toolkits must be an array of strings"),
        ({"name": 1234}, "name must be a string"),
        ({"name": "fine name", "managed_auth_via_composio": "yes"}, "must be true or false"),
        ({"toolkits": ["github"]}, "name is required"),
        ({"name": "fine name", "colour": "blue"}, "unknown field 'colour'"),
        (["not", "an", "object"], "must be a JSON object"),
    ],
)
def test_invalid_create_is_400_with_field_errors(
    raw: httpx.Client, admin: EmulatorAdmin, body: Any, problem: str
) -> None:
    response = raw.post("/api/v3/mcp/servers/custom", json=body)
    error = check_envelope(response, 400, "MCP_InvalidRequest")
    assert any(problem in item for item in error["errors"]), error["errors"]
    assert error["suggested_fix"]
    assert admin.servers() == []
    # The client maps this envelope to its 400 error type.
    mapped = api_error(response, Redactor(API_KEY))
    assert isinstance(mapped, InvalidRequest)
    assert mapped.request_id == error["request_id"]


def test_every_problem_is_reported_at_once(raw: httpx.Client) -> None:
    response = raw.post(
        "/api/v3/mcp/servers/custom",
        json={"name": "ab", "toolkits": ["jira"], "auth_config_ids": ["ac_nope"]},
    )
    error = check_envelope(response, 400, "MCP_InvalidRequest")
    assert len(error["errors"]) == 3
    assert "(and 2 more)" in error["message"]


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(
    "payload", [b"{not json", b"", b'{"name": "trailing comma",}', b"\xff\xfe"]
)
def test_malformed_json_is_400(raw: httpx.Client, prefix: str, payload: bytes) -> None:
    response = raw.post(
        f"{prefix}/mcp/servers/custom",
        content=payload,
        headers={"content-type": "application/json"},
    )
    error = check_envelope(response, 400, "Request_MalformedJson")
    assert error["suggested_fix"]
    assert isinstance(api_error(response, Redactor(API_KEY)), InvalidRequest)


def test_malformed_json_on_patch_and_generate_is_400(raw: httpx.Client) -> None:
    server_id = create(raw).json()["id"]
    check_envelope(
        raw.patch(f"/api/v3/mcp/{server_id}", content=b"{"), 400, "Request_MalformedJson"
    )
    check_envelope(
        raw.post("/api/v3/mcp/servers/generate", content=b"["), 400, "Request_MalformedJson"
    )


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({}, "nothing to update"),
        ({"name": "ok"}, "must be 4-30 characters"),
        ({"allowed_tools": "GITHUB_CREATE_ISSUE"}, "allowed_tools must be an array of strings"),
        ({"custom_tools": ["GITHUB_CREATE_ISSUE"]}, "unknown field 'custom_tools'"),
        ({"managed_auth_via_composio": 1}, "must be true or false"),
    ],
)
def test_invalid_patch_is_400_and_changes_nothing(
    raw: httpx.Client, body: dict[str, Any], problem: str
) -> None:
    before = raw.get(f"/api/v3/mcp/{create(raw).json()['id']}").json()
    response = raw.patch(f"/api/v3/mcp/{before['id']}", json=body)
    error = check_envelope(response, 400, "MCP_InvalidRequest")
    assert any(problem in item for item in error["errors"]), error["errors"]
    assert raw.get(f"/api/v3/mcp/{before['id']}").json() == before


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({}, "mcp_server_id is required"),
        ({"mcp_server_id": 7}, "mcp_server_id is required"),
        ({"mcp_server_id": "x", "user_ids": "alice"}, "user_ids must be an array"),
        ({"mcp_server_id": "x", "managed_auth_by_composio": "no"}, "must be true or false"),
    ],
)
def test_invalid_generate_is_400(raw: httpx.Client, body: dict[str, Any], problem: str) -> None:
    response = raw.post("/api/v3/mcp/servers/generate", json=body)
    error = check_envelope(response, 400, "MCP_InvalidRequest")
    assert any(problem in item for item in error["errors"]), error["errors"]


REQUESTS = [
    Route("GET", "/mcp/servers"),
    Route("GET", "/mcp/{id}"),
    Route("POST", "/mcp/servers/custom", {"name": "denied tools"}),
    Route("PATCH", "/mcp/{id}", {"name": "denied tools"}),
    Route("DELETE", "/mcp/{id}"),
    Route("POST", "/mcp/servers/generate", {"mcp_server_id": "{id}"}),
]


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("route", REQUESTS, ids=str)
def test_no_key_is_401(
    raw: httpx.Client, emulator: RunningEmulator, prefix: str, route: Route
) -> None:
    server_id = create(raw).json()["id"]
    with httpx.Client(base_url=emulator.url + prefix) as anonymous:
        response = route.send(anonymous, server_id)
    error = check_envelope(response, 401, "Auth_MissingApiKey")
    assert "x-api-key" in error["suggested_fix"]
    assert isinstance(api_error(response, Redactor(API_KEY)), AuthenticationFailed)
    assert len(emulator.admin.servers()) == 1


@pytest.mark.parametrize("route", REQUESTS, ids=str)
@pytest.mark.parametrize("header", ["x-api-key", "x-user-api-key"])
def test_wrong_key_is_401(
    raw: httpx.Client,
    emulator: RunningEmulator,
    route: Route,
    header: str,
) -> None:
    server_id = create(raw).json()["id"]
    with httpx.Client(base_url=emulator.url + "/api/v3", headers={header: "ck_wrong"}) as wrong:
        response = route.send(wrong, server_id)
    error = check_envelope(response, 401, "Auth_InvalidApiKey")
    assert "ck_wrong" not in response.text
    assert API_KEY not in response.text
    assert error["message"] == "The API key is not valid."


def test_user_api_key_header_is_accepted(emulator: RunningEmulator) -> None:
    with httpx.Client(base_url=emulator.url, headers={"x-user-api-key": API_KEY}) as http:
        response = http.post("/api/v3/mcp/servers/custom", json={"name": "user key"})
    assert response.status_code == 201


@pytest.mark.parametrize("route", REQUESTS, ids=str)
def test_read_only_key_reads_but_may_not_write(
    raw: httpx.Client, emulator: RunningEmulator, route: Route
) -> None:
    """Generating URLs changes nothing on the server, so a read-only key may do it."""
    server_id = create(raw).json()["id"]
    before = emulator.admin.servers(include_deleted=True)
    with httpx.Client(
        base_url=emulator.url + "/api/v3", headers={"x-api-key": READ_ONLY_KEY}
    ) as ro:
        response = route.send(ro, server_id)
    if route.method == "GET" or route.path.endswith("/generate"):
        assert response.status_code == 200, response.text
    else:
        error = check_envelope(response, 403, "Auth_Forbidden")
        assert error["suggested_fix"]
        assert isinstance(api_error(response, Redactor(READ_ONLY_KEY)), AuthenticationFailed)
    assert emulator.admin.servers(include_deleted=True) == before


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("route", REQUESTS[1:2] + REQUESTS[3:], ids=str)
def test_unknown_id_is_404(raw: httpx.Client, prefix: str, route: Route) -> None:
    response = route.send(raw, "srv_does_not_exist", prefix)
    error = check_envelope(response, 404, "MCP_ServerNotFound")
    assert "srv_does_not_exist" in error["message"]
    assert isinstance(api_error(response, Redactor(API_KEY)), ServerNotFound)


def test_deleted_server_cannot_be_patched_or_used_for_urls(raw: httpx.Client) -> None:
    server_id = create(raw).json()["id"]
    raw.delete(f"/api/v3/mcp/{server_id}")
    check_envelope(
        raw.patch(f"/api/v3/mcp/{server_id}", json={"name": "revived"}), 404, "MCP_ServerNotFound"
    )
    check_envelope(
        raw.post("/api/v3/mcp/servers/generate", json={"mcp_server_id": server_id}),
        404,
        "MCP_ServerNotFound",
    )


def test_unknown_route_is_404_in_the_envelope(raw: httpx.Client) -> None:
    check_envelope(raw.get("/api/v3/not/a/route"), 404, "Route_NotFound")


def test_wrong_method_is_405_in_the_envelope(raw: httpx.Client) -> None:
    check_envelope(raw.put("/api/v3/mcp/servers/custom", json={}), 405, "Route_MethodNotAllowed")


# --- the request log -------------------------------------------------------------------


def test_request_log_records_method_path_query_status(
    raw: httpx.Client, admin: EmulatorAdmin
) -> None:
    server_id = create(raw).json()["id"]
    raw.get("/api/v3.1/mcp/servers", params={"name": "wire", "limit": 3})
    raw.get("/api/v3/mcp/unknown-id")
    log = admin.requests()
    assert [(r["method"], r["path"], r["status"], r["fault"]) for r in log] == [
        ("POST", "/api/v3/mcp/servers/custom", 201, "none"),
        ("GET", "/api/v3.1/mcp/servers", 200, "none"),
        ("GET", "/api/v3/mcp/unknown-id", 404, "none"),
    ]
    assert log[1]["query"] == "name=wire&limit=3"
    assert all(re.fullmatch(r"req_[0-9a-f]{20}", r["request_id"]) for r in log)
    assert len({r["request_id"] for r in log}) == 3
    admin.clear_requests()
    assert api_requests(admin) == []
    assert raw.get(f"/api/v3/mcp/{server_id}").status_code == 200
    assert len(api_requests(admin, "GET")) == 1


def test_reset_forgets_servers_faults_and_log(raw: httpx.Client, admin: EmulatorAdmin) -> None:
    create(raw)
    admin.set_faults(latency_ms=5)
    admin.reset()
    assert admin.servers(include_deleted=True) == []
    assert admin.requests() == []
    assert admin.set_faults()["latency_ms"] == 0


def test_admin_servers_can_include_deleted(raw: httpx.Client, admin: EmulatorAdmin) -> None:
    keep = create(raw, name="kept server").json()["id"]
    gone = create(raw, name="gone server").json()["id"]
    raw.delete(f"/api/v3/mcp/{gone}")
    assert [s["id"] for s in admin.servers()] == [keep]
    everything = {s["id"]: s["deleted"] for s in admin.servers(include_deleted=True)}
    assert everything == {keep: False, gone: True}


@pytest.mark.parametrize(
    "plan",
    [
        {"status_rates": {418: 0.5}},
        {"status_rates": {500: 1.5}},
        {"status_rates": {500: 0.7}, "drop_rate": 0.5},
        {"latency_ms": -1},
        {"no_such_knob": 1},
    ],
)
def test_admin_rejects_an_impossible_fault_plan(emulator: RunningEmulator, plan: Any) -> None:
    """A typo in a test's fault plan must fail loudly, not quietly inject nothing."""
    emulator.admin.set_faults(latency_ms=1)
    url = emulator.url + "/_emulator/faults"
    headers = {"authorization": f"Bearer {ADMIN_TOKEN}"}
    response = httpx.put(url, json=plan, headers=headers)
    assert response.status_code == 400
    assert "error" in response.json()
    assert httpx.get(url, headers=headers).json()["latency_ms"] == 1
