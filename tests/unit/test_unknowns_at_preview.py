"""Unknown inputs at preview, through the SDK's own serialization and dynamic-provider host.

During ``pulumi preview`` (and the preview a plain ``pulumi up`` runs first) an input wired
from another resource's output is unknown. The program's SDK serializes it as the engine's
unknown sentinel; the dynamic-provider host (``pulumi.dynamic.__main__``) deserializes it
into :class:`pulumi.output.Unknown` objects before our provider sees it. These tests go
through exactly those two pieces of the real SDK: unknown ``Output`` values, whole or inside
a list or a mapping, serialized by ``rpc.serialize_properties``, handed to the host's
``Check`` and ``Diff`` as the engine sends them.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import hypothesis.strategies as st
import pytest
from google.protobuf import json_format
from hypothesis import given, settings
from pulumi import Output
from pulumi.runtime import proto, rpc

from pulumi_composio.native.resource_types import (
    AUTH_CONFIG,
    CUSTOM_MCP_SERVER,
    RESOURCE_TYPES,
    ResourceType,
)
from tests.support.dynamic_host import Engine, Props
from tests.support.sample_inputs import (
    HIDDEN_INPUTS,
    LEFT_OUT,
    SAMPLE_INPUTS,
    adoption_inputs,
    dynamic_provider,
)


def unknown() -> Output[Any]:
    """An output of a resource that does not exist yet, as a program holds it at preview."""
    loop = asyncio.get_event_loop()
    value: asyncio.Future[Any] = loop.create_future()
    value.set_result(None)
    known: asyncio.Future[bool] = loop.create_future()
    known.set_result(False)
    secret: asyncio.Future[bool] = loop.create_future()
    secret.set_result(False)
    return Output(set(), value, known, secret)


@pytest.fixture(autouse=True)
def event_loop() -> Any:
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    yield loop
    loop.close()


KINDS: dict[str, ResourceType] = {kind.name: kind for kind in RESOURCE_TYPES.values()}
RESOURCES: dict[str, Props] = {name: SAMPLE_INPUTS[kind.token] for name, kind in KINDS.items()}


def test_every_resource_type_has_a_sample_giving_every_input() -> None:
    assert set(SAMPLE_INPUTS) == set(RESOURCE_TYPES)
    for token, kind in RESOURCE_TYPES.items():
        inputs = {prop.name for prop in kind.inputs()}
        given = set(SAMPLE_INPUTS[token])
        assert given - inputs - HIDDEN_INPUTS == set(), token
        assert inputs - given == set(LEFT_OUT.get(token, {})), token


LANDS_IN = {"custom_tools": "allowed_tools"}
"""Where check puts an input it folds into another."""


def unknown_places(props: Props) -> list[str]:
    """Every input as a whole, each list element (``key[i]``) and mapping value (``key.k``)."""
    places = []
    for key, value in props.items():
        places.append(key)
        if isinstance(value, list):
            places += [f"{key}[{index}]" for index in range(len(value))]
        if isinstance(value, dict):
            places += [f"{key}.{inner}" for inner in value]
    return places


def with_unknown(props: Props, place: str) -> Props:
    """``props`` with the input, list element or mapping value at ``place`` unknown."""
    key, _, rest = place.partition("[")
    if rest:
        index = int(rest.rstrip("]"))
        items = [unknown() if i == index else item for i, item in enumerate(props[key])]
        return {**props, key: items}
    key, _, inner = place.partition(".")
    if inner:
        return {**props, key: {**props[key], inner: unknown()}}
    return {**props, key: unknown()}


CASES = [
    pytest.param(kind, place, id=f"{kind}.{place}")
    for kind, props in RESOURCES.items()
    for place in unknown_places(props)
]
DIFF_CASES = [
    case
    for case in CASES
    if case.values[1] not in adoption_inputs(KINDS[str(case.values[0])]) | HIDDEN_INPUTS
]
"""Inputs a diff never compares left out: an adoption id matters only to the create
(removing it later changes nothing), and the default name is derived from the resource's
own name."""


@pytest.mark.parametrize(("kind", "place"), CASES)
def test_an_unknown_input_passes_check_and_stays_unknown(kind: str, place: str):
    props = RESOURCES[kind]
    engine = Engine(dynamic_provider(KINDS[kind]))
    response = engine.check(with_unknown(props, place))
    assert list(response.failures) == []
    on_the_wire = json_format.MessageToDict(response.inputs)
    prop = place.split("[")[0].split(".")[0]
    assert rpc.UNKNOWN in json.dumps(on_the_wire[LANDS_IN.get(prop, prop)])


@pytest.mark.parametrize(("kind", "place"), DIFF_CASES)
def test_an_unknown_input_shows_as_a_change_in_the_diff(kind: str, place: str):
    props = RESOURCES[kind]
    engine = Engine(dynamic_provider(KINDS[kind]))
    checked_olds = rpc.deserialize_properties(engine.check(props).inputs)
    news = with_unknown(props, place)
    checked_news = rpc.deserialize_properties(engine.check(news).inputs, keep_unknowns=True)
    olds = {k: v for k, v in checked_olds.items() if k != "__provider"}
    news_in = {
        k: (unknown() if rpc.contains_unknowns(v) else v)
        for k, v in checked_news.items()
        if k != "__provider"
    }
    response = engine.diff(olds, news_in)
    assert response.changes == proto.DiffResponse.DIFF_SOME


def test_an_unknown_toolkit_or_scheme_may_replace_an_auth_config():
    engine = Engine(dynamic_provider(AUTH_CONFIG))
    olds = rpc.deserialize_properties(engine.check(RESOURCES["AuthConfig"]).inputs)
    olds = {**olds, "is_composio_managed": False}
    olds.pop("__provider")
    for prop in ("toolkit", "auth_scheme"):
        response = engine.diff(olds, {**olds, prop: unknown()})
        assert prop in response.replaces


def test_known_elements_beside_an_unknown_one_are_still_checked():
    engine = Engine(dynamic_provider(CUSTOM_MCP_SERVER))
    server = RESOURCES["CustomMcpServer"]
    response = engine.check({**server, "auth_config_ids": [unknown(), "not an id!"]})
    assert [f.reason.split(" ")[0] for f in response.failures] == ["auth_config_ids[1]"]


@st.composite
def partly_unknown(draw: st.DrawFn, props: Props) -> Props:
    """Some inputs whole-unknown, some list elements or mapping values unknown."""
    out: Props = {}
    for key, value in props.items():
        if draw(st.booleans()):
            out[key] = unknown() if draw(st.booleans()) else value
        elif isinstance(value, list):
            out[key] = [unknown() if draw(st.booleans()) else item for item in value]
        elif isinstance(value, dict):
            out[key] = {k: unknown() if draw(st.booleans()) else v for k, v in value.items()}
        else:
            out[key] = value
    return out


@pytest.mark.parametrize("kind", list(RESOURCES))
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_any_mix_of_unknown_inputs_passes_check(kind: str, data: st.DataObject):
    props = RESOURCES[kind]
    news = data.draw(partly_unknown(props))
    response = Engine(dynamic_provider(KINDS[kind])).check(news)
    assert list(response.failures) == []
