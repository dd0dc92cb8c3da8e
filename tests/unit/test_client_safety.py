"""Every request declares its safety, and the safety alone decides what is retried.

Against canned answers (``httpx.MockTransport``): a create answered 409 is sent once and
says the object exists; a read turned away with 429 or 503 waits as the answer says and
tries again; a create whose answer is lost is looked up by name before anything is sent
again, for every kind of object the client creates; and every public method of the client
declares the safeties of its requests (``tests/integration/test_client_safety.py`` holds
each one to its declaration on the wire).
"""

from __future__ import annotations

import email.utils
import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from pulumi_composio.api._safety import Safety, check_method, declared_safety, endpoint
from pulumi_composio.api.client import ComposioClient
from pulumi_composio.api.models import (
    AuthConfigSpec,
    CreateAuthConfigRequest,
    CreateCustomServerRequest,
    ToolkitRef,
)
from pulumi_composio.errors import (
    AlreadyExists,
    AmbiguousCreateError,
    ComposioApiError,
    RateLimited,
    ServerSideError,
)
from tests.support.client_endpoints import endpoint_methods
from tests.support.client_fakes import (
    API_KEY,
    FakeClock,
    Recorder,
    created_json,
    error_response,
    make_client,
    page_json,
    scripted,
    server_json,
)

SERVER = CreateCustomServerRequest(name="support tools", toolkits=["github"])
CONFIG = CreateAuthConfigRequest(
    toolkit=ToolkitRef(slug="github"),
    auth_config=AuthConfigSpec(type="use_composio_managed_auth", name="github prod"),
)


# --- the families the client creates, in memory -------------------------------------------


def config_json(config_id: str, name: str) -> dict[str, Any]:
    return {
        "id": config_id,
        "name": name,
        "status": "ENABLED",
        "type": "default",
        "toolkit": {"slug": "github"},
        "auth_scheme": "OAUTH2",
        "is_composio_managed": True,
    }


def config_created_json(config_id: str, _name: str) -> dict[str, Any]:
    return {
        "auth_config": {"id": config_id, "auth_scheme": "OAUTH2", "is_composio_managed": True},
        "toolkit": {"slug": "github"},
    }


@dataclass(frozen=True)
class Family:
    """One kind of object the client creates: its routes, its answers and its create call."""

    kind: str
    name: str
    create_path: str
    list_path: str
    created: Callable[[str, str], dict[str, Any]]
    listed: Callable[[str, str], dict[str, Any]]
    page: Callable[[list[dict[str, Any]]], Any]
    create: Callable[[ComposioClient], object]
    create_once: Callable[[ComposioClient], object]

    def object_id(self, created: object) -> str:
        inner = getattr(created, "auth_config", created)
        object_id = getattr(inner, "id", None)
        assert isinstance(object_id, str)
        return object_id


FAMILIES = [
    Family(
        kind="MCP server",
        name=SERVER.name,
        create_path="/api/v3/mcp/servers/custom",
        list_path="/api/v3/mcp/servers",
        created=lambda i, n: created_json(id=i, name=n),
        listed=lambda i, n: server_json(id=i, name=n),
        page=page_json,
        create=lambda client: client.create_custom_server(SERVER),
        create_once=lambda client: client.create_custom_server_idempotently(SERVER),
    ),
    Family(
        kind="auth config",
        name="github prod",
        create_path="/api/v3/auth_configs",
        list_path="/api/v3/auth_configs",
        created=config_created_json,
        listed=config_json,
        page=lambda items: {"items": items, "next_cursor": None},
        create=lambda client: client.create_auth_config(CONFIG),
        create_once=lambda client: client.create_auth_config_idempotently(CONFIG),
    ),
]


class FakeFamily:
    """Just enough of one family's API: each create does what ``creates`` says in turn.

    ``"ok"`` stores and answers; ``"409"`` refuses; ``"commit-then-lost"`` stores and then
    drops the connection; ``"lost"`` drops it having stored nothing.
    """

    def __init__(self, family: Family, creates: list[str]) -> None:
        self.family = family
        self.creates = list(creates)
        self.stored: dict[str, str] = {}

    def __call__(self, request: httpx.Request) -> httpx.Response | Exception:
        path = request.url.path
        if request.method == "POST" and path == self.family.create_path:
            return self._create(request)
        if request.method == "GET" and path == self.family.list_path:
            items = [self.family.listed(i, n) for i, n in self.stored.items()]
            return httpx.Response(200, json=self.family.page(items))
        raise AssertionError(f"unexpected {request.method} {request.url}")

    def _create(self, request: httpx.Request) -> httpx.Response | Exception:
        what = self.creates.pop(0)
        if what == "409":
            return error_response(409, "An object with this name already exists")
        if what == "lost":
            return httpx.RemoteProtocolError("Server disconnected", request=request)
        object_id = f"obj-{len(self.stored) + 1}"
        self.stored[object_id] = self.family.name
        if what == "commit-then-lost":
            return httpx.RemoteProtocolError("Server disconnected", request=request)
        return httpx.Response(201, json=self.family.created(object_id, self.family.name))


def wire(recorder: Recorder) -> list[str]:
    return [request.method for request in recorder.requests]


# --- 409 to a create ----------------------------------------------------------------------


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.kind)
def test_a_create_answered_409_is_sent_once_and_says_the_object_exists(family: Family) -> None:
    client, recorder, clock = make_client(FakeFamily(family, ["409"]))

    with pytest.raises(AlreadyExists) as caught:
        family.create(client)

    error = caught.value
    assert wire(recorder) == ["POST"]
    assert clock.sleeps == []
    assert isinstance(error, ComposioApiError)
    assert (error.status, error.kind, error.name) == (409, family.kind, family.name)
    assert str(error) == (
        f"{family.kind} {family.name!r} already exists in Composio, so it was not created "
        "again: Composio API 409 (some_error): An object with this name already exists. "
        f"[POST {family.create_path}]"
    )
    assert API_KEY not in str(error)


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.kind)
def test_an_exactly_once_create_answered_409_posts_once_after_its_one_lookup(
    family: Family,
) -> None:
    client, recorder, clock = make_client(FakeFamily(family, ["409"]))

    with pytest.raises(AlreadyExists, match="already exists in Composio"):
        family.create_once(client)

    assert wire(recorder) == ["GET", "POST"]
    assert len(clock.sleeps) == 0


def test_a_409_to_a_read_or_an_update_is_still_retried() -> None:
    """A conflict on a request that can be repeated is a passing state, not a verdict."""
    replies = [error_response(409), httpx.Response(200, json=server_json())]
    client, recorder, clock = make_client(scripted(replies))

    assert client.get_server("srv-1").id == "srv-1"
    assert wire(recorder) == ["GET", "GET"]
    assert clock.sleeps == [0.5]


# --- reads turned away with a hint ------------------------------------------------------


HINTS: list[tuple[str, dict[str, str], float]] = [
    ("retry-after-ms", {"retry-after-ms": "1500", "retry-after": "9"}, 1.5),
    ("retry-after seconds", {"retry-after": "4"}, 4.0),
    ("retry-after date", {"retry-after": email.utils.formatdate(FakeClock().wall + 6)}, 6.0),
]


@pytest.mark.parametrize(("header", "headers", "wait"), HINTS, ids=[h[0] for h in HINTS])
@pytest.mark.parametrize("status", [429, 503])
def test_a_read_answered_429_or_503_is_retried_after_the_wait_it_asked_for(
    status: int, header: str, headers: dict[str, str], wait: float
) -> None:
    replies = [error_response(status, headers=headers), httpx.Response(200, json=server_json())]
    client, recorder, clock = make_client(scripted(replies))

    assert client.get_server("srv-1").id == "srv-1"

    assert wire(recorder) == ["GET", "GET"]
    assert clock.sleeps == [pytest.approx(wait, abs=1 if "date" in header else 0)]


@pytest.mark.parametrize(
    ("status", "error_class"), [(429, RateLimited), (503, ServerSideError)], ids=str
)
def test_a_read_turned_away_to_the_end_reports_the_last_answer(
    status: int, error_class: type[ComposioApiError]
) -> None:
    turned_away = error_response(status, headers={"retry-after-ms": "250"})
    client, recorder, clock = make_client(
        scripted([turned_away] * 3), max_attempts=3, max_throttled_retries=2
    )

    with pytest.raises(error_class) as caught:
        client.get_server("srv-1")

    assert caught.value.status == status
    assert len(recorder.requests) == 3
    assert clock.sleeps[0] == 0.25
    assert min(clock.sleeps) >= 0.25, "never less than the answer asked"
    if isinstance(caught.value, RateLimited):
        assert caught.value.retry_after == 0.25


# --- a create whose answer is lost ---------------------------------------------------------


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.kind)
@pytest.mark.parametrize(
    ("creates", "expected_wire"),
    [
        (["commit-then-lost"], ["GET", "POST", "GET"]),
        (["lost", "ok"], ["GET", "POST", "GET", "POST"]),
        (["lost", "commit-then-lost"], ["GET", "POST", "GET", "POST", "GET"]),
    ],
    ids=["made before the loss", "not made, sent again", "made on the second try"],
)
def test_a_create_whose_answer_is_lost_is_looked_up_by_name_before_any_retry(
    family: Family, creates: list[str], expected_wire: list[str]
) -> None:
    fake = FakeFamily(family, creates)
    client, recorder, _ = make_client(fake)

    made = family.create_once(client)

    assert wire(recorder) == expected_wire
    assert list(fake.stored) == [family.object_id(made)], "exactly one object, and it is ours"


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.kind)
def test_a_plain_create_whose_answer_is_lost_is_never_sent_again(family: Family) -> None:
    fake = FakeFamily(family, ["commit-then-lost"])
    client, recorder, _ = make_client(fake)

    with pytest.raises(AmbiguousCreateError) as caught:
        family.create(client)

    assert wire(recorder) == ["POST"]
    assert (caught.value.kind, caught.value.name) == (family.kind, family.name)


# --- every endpoint declares its safety ---------------------------------------------------


def test_the_client_has_the_endpoints_the_rest_of_the_package_calls() -> None:
    assert {
        "create_custom_server",
        "create_custom_server_idempotently",
        "get_server",
        "list_tools",
        "create_auth_config_idempotently",
    } <= set(endpoint_methods())


def test_every_method_of_every_group_is_also_a_flat_method_of_the_client() -> None:
    """So the flat methods enumerated here are every endpoint the client has."""
    client, _, _ = make_client(scripted([]))
    groups = {"servers": client.servers, "auth_configs": client.auth_configs}
    groups["catalogue"] = client.catalogue
    flat = endpoint_methods()

    for group in groups.values():
        for name, method in inspect.getmembers(type(group), inspect.isfunction):
            if not name.startswith("_"):
                assert getattr(flat[name], "__wrapped__", None) is method, name
    assert {name for name in dir(client) if name in groups} == set(groups)


def test_a_flat_method_and_its_group_method_send_the_same_request() -> None:
    answer = httpx.Response(200, json=server_json())
    client, recorder, _ = make_client(scripted([answer, answer]))

    assert client.get_server("srv-1") == client.servers.get_server("srv-1")

    first, second = recorder.requests
    assert (first.method, first.url) == (second.method, second.url)


@pytest.mark.parametrize("name", sorted(endpoint_methods()))
def test_every_endpoint_method_declares_its_safety(name: str) -> None:
    declared = declared_safety(endpoint_methods()[name])

    assert declared, f"ComposioClient.{name} declares no safety; decorate it with @endpoint"
    if name.startswith(("get_", "list_", "find_")):
        assert declared == {Safety.READ}
    if name.startswith("create_"):
        assert Safety.CREATE in declared


@pytest.mark.parametrize(
    ("method", "safety"),
    [
        ("POST", Safety.READ),
        ("DELETE", Safety.READ),
        ("GET", Safety.CREATE),
        ("PATCH", Safety.CREATE),
        ("GET", Safety.IDEMPOTENT),
    ],
)
def test_a_method_that_contradicts_its_safety_is_refused(method: str, safety: Safety) -> None:
    with pytest.raises(ValueError, match=f"not {method}"):
        check_method(method, safety)


def test_an_endpoint_must_declare_something() -> None:
    with pytest.raises(ValueError, match="at least one"):
        endpoint()


def test_the_request_core_refuses_a_contradiction_before_sending() -> None:
    client, recorder, _ = make_client(scripted([]))

    with pytest.raises(ValueError, match="a read request is sent with GET, not DELETE"):
        client._requests.request("DELETE", "/mcp/srv-1", safety=Safety.READ)

    assert recorder.requests == []


def test_every_request_carries_its_safety_for_transports_to_see() -> None:
    client, recorder, _ = make_client(scripted([httpx.Response(201, json=created_json())]))

    client.create_custom_server(SERVER)

    [sent] = recorder.requests
    assert sent.extensions["pulumi_composio.safety"] == "create"
    assert json.loads(sent.content)["name"] == SERVER.name
