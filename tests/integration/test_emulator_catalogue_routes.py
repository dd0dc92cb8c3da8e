"""The emulator's catalogue routes on the wire, with plain httpx: filters, paging, errors.

The shapes are the official SDK's (``composio_client/types/toolkit_*.py``, ``tool_*.py``);
``test_official_sdk_catalogue.py`` checks them with the SDK itself. Here raw HTTP shows what
the emulator answers, including to queries no typed client sends.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from pulumi_composio.emulator import BUILT_IN, EmulatorAdmin, RunningEmulator, start_emulator
from tests.support.emulator_calls import check_envelope
from tests.support.emulator_keys import API_KEY, PREFIXES, READ_ONLY_KEY

TOOLKITS = list(BUILT_IN.toolkits)
"""The toolkits every emulator serves, in the catalogue's order."""
ALL_TOOLS = [slug for kit in BUILT_IN.toolkits.values() for slug in kit.tools]


def listed(raw: httpx.Client, path: str, prefix: str = "/api/v3", **params: Any) -> dict[str, Any]:
    response = raw.get(f"{prefix}{path}", params=params)
    assert response.status_code == 200, response.text
    return dict(response.json())


def slugs(raw: httpx.Client, path: str, **params: Any) -> list[str]:
    return [item["slug"] for item in listed(raw, path, limit=1000, **params)["items"]]


def every_page(raw: httpx.Client, path: str, **params: Any) -> tuple[list[str], int]:
    """Every item's slug, following ``next_cursor`` (which holds the page, not the filters, so
    they are sent again), and how many pages that took."""
    page = listed(raw, path, **params)
    seen, pages = [item["slug"] for item in page["items"]], 1
    while page["next_cursor"]:
        page = listed(raw, path, **params, cursor=page["next_cursor"])
        seen += [item["slug"] for item in page["items"]]
        pages += 1
    assert page["current_page"] == pages == page["total_pages"]
    return seen, pages


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_toolkit_shows_its_schemes_managed_auth_and_tool_count_not_its_tools(
    raw: httpx.Client, prefix: str
) -> None:
    response = raw.get(f"{prefix}/toolkits/linear")
    assert response.status_code == 200, response.text
    kit = response.json()
    assert (kit["slug"], kit["name"], kit["type"], kit["enabled"]) == (
        "linear",
        "Linear",
        "native",
        True,
    )
    assert [detail["mode"] for detail in kit["auth_config_details"]] == ["OAUTH2", "API_KEY"]
    assert kit["composio_managed_auth_schemes"] == ["OAUTH2"]
    assert kit["meta"]["tools_count"] == len(BUILT_IN.toolkits["linear"].tools)
    assert kit["meta"]["logo"].endswith("/linear")
    assert {c["slug"] for c in kit["meta"]["categories"]} == {"developer-tools", "productivity"}
    assert "tools" not in kit
    api_key = next(d for d in kit["auth_config_details"] if d["mode"] == "API_KEY")
    asked = api_key["fields"]["connected_account_initiation"]["required"]
    assert [(f["name"], f["is_secret"]) for f in asked] == [("api_key", True)]


def test_a_catalogue_file_toolkit_is_served_with_its_own_auth(tmp_path: Path) -> None:
    """A toolkit only the team's own key reaches: no managed schemes, and its tools listed."""
    catalogue = tmp_path / "catalogue.json"
    entry = {"name": "Acme", "auth_schemes": ["API_KEY"], "composio_managed_auth": False}
    entry["tools"] = {"ACME_PING": {"description": "Pings Acme."}}
    catalogue.write_text(json.dumps({"toolkits": {"acme": entry}}))
    with (
        start_emulator(api_key=API_KEY, catalogue=catalogue) as running,
        httpx.Client(base_url=running.url + "/api/v3.1", headers={"x-api-key": API_KEY}) as http,
    ):
        kit = http.get("/toolkits/acme").json()
        tools = http.get("/tools", params={"toolkit_slug": "acme"}).json()["items"]
    assert kit["composio_managed_auth_schemes"] == []
    assert kit["composio_managed_auth"] == []
    assert [d["mode"] for d in kit["auth_config_details"]] == ["API_KEY"]
    assert [(t["slug"], t["description"]) for t in tools] == [("ACME_PING", "Pings Acme.")]


def test_toolkits_list_every_toolkit_with_its_schemes(raw: httpx.Client) -> None:
    page = listed(raw, "/toolkits", limit=1000)
    assert set(page) == {"items", "current_page", "total_items", "total_pages", "next_cursor"}
    assert [item["slug"] for item in page["items"]] == TOOLKITS
    assert (page["total_items"], page["total_pages"], page["next_cursor"]) == (
        len(TOOLKITS),
        1,
        None,
    )
    github = page["items"][0]
    assert github["auth_schemes"] == ["OAUTH2", "BEARER_TOKEN"]
    assert github["meta"]["tools_count"] == len(BUILT_IN.toolkits["github"].tools)
    assert github["no_auth"] is False


def test_toolkits_page_with_the_cursor(raw: httpx.Client) -> None:
    seen, pages = every_page(raw, "/toolkits", limit=2)
    assert seen == TOOLKITS
    assert pages == 3


def test_toolkit_filters(raw: httpx.Client) -> None:
    assert slugs(raw, "/toolkits", category="communication") == ["slack", "gmail"]
    assert slugs(raw, "/toolkits", category="no-such-category") == []
    assert slugs(raw, "/toolkits", search="ISSUE TRACKING") == ["linear"]
    assert slugs(raw, "/toolkits", search="git") == ["github"]
    assert slugs(raw, "/toolkits", managed_by="composio") == TOOLKITS
    assert slugs(raw, "/toolkits", managed_by="all") == TOOLKITS
    assert slugs(raw, "/toolkits", managed_by="project") == [], "no toolkit is the project's own"
    assert slugs(raw, "/toolkits", sort_by="alphabetically") == sorted(
        TOOLKITS, key=lambda slug: BUILT_IN.toolkits[slug].name.lower()
    )


@pytest.mark.parametrize("prefix", PREFIXES)
def test_a_tool_shows_its_description_and_input_parameters(raw: httpx.Client, prefix: str) -> None:
    response = raw.get(f"{prefix}/tools/GITHUB_CREATE_ISSUE")
    assert response.status_code == 200, response.text
    tool = response.json()
    described = BUILT_IN.tool("GITHUB_CREATE_ISSUE")
    assert described is not None
    assert (tool["slug"], tool["name"], tool["description"]) == (
        "GITHUB_CREATE_ISSUE",
        described.name,
        described.description,
    )
    assert tool["input_parameters"] == described.input_schema
    assert tool["input_parameters"]["required"] == ["owner", "repo", "title"]
    assert tool["toolkit"] == {
        "slug": "github",
        "name": "GitHub",
        "logo": "https://logos.composio.dev/api/github",
    }


def test_tools_of_a_toolkit_page_with_the_cursor_in_the_catalogues_order(
    raw: httpx.Client,
) -> None:
    github = list(BUILT_IN.toolkits["github"].tools)
    seen, pages = every_page(raw, "/tools", toolkit_slug="github", limit=2)
    assert seen == github
    assert pages == 3
    assert every_page(raw, "/tools", limit=1000)[0] == ALL_TOOLS


def test_tool_filters(raw: httpx.Client) -> None:
    assert slugs(raw, "/tools", toolkit_slug="gmail,slack") == [
        *BUILT_IN.toolkits["slack"].tools,
        *BUILT_IN.toolkits["gmail"].tools,
    ]
    assert slugs(raw, "/tools", toolkit_slug="github", search="pull request") == [
        "GITHUB_CREATE_A_PULL_REQUEST"
    ]
    assert slugs(raw, "/tools", query="send") == ["SLACK_SEND_MESSAGE", "GMAIL_SEND_EMAIL"]
    assert slugs(raw, "/tools", toolkit_slug="nosuchkit") == []
    assert slugs(
        raw, "/tools", toolkit_slug="slack", tool_slugs="GITHUB_CREATE_ISSUE,NOPE,LINEAR_LIST_TEAMS"
    ) == ["GITHUB_CREATE_ISSUE", "LINEAR_LIST_TEAMS"], "tool_slugs overrides the other filters"


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize(
    ("path", "slug"),
    [("/toolkits/nosuchkit", "Toolkit_NotFound"), ("/tools/GITHUB_CREATE_ISSU", "Tool_NotFound")],
)
def test_an_unknown_slug_is_404_naming_it(
    raw: httpx.Client, prefix: str, path: str, slug: str
) -> None:
    error = check_envelope(raw.get(prefix + path), 404, slug)
    assert path.rsplit("/", 1)[-1] in error["message"]
    assert error["suggested_fix"]


@pytest.mark.parametrize(
    ("path", "params", "problem"),
    [
        ("/toolkits", {"limit": "1001"}, "limit must be at most 1000"),
        ("/toolkits", {"limit": "0"}, "limit must be a whole number"),
        ("/toolkits", {"cursor": "not-a-cursor"}, "cursor is not one this API gave out"),
        ("/toolkits", {"managed_by": "me"}, "managed_by must be one of composio, all, project"),
        ("/toolkits", {"sort_by": "size"}, "sort_by must be one of usage, alphabetically"),
        ("/tools", {"limit": "2.5"}, "limit must be a whole number"),
        ("/tools", {"cursor": "e30="}, "cursor is not one this API gave out"),
    ],
)
def test_a_bad_list_query_is_400(
    raw: httpx.Client, path: str, params: dict[str, str], problem: str
) -> None:
    error = check_envelope(
        raw.get(f"/api/v3{path}", params=params), 400, "Catalogue_InvalidRequest"
    )
    assert any(problem in line for line in error["errors"]), error["errors"]


@pytest.mark.parametrize(
    "path", ["/toolkits", "/toolkits/github", "/tools", "/tools/SLACK_SEND_MESSAGE"]
)
def test_the_catalogue_needs_a_key_and_a_read_only_key_reads_it(
    emulator: RunningEmulator, admin: EmulatorAdmin, path: str
) -> None:
    with httpx.Client(base_url=emulator.url + "/api/v3") as http:
        check_envelope(http.get(path), 401, "Auth_MissingApiKey")
        check_envelope(http.get(path, headers={"x-api-key": "ck_no"}), 401, "Auth_InvalidApiKey")
        assert http.get(path, headers={"x-api-key": READ_ONLY_KEY}).status_code == 200
        assert http.post(path, headers={"x-api-key": READ_ONLY_KEY}).status_code in (403, 405)
    logged = [(r["method"], r["path"]) for r in admin.requests()]
    assert ("GET", f"/api/v3{path}") in logged, "catalogue reads are in the request log"
