"""The preview's slug check against a canned catalogue: which slugs it asks about, how many
calls that takes, what a mistyped slug says, and what happens when Composio cannot be asked.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from pulumi_composio.api.client import ComposioClient
from pulumi_composio.core import catalogue
from pulumi_composio.core.catalogue import KnownSlugs
from pulumi_composio.core.confirmed_slugs import TRUSTED_FOR, ConfirmedSlugs
from pulumi_composio.core.input_rules import UNKNOWN
from pulumi_composio.servers.inputs import check_inputs, new_slugs
from tests.support.client_fakes import Recorder, error_response, make_client

CATALOGUE = {
    "github": ["GITHUB_CREATE_ISSUE", "GITHUB_LIST_REPOSITORY_ISSUES", "GITHUB_GET_A_REPOSITORY"],
    "slack": ["SLACK_SEND_MESSAGE", "SLACK_LIST_ALL_CHANNELS"],
    "notion": ["NOTION_CREATE_NOTION_PAGE"],
}


def tool(slug: str) -> dict[str, Any]:
    toolkit = next(kit for kit, tools in CATALOGUE.items() if slug in tools)
    return {"slug": slug, "name": slug.title(), "toolkit": {"slug": toolkit}}


def fake_composio(request: httpx.Request) -> httpx.Response:
    path, params = request.url.path.removeprefix("/api/v3"), request.url.params
    if path.startswith("/toolkits/"):
        slug = path.rsplit("/", 1)[-1]
        if slug not in CATALOGUE:
            return error_response(404, f"No toolkit with slug {slug!r}.", slug="Toolkit_NotFound")
        return httpx.Response(200, json={"slug": slug, "name": slug.title()})
    if path == "/toolkits":
        kits = [{"slug": slug, "name": slug.title()} for slug in CATALOGUE]
        return httpx.Response(200, json={"items": kits, "next_cursor": None})
    if path == "/tools":
        if "tool_slugs" in params:
            asked = params["tool_slugs"].split(",")
            found = [s for tools in CATALOGUE.values() for s in tools if s in asked]
        else:
            found = list(CATALOGUE.get(params["toolkit_slug"], []))
        return httpx.Response(200, json={"items": [tool(s) for s in found], "next_cursor": None})
    raise AssertionError(f"unexpected {request.method} {request.url}")


@pytest.fixture(autouse=True)
def no_warning_given_yet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalogue, "_warned", set())


@pytest.fixture
def api() -> tuple[ComposioClient, Recorder]:
    client, recorder, _ = make_client(fake_composio)
    return client, recorder


def asked(recorder: Recorder) -> list[str]:
    return [
        request.url.path.removeprefix("/api/v3")
        + (f"?{request.url.query.decode()}" if request.url.query else "")
        for request in recorder.requests
    ]


def test_known_slugs_cost_one_call_per_toolkit_and_one_for_the_tools_then_nothing(
    api: tuple[ComposioClient, Recorder],
) -> None:
    client, recorder = api
    known = KnownSlugs()

    first = known.check(
        lambda: client, ["github", "slack"], ["GITHUB_CREATE_ISSUE", "SLACK_SEND_MESSAGE"]
    )
    again = known.check(lambda: client, ["slack"], ["GITHUB_CREATE_ISSUE"])

    assert (first.problems, first.warning, again.problems, again.warning) == ([], None, [], None)
    assert sorted(asked(recorder)) == [
        "/toolkits/github",
        "/toolkits/slack",
        "/tools?limit=100&tool_slugs=GITHUB_CREATE_ISSUE%2CSLACK_SEND_MESSAGE",
    ]


def held_until(count: int, handler: Callable[[httpx.Request], httpx.Response]) -> Any:
    """``handler``, answering the first ``count`` requests only once all of them are in
    flight: reads sent one after another never get there, and the barrier breaks."""
    barrier = threading.Barrier(count, timeout=10)
    seen = iter(range(count))

    def held(request: httpx.Request) -> httpx.Response:
        if next(seen, None) is not None:
            barrier.wait()
        return handler(request)

    return held


def test_the_toolkit_and_tool_reads_of_one_check_are_in_flight_together() -> None:
    client, recorder, _ = make_client(held_until(3, fake_composio))

    verdict = KnownSlugs().check(lambda: client, ["github", "slack"], ["SLACK_SEND_MESSAGE"])

    assert (verdict.problems, verdict.warning) == ([], None)
    assert len(recorder.requests) == 3


def test_checks_of_servers_with_slugs_of_their_own_ask_at_the_same_time() -> None:
    client, recorder, _ = make_client(held_until(2, fake_composio))
    known = KnownSlugs()
    verdicts: list[Any] = []

    checks = [
        threading.Thread(
            target=lambda kit=kit: verdicts.append(known.check(lambda: client, [kit], []))
        )
        for kit in ("github", "notion")
    ]
    for check in checks:
        check.start()
    for check in checks:
        check.join()

    assert [(v.problems, v.warning) for v in verdicts] == [([], None), ([], None)]
    assert sorted(asked(recorder)) == ["/toolkits/github", "/toolkits/notion"]


def test_a_new_process_trusts_what_a_recent_one_confirmed(
    api: tuple[ComposioClient, Recorder], tmp_path: Path
) -> None:
    client, recorder = api
    record = tmp_path / "record.json"
    KnownSlugs(ConfirmedSlugs(record)).check(lambda: client, ["github"], ["GITHUB_CREATE_ISSUE"])
    recorder.requests.clear()

    verdict = KnownSlugs(ConfirmedSlugs(record)).check(
        lambda: client, ["github"], ["GITHUB_CREATE_ISSUE"]
    )

    assert (verdict.problems, verdict.warning) == ([], None)
    assert asked(recorder) == [], "the apply asks nothing its preview was told"


def test_a_mistyped_slug_is_never_recorded_so_every_preview_fails_on_it(
    api: tuple[ComposioClient, Recorder], tmp_path: Path
) -> None:
    client, recorder = api
    record = tmp_path / "record.json"
    KnownSlugs(ConfirmedSlugs(record)).check(lambda: client, ["githb"], [])
    recorder.requests.clear()

    verdict = KnownSlugs(ConfirmedSlugs(record)).check(lambda: client, ["githb"], [])

    assert [problem.property for problem in verdict.problems] == ["toolkits"]
    assert sorted(asked(recorder)) == ["/toolkits/githb", "/toolkits?limit=100"], (
        "asked again, and the toolkits listed again to say what was meant"
    )


def test_a_confirmation_is_trusted_for_an_hour_from_when_composio_gave_it(
    api: tuple[ComposioClient, Recorder], tmp_path: Path
) -> None:
    client, recorder = api
    now = [1_000_000.0]
    record = tmp_path / "record.json"
    KnownSlugs(ConfirmedSlugs(record, clock=lambda: now[0])).check(lambda: client, ["github"], [])

    now[0] += TRUSTED_FOR - 1
    KnownSlugs(ConfirmedSlugs(record, clock=lambda: now[0])).check(lambda: client, ["github"], [])
    now[0] += 1
    KnownSlugs(ConfirmedSlugs(record, clock=lambda: now[0])).check(lambda: client, ["github"], [])

    assert asked(recorder) == ["/toolkits/github"] * 2, "passing it on does not make it younger"


def test_a_record_that_cannot_be_read_is_no_record(
    api: tuple[ComposioClient, Recorder], tmp_path: Path
) -> None:
    client, recorder = api
    record = tmp_path / "record.json"
    record.write_text('{"toolkits": {"github": "yesterday"}, "tools": [')

    assert KnownSlugs(ConfirmedSlugs(record)).check(lambda: client, ["github"], []).problems == []

    assert asked(recorder) == ["/toolkits/github"]
    assert ConfirmedSlugs(record).read() == {"toolkits": {"github"}, "tools": set()}


def test_a_mistyped_toolkit_names_the_field_the_slug_and_the_closest_one(
    api: tuple[ComposioClient, Recorder],
) -> None:
    client, _ = api

    verdict = KnownSlugs().check(lambda: client, ["githb", "slack", "zzzz"], [])

    (problem,) = verdict.problems
    assert problem.property == "toolkits"
    assert problem.reason == (
        "toolkits: Composio has no toolkits 'githb' (did you mean `github`?), 'zzzz'"
    )


def test_a_mistyped_tool_is_compared_with_the_tools_of_the_servers_toolkits(
    api: tuple[ComposioClient, Recorder],
) -> None:
    client, recorder = api

    verdict = KnownSlugs().check(
        lambda: client,
        [],
        ["GITHUB_CREATE_ISSU", "SLACK_SEND_MESSAGE"],
        declared_toolkits=["slack"],
    )

    (problem,) = verdict.problems
    assert problem.property == "allowed_tools"
    assert problem.reason == (
        "allowed_tools: Composio has no tool 'GITHUB_CREATE_ISSU' (did you mean "
        "`GITHUB_CREATE_ISSUE`?); get_tools lists the tools of a toolkit"
    )
    listed = sorted(path for path in asked(recorder) if "toolkit_slug" in path)
    assert listed == [
        "/tools?limit=100&toolkit_slug=github",
        "/tools?limit=100&toolkit_slug=slack",
    ], "the declared toolkit and the one the slug names"


def test_composio_out_of_reach_is_a_warning_once_and_no_more_calls() -> None:
    client, down, _ = make_client(
        lambda request: httpx.ConnectError("connection refused", request=request)
    )
    known = KnownSlugs()

    first = known.check(lambda: client, ["github"], [])
    later = known.check(lambda: client, ["slack"], ["SLACK_SEND_MESSAGE"])

    assert first.problems == later.problems == []
    assert first.warning is not None
    assert first.warning.startswith("toolkit and tool slugs were not checked against Composio")
    assert "Composio checks them when the change is applied" in first.warning
    assert later.warning is None
    assert len(down.requests) == 5, "one retry budget, then no more asking"


def test_a_rate_limit_is_waited_out_like_any_read(api: tuple[ComposioClient, Recorder]) -> None:
    replies = [error_response(429, "Slow down.", headers={"retry-after-ms": "10"})]

    def limited_once(request: httpx.Request) -> httpx.Response:
        return replies.pop() if replies else fake_composio(request)

    client, _, clock = make_client(limited_once)

    assert KnownSlugs().check(lambda: client, ["github"], []).problems == []
    assert clock.sleeps == [0.01]


def test_the_new_slugs_are_those_not_in_the_inputs_in_state() -> None:
    olds, _ = check_inputs({}, {"toolkits": ["github"], "allowed_tools": ["GITHUB_CREATE_ISSUE"]})
    news, _ = check_inputs(
        olds,
        {
            "toolkits": ["slack", "github"],
            "allowed_tools": ["GITHUB_CREATE_ISSUE"],
            "custom_tools": ["SLACK_SEND_MESSAGE"],
        },
    )
    assert new_slugs(olds, news) == (["slack"], ["SLACK_SEND_MESSAGE"])
    assert new_slugs(olds, olds) == ([], []), "an unchanged server asks about nothing"
    assert new_slugs({}, {"toolkits": UNKNOWN, "allowed_tools": ["A", UNKNOWN]}) == ([], ["A"])
