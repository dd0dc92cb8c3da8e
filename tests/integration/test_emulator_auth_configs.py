"""The emulator's auth-config API on the wire, with plain httpx: shapes, rules, errors, faults.

The shapes are the official SDK's (``composio_client/types/auth_config_*.py``);
``test_official_sdk_auth_configs.py`` checks them with the SDK itself. Here raw HTTP
shows exactly what the emulator answers, including to requests no typed client sends.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from pulumi_composio.emulator import BUILT_IN, EmulatorAdmin, RunningEmulator, start_emulator
from tests.support.api_log import api_requests
from tests.support.emulator_calls import check_envelope
from tests.support.emulator_keys import API_KEY, PREFIXES, READ_ONLY_KEY
from tests.support.routes import Route

SEEDED = BUILT_IN.auth_configs
"""The auth configs every emulator starts with: these tests are about how they are served,
so they take the list from the catalogue rather than repeating it."""
CONFIG_FIELDS = {
    "id",
    "uuid",
    "name",
    "type",
    "status",
    "toolkit",
    "auth_scheme",
    "is_composio_managed",
    "credentials",
    "shared_credentials",
    "proxy_config",
    "restrict_to_following_tools",
    "tool_access_config",
    "is_enabled_for_tool_router",
    "no_of_connections",
    "expected_input_fields",
    "created_at",
    "last_updated_at",
}
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
SLUG = "AuthConfig_InvalidRequest"
MANAGED = {"type": "use_composio_managed_auth"}


def custom(scheme: str = "API_KEY", **fields: Any) -> dict[str, Any]:
    return {"type": "use_custom_auth", "authScheme": scheme, **fields}


def create(
    raw: httpx.Client, toolkit: str = "github", prefix: str = "/api/v3", **config: Any
) -> httpx.Response:
    body: dict[str, Any] = {"toolkit": {"slug": toolkit}}
    if config:
        body["auth_config"] = config
    return raw.post(f"{prefix}/auth_configs", json=body)


def create_id(raw: httpx.Client, toolkit: str = "github", **config: Any) -> str:
    response = create(raw, toolkit, **config)
    assert response.status_code == 201, response.text
    return str(response.json()["auth_config"]["id"])


def listed(raw: httpx.Client, prefix: str = "/api/v3", **params: Any) -> dict[str, Any]:
    response = raw.get(f"{prefix}/auth_configs", params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def listed_ids(raw: httpx.Client, **params: Any) -> list[str]:
    return [item["id"] for item in listed(raw, limit=1000, **params)["items"]]


# --- create and read -------------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_create_managed_answers_201_with_the_sdk_create_shape(
    raw: httpx.Client, prefix: str
) -> None:
    response = create(raw, "github", prefix, **MANAGED)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"toolkit", "auth_config"}
    assert body["toolkit"] == {"slug": "github"}
    config = body["auth_config"]
    assert set(config) == {
        "id",
        "auth_scheme",
        "is_composio_managed",
        "restrict_to_following_tools",
    }
    assert re.fullmatch(r"ac_[A-Za-z0-9]{12}", config["id"])
    assert config["auth_scheme"] == "OAUTH2"
    assert config["is_composio_managed"] is True
    assert config["restrict_to_following_tools"] == []


@pytest.mark.parametrize("prefix", PREFIXES)
def test_get_has_every_field_and_a_default_name(raw: httpx.Client, prefix: str) -> None:
    config_id = create(raw, "slack", prefix, **MANAGED).json()["auth_config"]["id"]
    response = raw.get(f"{prefix}/auth_configs/{config_id}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == CONFIG_FIELDS
    assert body["id"] == config_id
    assert body["name"] == f"slack Auth Config {config_id[-4:]}"
    assert body["type"] == "default"
    assert body["status"] == "ENABLED"
    assert body["toolkit"] == {"slug": "slack", "logo": "https://logos.composio.dev/api/slack"}
    assert body["is_composio_managed"] is True
    assert body["no_of_connections"] == 0
    assert body["credentials"] == {}
    assert body["proxy_config"] is None
    assert TIMESTAMP.fullmatch(body["created_at"])
    assert body["last_updated_at"] == body["created_at"]
    assert re.fullmatch(r"[0-9a-f-]{36}", body["uuid"])


def test_omitted_auth_config_means_composio_managed(raw: httpx.Client) -> None:
    response = raw.post("/api/v3/auth_configs", json={"toolkit": {"slug": "notion"}})
    assert response.status_code == 201
    assert response.json()["auth_config"]["is_composio_managed"] is True


def test_custom_config_keeps_its_settings(raw: httpx.Client) -> None:
    config_id = create_id(
        raw,
        "github",
        **custom(
            "OAUTH2",
            name="Our GitHub app",
            credentials={"client_id": "Iv1.abc", "client_secret": "cs-1", "scopes": ["repo"]},
            restrict_to_following_tools=["GITHUB_CREATE_ISSUE", "GITHUB_CREATE_ISSUE"],
            tool_access_config={
                "tools_for_connected_account_creation": ["GITHUB_GET_A_REPOSITORY"]
            },
            is_enabled_for_tool_router=True,
        ),
    )
    body = raw.get(f"/api/v3/auth_configs/{config_id}").json()
    assert body["name"] == "Our GitHub app"
    assert body["type"] == "custom"
    assert body["auth_scheme"] == "OAUTH2"
    assert body["is_composio_managed"] is False
    assert body["restrict_to_following_tools"] == ["GITHUB_CREATE_ISSUE"]
    assert body["tool_access_config"] == {
        "tools_available_for_execution": ["GITHUB_CREATE_ISSUE"],
        "tools_for_connected_account_creation": ["GITHUB_GET_A_REPOSITORY"],
    }
    assert body["is_enabled_for_tool_router"] is True
    assert body["credentials"] == {
        "client_id": "REDACTED",
        "client_secret": "REDACTED",
        "scopes": ["repo"],
    }


def test_auth_scheme_is_accepted_under_either_spelling(raw: httpx.Client) -> None:
    """The SDK sends ``authScheme``; DESIGN.md's table writes ``auth_scheme``."""
    body = {"type": "use_custom_auth", "auth_scheme": "BEARER_TOKEN"}
    config_id = create_id(raw, "linear", **body)
    assert raw.get(f"/api/v3/auth_configs/{config_id}").json()["auth_scheme"] == "BEARER_TOKEN"


def test_a_config_made_under_one_prefix_is_seen_under_the_other(raw: httpx.Client) -> None:
    config_id = create(raw, "gmail", "/api/v3", **MANAGED).json()["auth_config"]["id"]
    assert raw.get(f"/api/v3.1/auth_configs/{config_id}").status_code == 200
    assert raw.delete(f"/api/v3.1/auth_configs/{config_id}").status_code == 200
    assert raw.get(f"/api/v3/auth_configs/{config_id}").status_code == 404


def test_catalogue_configs_are_real_managed_and_enabled(
    raw: httpx.Client, admin: EmulatorAdmin
) -> None:
    for config_id, toolkit in SEEDED.items():
        body = raw.get(f"/api/v3.1/auth_configs/{config_id}").json()
        assert body["toolkit"]["slug"] == toolkit
        assert body["is_composio_managed"] is True
        assert body["status"] == "ENABLED"
    assert set(listed_ids(raw)) == set(SEEDED)
    assert {c["id"] for c in admin.auth_configs()} == set(SEEDED)


def test_reset_brings_the_catalogue_configs_back_and_forgets_created_ones(
    raw: httpx.Client, admin: EmulatorAdmin
) -> None:
    made = create_id(raw, **MANAGED)
    raw.delete("/api/v3/auth_configs/ac_1")
    raw.patch("/api/v3/auth_configs/ac_2/DISABLED")
    admin.reset()
    assert {c["id"] for c in admin.auth_configs(include_deleted=True)} == set(SEEDED)
    assert raw.get("/api/v3/auth_configs/ac_2").json()["status"] == "ENABLED"
    assert raw.get(f"/api/v3/auth_configs/{made}").status_code == 404


# --- list ------------------------------------------------------------------------------


def test_list_page_shape_and_cursor_paging(raw: httpx.Client) -> None:
    first = listed(raw, "/api/v3.1", limit=3)
    assert set(first) == {"items", "current_page", "total_items", "total_pages", "next_cursor"}
    assert first["total_items"] == len(SEEDED)
    assert first["total_pages"] == 3
    assert first["current_page"] == 1
    assert all(set(item) == CONFIG_FIELDS for item in first["items"])
    seen = [item["id"] for item in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = listed(raw, "/api/v3.1", cursor=cursor)
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
    assert page["current_page"] == 3
    assert sorted(seen) == sorted(SEEDED)
    assert len(seen) == len(SEEDED)


def test_list_is_newest_first(raw: httpx.Client) -> None:
    older = create_id(raw, **MANAGED)
    newer = create_id(raw, **MANAGED)
    assert listed_ids(raw)[:2] == [newer, older]


def test_list_filters(raw: httpx.Client) -> None:
    mine = create_id(raw, "linear", **custom(name="Linear Key Of Ours"))
    assert set(listed_ids(raw, toolkit_slug="linear")) == {mine, "ac_linear_default"}
    assert set(listed_ids(raw, toolkit_slug="gmail,slack")) == {
        "ac_gmail_default",
        "ac_slack_default",
        "ac_2",
    }
    assert listed_ids(raw, is_composio_managed="false") == [mine]
    assert mine not in listed_ids(raw, is_composio_managed="true")
    assert listed_ids(raw, search="key of OURS") == [mine]
    assert listed_ids(raw, search=mine[-6:].lower()) == [mine]


def test_disabled_configs_are_listed_only_when_asked(raw: httpx.Client) -> None:
    raw.patch("/api/v3/auth_configs/ac_1/DISABLED")
    assert "ac_1" not in listed_ids(raw)
    assert "ac_1" in listed_ids(raw, show_disabled="true")
    assert listed(raw, show_disabled="true")["total_items"] == len(SEEDED)


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"limit": "1001"}, "limit must be at most 1000"),
        ({"limit": "0"}, "limit must be a whole number"),
        ({"cursor": "not-a-cursor"}, "cursor is not one this API gave out"),
        ({"is_composio_managed": "yes"}, "is_composio_managed must be true or false"),
        ({"show_disabled": "1"}, "show_disabled must be true or false"),
    ],
)
def test_bad_list_query_is_400(raw: httpx.Client, params: dict[str, str], problem: str) -> None:
    error = check_envelope(raw.get("/api/v3/auth_configs", params=params), 400, SLUG)
    assert any(problem in line for line in error["errors"]), error["errors"]


def test_a_cursor_is_base64_of_page_and_limit(raw: httpx.Client) -> None:
    cursor = base64.urlsafe_b64encode(json.dumps({"page": 2, "limit": 5}).encode()).decode()
    page = listed(raw, cursor=cursor)
    assert page["current_page"] == 2
    assert len(page["items"]) == len(SEEDED) - 5
    assert page["next_cursor"] is None


# --- update, status, delete ------------------------------------------------------------


@pytest.mark.parametrize("prefix", PREFIXES)
def test_patch_custom_changes_only_what_it_sends(raw: httpx.Client, prefix: str) -> None:
    config_id = create_id(
        raw, "github", **custom("OAUTH2", credentials={"client_id": "a", "client_secret": "b"})
    )
    before = raw.get(f"{prefix}/auth_configs/{config_id}").json()
    response = raw.patch(
        f"{prefix}/auth_configs/{config_id}",
        json={
            "type": "custom",
            "name": "renamed app",
            "tool_access_config": {"tools_available_for_execution": ["GITHUB_CREATE_ISSUE"]},
        },
    )
    assert response.status_code == 200
    after = response.json()
    assert set(after) == CONFIG_FIELDS
    assert after["name"] == "renamed app"
    assert after["restrict_to_following_tools"] == ["GITHUB_CREATE_ISSUE"]
    assert after["credentials"] == before["credentials"]
    assert after["created_at"] == before["created_at"]
    assert after["last_updated_at"] >= before["last_updated_at"]
    assert raw.get(f"{prefix}/auth_configs/{config_id}").json() == after


def test_patch_credentials_replaces_them_whole(raw: httpx.Client) -> None:
    config_id = create_id(raw, "linear", **custom(credentials={"api_key": "k1", "extra": "x"}))
    answer = raw.patch(
        f"/api/v3/auth_configs/{config_id}",
        json={"type": "custom", "credentials": {"api_key": "k2"}},
    ).json()
    assert answer["credentials"] == {"api_key": "REDACTED"}


def test_patch_default_sets_scopes_and_name(raw: httpx.Client) -> None:
    body = {"type": "default", "name": "GitHub managed", "scopes": ["repo", "read:org"]}
    answer = raw.patch("/api/v3/auth_configs/ac_github_default", json=body).json()
    assert answer["name"] == "GitHub managed"
    assert answer["credentials"] == {"scopes": ["repo", "read:org"]}
    assert answer["type"] == "default"


@pytest.mark.parametrize(
    ("config", "body", "problem"),
    [
        (MANAGED, {"type": "custom", "name": "x"}, "cannot switch between managed and custom"),
        (custom(), {"type": "default", "name": "x"}, "cannot switch between managed and custom"),
        (MANAGED, {"name": "x"}, "type is required"),
        (
            MANAGED,
            {"type": "default", "credentials": {"api_key": "x"}},
            "unknown field 'credentials'",
        ),
        (custom(), {"type": "custom", "scopes": ["a"]}, "unknown field 'scopes'"),
        (custom(), {"type": "custom", "name": "  "}, "name must be a non-blank string"),
        (custom(), {"type": "custom", "credentials": {"api_key": 7}}, "api_key must be a string"),
        (
            custom(),
            {"type": "custom", "restrict_to_following_tools": ["SLACK_SEND_MESSAGE"]},
            "'SLACK_SEND_MESSAGE' is not a tool of this toolkit",
        ),
        (
            custom(),
            {
                "type": "custom",
                "restrict_to_following_tools": ["GITHUB_CREATE_ISSUE"],
                "tool_access_config": {"tools_available_for_execution": []},
            },
            "name the same list",
        ),
    ],
)
def test_invalid_patch_is_400_and_changes_nothing(
    raw: httpx.Client, config: dict[str, Any], body: dict[str, Any], problem: str
) -> None:
    config_id = create_id(raw, "github", **config)
    before = raw.get(f"/api/v3/auth_configs/{config_id}").json()
    error = check_envelope(raw.patch(f"/api/v3/auth_configs/{config_id}", json=body), 400, SLUG)
    assert any(problem in line for line in error["errors"]), error["errors"]
    assert raw.get(f"/api/v3/auth_configs/{config_id}").json() == before


@pytest.mark.parametrize("prefix", PREFIXES)
def test_disable_and_enable(raw: httpx.Client, prefix: str) -> None:
    config_id = create_id(raw, **MANAGED)
    disabled = raw.patch(f"{prefix}/auth_configs/{config_id}/DISABLED")
    assert disabled.status_code == 200
    assert disabled.json()["status"] == "DISABLED"
    assert raw.get(f"{prefix}/auth_configs/{config_id}").json()["status"] == "DISABLED"
    enabled = raw.patch(f"{prefix}/auth_configs/{config_id}/ENABLED")
    assert enabled.json()["status"] == "ENABLED"


@pytest.mark.parametrize("status", ["enabled", "PAUSED", "DELETED"])
def test_bad_status_is_400(raw: httpx.Client, status: str) -> None:
    error = check_envelope(raw.patch(f"/api/v3/auth_configs/ac_1/{status}"), 400, SLUG)
    assert status in error["errors"][0]
    assert raw.get("/api/v3/auth_configs/ac_1").json()["status"] == "ENABLED"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_delete_then_the_config_is_gone(
    raw: httpx.Client, admin: EmulatorAdmin, prefix: str
) -> None:
    config_id = create_id(raw, **MANAGED)
    response = raw.delete(f"{prefix}/auth_configs/{config_id}")
    assert response.status_code == 200
    assert response.json() == {"id": config_id, "deleted": True}
    url = f"{prefix}/auth_configs/{config_id}"
    for answer in (
        raw.get(url),
        raw.patch(url, json={"type": "default", "name": "back"}),
        raw.patch(f"{url}/ENABLED"),
        raw.delete(url),
    ):
        error = check_envelope(answer, 404, "AuthConfig_NotFound")
        assert config_id in error["message"]
    assert config_id not in listed_ids(raw, show_disabled="true")
    assert config_id not in {c["id"] for c in admin.auth_configs()}
    kept = {c["id"]: c for c in admin.auth_configs(include_deleted=True)}
    assert kept[config_id]["deleted"] is True


def test_delete_with_revoke_answers_a_job_id(raw: httpx.Client) -> None:
    config_id = create_id(raw, **MANAGED)
    answer = raw.delete(f"/api/v3/auth_configs/{config_id}", params={"revoke_on_delete": "true"})
    assert answer.json()["revoke_job_id"].startswith("rj_")


# --- invalid creates, keys, unknown ids ------------------------------------------------


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"toolkit": {"slug": "jira"}}, "unknown toolkit 'jira'"),
        ({}, "toolkit is required"),
        ({"toolkit": "github"}, "toolkit is required"),
        ({"toolkit": {"slug": "github"}, "auth_config": {"type": "oauth"}}, "auth_config.type"),
        ({"toolkit": {"slug": "github"}, "auth_config": custom("MAGIC")}, "'MAGIC' is not one of"),
        (
            {"toolkit": {"slug": "github"}, "auth_config": {"type": "use_custom_auth"}},
            "authScheme is required",
        ),
        (
            {"toolkit": {"slug": "github"}, "auth_config": {**MANAGED, "authScheme": "API_KEY"}},
            "unknown field 'authScheme'",
        ),
        (
            {
                "toolkit": {"slug": "github"},
                "auth_config": {**MANAGED, "credentials": {"api_key": "x"}},
            },
            "takes only scopes and user_scopes",
        ),
        (
            {
                "toolkit": {"slug": "slack"},
                "auth_config": custom(restrict_to_following_tools=["GITHUB_CREATE_ISSUE"]),
            },
            "'GITHUB_CREATE_ISSUE' is not a tool of this toolkit",
        ),
        (
            {
                "toolkit": {"slug": "github"},
                "auth_config": custom(tool_access_config={"tools_available_for_execution": []}),
            },
            "tool_access_config: unknown field 'tools_available_for_execution'",
        ),
        ({"toolkit": {"slug": "github"}, "auth_config": custom(name="")}, "name must be"),
        ({"toolkit": {"slug": "github"}, "colour": "red"}, "unknown field 'colour'"),
        ([], "must be a JSON object"),
    ],
)
def test_invalid_create_is_400_with_field_errors(
    raw: httpx.Client, admin: EmulatorAdmin, body: Any, problem: str
) -> None:
    error = check_envelope(raw.post("/api/v3/auth_configs", json=body), 400, SLUG)
    assert any(problem in line for line in error["errors"]), error["errors"]
    assert error["suggested_fix"]
    assert {c["id"] for c in admin.auth_configs(include_deleted=True)} == set(SEEDED)


def test_every_create_problem_is_reported_at_once(raw: httpx.Client) -> None:
    body = {
        "toolkit": {"slug": "github"},
        "auth_config": custom("NOPE", name=5, restrict_to_following_tools="GITHUB_CREATE_ISSUE"),
    }
    error = check_envelope(raw.post("/api/v3/auth_configs", json=body), 400, SLUG)
    assert len(error["errors"]) == 3


def test_malformed_json_is_400(raw: httpx.Client) -> None:
    response = raw.post(
        "/api/v3/auth_configs", content=b"{nope", headers={"content-type": "application/json"}
    )
    check_envelope(response, 400, "Request_MalformedJson")


ROUTES = [
    Route("POST", "/auth_configs", {"toolkit": {"slug": "github"}}),
    Route("GET", "/auth_configs"),
    Route("GET", "/auth_configs/{id}"),
    Route("PATCH", "/auth_configs/{id}", {"type": "default", "name": "changed"}),
    Route("PATCH", "/auth_configs/{id}/DISABLED"),
    Route("DELETE", "/auth_configs/{id}"),
]


SLUG_OF_401_BY_KEY = {
    None: "Auth_MissingApiKey",
    "ck_no": "Auth_InvalidApiKey",
    READ_ONLY_KEY: None,
}
"""No key and a wrong key are refused with 401 on every route; the read-only key reads, and
is refused with 403 for writes. Whatever the answer, no auth config changes."""


@pytest.mark.parametrize("key", SLUG_OF_401_BY_KEY, ids=["no key", "wrong key", "read-only key"])
@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_a_missing_wrong_or_read_only_key_changes_nothing(
    emulator: RunningEmulator,
    admin: EmulatorAdmin,
    key: str | None,
    prefix: str,
    route: Route,
) -> None:
    before = admin.auth_configs(include_deleted=True)
    headers = {} if key is None else {"x-api-key": key}
    with httpx.Client(base_url=emulator.url + prefix, headers=headers) as http:
        response = route.send(http, "ac_1")
    unauthenticated = SLUG_OF_401_BY_KEY[key]
    if unauthenticated:
        check_envelope(response, 401, unauthenticated)
    elif route.method == "GET":
        assert response.status_code == 200, response.text
    else:
        check_envelope(response, 403, "Auth_Forbidden")
    assert admin.auth_configs(include_deleted=True) == before


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("route", ROUTES[2:], ids=str)
def test_unknown_id_is_404(raw: httpx.Client, prefix: str, route: Route) -> None:
    error = check_envelope(route.send(raw, "ac_doesNotExist", prefix), 404, "AuthConfig_NotFound")
    assert "ac_doesNotExist" in error["message"]


# --- credentials are never echoed ------------------------------------------------------


SECRETS = (
    "sk-live-first-0a1b2c",
    "client-secret-9f8e7d",
    "proxy-key-5d4c3b",
    "shared-pass-77aa",
    "sk-live-rotated-3c2b1a",
)


def test_no_stored_secret_value_appears_in_any_answer_or_the_log(
    raw: httpx.Client, admin: EmulatorAdmin
) -> None:
    """Every way the emulator can show a config, after every way to give it a secret."""
    first, client_secret, proxy_key, shared, rotated = SECRETS
    config_id = create_id(
        raw,
        "linear",
        **custom(
            credentials={"api_key": first, "client_secret": client_secret},
            proxy_config={"proxy_url": "https://proxy.example", "proxy_auth_key": proxy_key},
            shared_credentials={"password": shared},
        ),
    )
    answers = [
        raw.get(f"/api/v3/auth_configs/{config_id}"),
        raw.get("/api/v3.1/auth_configs", params={"toolkit_slug": "linear"}),
        raw.patch(
            f"/api/v3/auth_configs/{config_id}",
            json={"type": "custom", "credentials": {"api_key": rotated}},
        ),
        raw.patch(f"/api/v3/auth_configs/{config_id}/DISABLED"),
        raw.get("/api/v3/auth_configs", params={"show_disabled": "true", "search": config_id}),
        raw.patch(
            f"/api/v3/auth_configs/{config_id}",
            json={"type": "custom", "credentials": {"api_key": rotated, "bad": 1}, "name": ""},
        ),
        raw.post(
            "/api/v3/auth_configs",
            json={"toolkit": {"slug": "jira"}, "auth_config": custom(credentials={"k": first})},
        ),
        raw.delete(f"/api/v3/auth_configs/{config_id}"),
    ]
    texts = [answer.text for answer in answers]
    texts.append(json.dumps(admin.auth_configs(include_deleted=True)))
    texts.append(json.dumps(admin.requests()))
    for text in texts:
        for secret in SECRETS:
            assert secret not in text
    shown = answers[0].json()
    assert shown["credentials"] == {"api_key": "REDACTED", "client_secret": "REDACTED"}
    assert shown["proxy_config"] == {
        "proxy_url": "https://proxy.example",
        "proxy_auth_key": "REDACTED",
    }
    assert shown["shared_credentials"] == {"password": "REDACTED"}
    view = {c["id"]: c for c in admin.auth_configs(include_deleted=True)}
    assert view[config_id]["credentials_set"] is True
    assert view["ac_1"]["credentials_set"] is False


# --- servers use only live, enabled auth configs ---------------------------------------


def _server(raw: httpx.Client, auth_config_ids: list[str]) -> httpx.Response:
    body = {"name": "auth user", "auth_config_ids": auth_config_ids}
    return raw.post("/api/v3/mcp/servers/custom", json=body)


def test_servers_accept_created_and_catalogue_configs(raw: httpx.Client) -> None:
    made = create_id(raw, "linear", **custom())
    response = _server(raw, [made, "ac_github_default"])
    assert response.status_code == 201, response.text
    server_id = response.json()["id"]
    other = create_id(raw, **MANAGED)
    patched = raw.patch(f"/api/v3/mcp/{server_id}", json={"auth_config_ids": [other]})
    assert patched.status_code == 200
    assert patched.json()["auth_config_ids"] == [other]


def test_servers_refuse_unknown_disabled_and_deleted_configs(raw: httpx.Client) -> None:
    disabled = create_id(raw, **MANAGED)
    raw.patch(f"/api/v3/auth_configs/{disabled}/DISABLED")
    deleted = create_id(raw, **MANAGED)
    raw.delete(f"/api/v3/auth_configs/{deleted}")
    ids = ["ac_missing", disabled, deleted, "ac_1"]
    expected = [
        "auth_config_ids: unknown auth config 'ac_missing'",
        f"auth_config_ids: disabled auth config '{disabled}'",
        f"auth_config_ids: deleted auth config '{deleted}'",
    ]
    error = check_envelope(_server(raw, ids), 400, "MCP_InvalidRequest")
    assert error["errors"] == expected
    server_id = _server(raw, ["ac_1"]).json()["id"]
    patch = raw.patch(f"/api/v3.1/mcp/{server_id}", json={"auth_config_ids": ids})
    assert check_envelope(patch, 400, "MCP_InvalidRequest")["errors"] == expected
    assert raw.get(f"/api/v3/mcp/{server_id}").json()["auth_config_ids"] == ["ac_1"]


def test_a_disabled_catalogue_config_is_refused_until_enabled(raw: httpx.Client) -> None:
    raw.patch("/api/v3/auth_configs/ac_github_default/DISABLED")
    check_envelope(_server(raw, ["ac_github_default"]), 400, "MCP_InvalidRequest")
    raw.patch("/api/v3/auth_configs/ac_github_default/ENABLED")
    assert _server(raw, ["ac_github_default"]).status_code == 201


# --- faults and the request log --------------------------------------------------------


def test_a_status_fault_applies_to_auth_config_routes(
    raw: httpx.Client, admin: EmulatorAdmin
) -> None:
    admin.set_faults(status_rates={503: 1.0}, retry_after_seconds=2, methods=["GET"])
    response = raw.get("/api/v3/auth_configs/ac_1")
    check_envelope(response, 503, "Service_Unavailable")
    assert response.headers["retry-after"] == "2"
    assert create(raw, **MANAGED).status_code == 201
    log = [(r["method"], r["status"], r["fault"]) for r in api_requests(admin)]
    assert log == [("GET", 503, "status"), ("POST", 201, "none")]


@pytest.mark.parametrize(
    ("kind", "method", "path", "body"),
    [
        ("create", "POST", "/auth_configs", {"toolkit": {"slug": "gmail"}}),
        ("update", "PATCH", "/auth_configs/ac_1", {"type": "default", "name": "after fault"}),
        ("update", "PATCH", "/auth_configs/ac_1/DISABLED", None),
        ("delete", "DELETE", "/auth_configs/ac_1", None),
    ],
)
def test_commit_then_fail_commits_auth_config_writes(
    raw: httpx.Client,
    admin: EmulatorAdmin,
    kind: str,
    method: str,
    path: str,
    body: Any,
) -> None:
    admin.set_faults(commit_then_fail_rate=1.0, commit_then_fail_on=[kind])
    response = raw.request(method, "/api/v3" + path, json=body)
    check_envelope(response, 500, "Internal_ServerError")
    configs = {c["id"]: c for c in admin.auth_configs(include_deleted=True)}
    changed = {
        "POST": len(configs) == len(SEEDED) + 1,
        "PATCH": configs["ac_1"]["name"] == "after fault"
        or configs["ac_1"]["status"] == "DISABLED",
        "DELETE": configs["ac_1"]["deleted"] is True,
    }
    assert changed[method]
    assert [r["fault"] for r in api_requests(admin)] == ["commit_then_fail"]


def test_the_request_log_records_auth_config_calls(raw: httpx.Client, admin: EmulatorAdmin) -> None:
    config_id = create_id(raw, **MANAGED)
    raw.get("/api/v3.1/auth_configs", params={"toolkit_slug": "github", "limit": 5})
    raw.patch(f"/api/v3.1/auth_configs/{config_id}/DISABLED")
    raw.delete(f"/api/v3/auth_configs/{config_id}")
    raw.get(f"/api/v3/auth_configs/{config_id}")
    log = api_requests(admin)
    assert [(r["method"], r["path"], r["status"]) for r in log] == [
        ("POST", "/api/v3/auth_configs", 201),
        ("GET", "/api/v3.1/auth_configs", 200),
        ("PATCH", f"/api/v3.1/auth_configs/{config_id}/DISABLED", 200),
        ("DELETE", f"/api/v3/auth_configs/{config_id}", 200),
        ("GET", f"/api/v3/auth_configs/{config_id}", 404),
    ]
    assert log[1]["query"] == "toolkit_slug=github&limit=5"


# --- a catalogue file, a file-backed store ---------------------------------------------


@pytest.fixture
def jira_catalogue(tmp_path: Path) -> Path:
    path = tmp_path / "catalogue.json"
    path.write_text(
        json.dumps(
            {"toolkits": {"jira": ["JIRA_CREATE_ISSUE"]}, "auth_configs": {"ac_jira": "jira"}}
        )
    )
    return path


def _client(emulator: RunningEmulator) -> httpx.Client:
    return httpx.Client(base_url=emulator.url + "/api/v3", headers={"x-api-key": API_KEY})


def test_catalogue_file_configs_are_seeded_and_a_file_store_keeps_what_was_done(
    tmp_path: Path, jira_catalogue: Path
) -> None:
    db, catalogue = tmp_path / "state" / "emulator.db", jira_catalogue
    with (
        start_emulator(api_key=API_KEY, db=db, catalogue=catalogue) as first,
        _client(first) as http,
    ):
        seeded = http.get("/auth_configs/ac_jira").json()
        assert seeded["toolkit"]["slug"] == "jira"
        assert seeded["is_composio_managed"] is True
        assert http.patch("/auth_configs/ac_jira/DISABLED").status_code == 200
        assert http.delete("/auth_configs/ac_1").status_code == 200
    with (
        start_emulator(api_key=API_KEY, db=db, catalogue=catalogue) as again,
        _client(again) as http,
    ):
        assert http.get("/auth_configs/ac_jira").json()["status"] == "DISABLED"
        assert http.get("/auth_configs/ac_1").status_code == 404
        assert http.get("/auth_configs/ac_2").status_code == 200
