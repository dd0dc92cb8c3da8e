"""Property test: ``check`` rejects every invalid input, names the property, calls no API."""

from __future__ import annotations

from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pulumi.dynamic import ConfigureRequest
from pulumi.dynamic.config import Config

from pulumi_composio import ComposioClient
from pulumi_composio.servers.inputs import LIST_LIMITS
from pulumi_composio.servers.provider import CustomMcpServerProvider

VALID = {
    "name": "Support Tools",
    "toolkits": ["github"],
    "allowed_tools": ["GITHUB_CREATE_ISSUE"],
    "custom_tools": None,
    "auth_config_ids": ["ac_github_default"],
    "managed_auth_via_composio": True,
    "default_name": "support-abc1234",
}
NAME_CHARS = st.characters(categories=["L", "N"], max_codepoint=127) | st.sampled_from(" -")
not_a_string = st.one_of(
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.lists(st.text(max_size=3), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
bad_names = st.one_of(
    st.text(NAME_CHARS, min_size=1, max_size=3),
    st.text(NAME_CHARS, min_size=31, max_size=80),
    st.tuples(
        st.text(NAME_CHARS, min_size=2, max_size=14),
        st.characters(exclude_categories=["Cs"]).filter(
            lambda c: not (c.isascii() and (c.isalnum() or c in " -"))
        ),
        st.text(NAME_CHARS, min_size=2, max_size=14),
    ).map("".join),
    not_a_string,
)
bad_items = st.one_of(
    st.just(""),
    st.text(min_size=1, max_size=20).filter(
        lambda s: not all(c.isascii() and (c.isalnum() or c in "_.-") for c in s)
    ),
    st.text(st.characters(categories=["L"], max_codepoint=127), min_size=101, max_size=150),
    st.integers(),
    st.none(),
    st.booleans(),
    st.lists(st.text(max_size=2), max_size=2),
)


@st.composite
def bad_list(draw: st.DrawFn, prop: str) -> Any:
    kind = draw(st.sampled_from(["not a list", "bad item", "too long"]))
    if kind == "not a list":
        return draw(
            st.one_of(
                st.text(max_size=10),
                st.integers(),
                st.booleans(),
                st.dictionaries(st.text(max_size=2), st.text(max_size=2), min_size=1, max_size=2),
            )
        )
    if kind == "bad item":
        good = draw(st.lists(st.sampled_from(["github", "slack", "A_TOOL"]), max_size=3))
        index = draw(st.integers(0, len(good)))
        return [*good[:index], draw(bad_items), *good[index:]]
    return ["item"] * (LIST_LIMITS[prop] + draw(st.integers(1, 500)))


@st.composite
def invalid_inputs(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    prop = draw(st.sampled_from([*LIST_LIMITS, "name", "managed_auth_via_composio"]))
    if prop == "name":
        value = draw(bad_names)
    elif prop == "managed_auth_via_composio":
        value = draw(
            st.one_of(
                st.text(max_size=5),
                st.integers(),
                st.floats(allow_nan=False),
                st.lists(st.booleans(), max_size=2),
            )
        )
    else:
        value = draw(bad_list(prop))
    return prop, {**VALID, prop: value}


class CountingTransport(httpx.BaseTransport):
    def __init__(self) -> None:
        self.requests = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        return httpx.Response(500)


def configured_provider(transport: CountingTransport) -> CustomMcpServerProvider:
    provider = CustomMcpServerProvider()
    provider.configure(ConfigureRequest(Config({"composio:apiKey": "sk-unit-SECRET"}, "project")))
    client = ComposioClient("sk-unit-SECRET", transport=transport)
    provider._service._api = lambda: client  # type: ignore[method-assign]
    return provider


def test_check_rejects_a_thousand_invalid_inputs_naming_the_property_without_requests():
    transport = CountingTransport()
    provider = configured_provider(transport)
    tried: list[str] = []

    @settings(max_examples=1200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(invalid_inputs())
    def check_one(case: tuple[str, dict[str, Any]]) -> None:
        prop, news = case
        result = provider.check({}, news)
        [failure] = result.failures
        assert failure.property == "", "the engine would print the value beside a property"
        assert failure.reason.startswith(prop), failure.reason
        tried.append(prop)

    check_one()

    assert len(tried) >= 1000
    assert set(tried) == {*LIST_LIMITS, "name", "managed_auth_via_composio"}
    assert transport.requests == 0
