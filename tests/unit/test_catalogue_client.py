"""``ComposioClient``'s catalogue endpoints against canned answers: what goes on the wire,
paging to the end, and the same retries and 429 handling as every other read."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from pulumi_composio.api.models import ComposioToolkit
from pulumi_composio.errors import NotFound, RateLimited
from tests.support.client_fakes import BASE_URL, error_response, make_client, scripted


def ok(body: Any) -> httpx.Response:
    return httpx.Response(200, json=body)


def tool(slug: str, toolkit: str = "github") -> dict[str, Any]:
    return {
        "slug": slug,
        "name": slug.title(),
        "description": f"{slug}.",
        "toolkit": {"slug": toolkit},
    }


def tool_page(slugs: list[str], cursor: str | None) -> httpx.Response:
    return ok({"items": [tool(s) for s in slugs], "next_cursor": cursor})


TOOLKIT = {
    "slug": "linear",
    "name": "Linear",
    "meta": {"description": "Issues.", "logo": "https://logos/linear", "tools_count": 3.0},
    "auth_config_details": [
        {"mode": "OAUTH2", "name": "Oauth2", "fields": {}},
        {"mode": "API_KEY", "name": "Api Key", "fields": {}},
        {"mode": "OAUTH2", "name": "Oauth2 again", "fields": {}},
    ],
    "composio_managed_auth_schemes": ["OAUTH2"],
    "enabled": True,
}


def test_get_toolkit_reads_its_schemes_and_whether_composio_manages_auth() -> None:
    client, recorder, _ = make_client(scripted([ok(TOOLKIT)]))

    kit = client.get_toolkit("linear")

    (request,) = recorder.requests
    assert (request.method, str(request.url)) == ("GET", f"{BASE_URL}/api/v3/toolkits/linear")
    assert isinstance(kit, ComposioToolkit)
    assert (kit.slug, kit.name, kit.meta.tools_count) == ("linear", "Linear", 3)
    assert kit.auth_schemes == ["OAUTH2", "API_KEY"], "each scheme once, in Composio's order"
    assert kit.composio_managed_auth is True


def test_a_toolkit_composio_cannot_manage_says_so() -> None:
    answer = {**TOOLKIT, "composio_managed_auth_schemes": []}
    client, _, _ = make_client(scripted([ok(answer)]))

    assert client.get_toolkit("linear").composio_managed_auth is False


def test_a_slug_is_one_path_segment_and_an_empty_one_is_refused() -> None:
    client, recorder, _ = make_client(scripted([ok({**TOOLKIT, "slug": "a/b"})]))

    client.get_toolkit("a/b")
    with pytest.raises(ValueError, match="slug must not be empty"):
        client.get_tool("")

    assert recorder.requests[0].url.raw_path == b"/api/v3/toolkits/a%2Fb"
    assert len(recorder.requests) == 1


def test_an_unknown_slug_raises_not_found_naming_it() -> None:
    missing = error_response(404, "No toolkit with slug 'githb'.", slug="Toolkit_NotFound")
    client, _, _ = make_client(scripted([missing]))

    with pytest.raises(NotFound, match="githb"):
        client.get_toolkit("githb")


def test_list_tools_follows_the_cursor_to_the_end_sending_the_filters_each_time() -> None:
    pages = [tool_page(["A", "B"], "c2"), tool_page(["C", "D"], "c3"), tool_page(["E"], None)]
    client, recorder, _ = make_client(scripted(pages))

    slugs = [t.slug for t in client.list_tools(toolkit_slug="github", search="x", page_size=2)]

    assert slugs == ["A", "B", "C", "D", "E"]
    sent = [dict(r.url.params) for r in recorder.requests]
    assert sent == [
        {"limit": "2", "toolkit_slug": "github", "query": "x"},
        {"limit": "2", "toolkit_slug": "github", "query": "x", "cursor": "c2"},
        {"limit": "2", "toolkit_slug": "github", "query": "x", "cursor": "c3"},
    ]
    assert {r.url.path for r in recorder.requests} == {"/api/v3/tools"}


def test_list_tools_by_slug_sends_them_comma_separated_and_sorted() -> None:
    client, recorder, _ = make_client(scripted([tool_page(["B"], None)]))

    list(client.list_tools(tool_slugs={"C", "B", "A"}))

    assert dict(recorder.requests[0].url.params) == {"limit": "100", "tool_slugs": "A,B,C"}


def test_a_listing_stops_at_an_empty_page_whatever_its_cursor_says() -> None:
    client, recorder, _ = make_client(scripted([tool_page([], "more")]))

    assert list(client.list_tools(toolkit_slug="github")) == []
    assert len(recorder.requests) == 1


def test_list_toolkits_pages_and_filters() -> None:
    first = ok({"items": [{"slug": "gmail", "name": "Gmail"}], "next_cursor": "n"})
    second = ok({"items": [{"slug": "slack", "name": "Slack"}], "next_cursor": None})
    client, recorder, _ = make_client(scripted([first, second]))

    found = [kit.slug for kit in client.list_toolkits(category="communication", page_size=1)]

    assert found == ["gmail", "slack"]
    assert recorder.requests[1].url.params["category"] == "communication"
    assert recorder.requests[1].url.params["cursor"] == "n"


def test_listings_send_nothing_until_iterated_and_refuse_a_page_size_below_one() -> None:
    client, recorder, _ = make_client(scripted([]))

    client.list_tools(toolkit_slug="github")
    with pytest.raises(ValueError, match="page_size"):
        client.list_toolkits(page_size=0)

    assert recorder.requests == []


def test_a_rate_limited_page_is_waited_out_as_the_api_says() -> None:
    limited = error_response(429, "Slow down.", headers={"retry-after-ms": "1500"})
    pages = [tool_page(["A"], "c2"), limited, tool_page(["B"], None)]
    client, recorder, clock = make_client(scripted(pages))

    assert [t.slug for t in client.list_tools(toolkit_slug="github")] == ["A", "B"]
    assert clock.sleeps == [1.5]
    assert recorder.requests[1].url.params == recorder.requests[2].url.params


def test_a_rate_limit_that_never_lifts_fails_with_the_429() -> None:
    limited = error_response(429, "Slow down.", headers={"retry-after": "5"})
    client, _, _ = make_client(scripted([limited] * 50))

    with pytest.raises(RateLimited):
        client.get_toolkit("github")
