from __future__ import annotations

import email.utils
import json
import logging
import pickle

import httpx
import pytest

from pulumi_composio.api.client import ComposioClient
from pulumi_composio.api.models import (
    CreateCustomServerRequest,
    CreatedCustomServer,
    GenerateUrlsRequest,
    McpServer,
    UpdateServerRequest,
)
from pulumi_composio.api.settings import resolve_settings
from pulumi_composio.errors import (
    AuthenticationFailed,
    ComposioApiError,
    ComposioTransportError,
    ConfigurationError,
    InvalidRequest,
    InvalidResponse,
    RateLimited,
    ServerNotFound,
    ServerSideError,
)
from tests.support.client_fakes import (
    API_KEY,
    BASE_URL,
    FakeClock,
    Recorder,
    created_json,
    error_response,
    make_client,
    page_json,
    scripted,
    server_json,
)


def ok(body, status=200, **kwargs):
    return httpx.Response(status, json=body, **kwargs)


# --- what goes on the wire --------------------------------------------------------


def test_create_posts_only_the_given_fields_to_the_custom_servers_route():
    client, recorder, _ = make_client(scripted([ok(created_json(id="srv-7"), 201)]))

    created = client.create_custom_server(
        CreateCustomServerRequest(name="support tools", toolkits=["github"])
    )

    (request,) = recorder.requests
    assert (request.method, str(request.url)) == (
        "POST",
        f"{BASE_URL}/api/v3/mcp/servers/custom",
    )
    assert json.loads(request.content) == {"name": "support tools", "toolkits": ["github"]}
    assert request.headers["content-type"] == "application/json"
    assert isinstance(created, CreatedCustomServer)
    assert created.id == "srv-7"


def test_every_request_carries_the_key_user_agent_and_a_timeout():
    client, recorder, _ = make_client(scripted([ok(server_json())]))

    client.get_server("srv-1")

    (request,) = recorder.requests
    assert request.headers["x-api-key"] == API_KEY
    assert request.headers["user-agent"].startswith("pulumi-composio/")
    assert request.headers["accept"] == "application/json"
    timeout = request.extensions["timeout"]
    assert all(timeout[phase] is not None for phase in ("connect", "read", "write", "pool"))


def test_user_key_is_sent_in_the_user_key_header():
    recorder = Recorder(scripted([ok(server_json())]))
    client = ComposioClient(
        API_KEY, key_header="x-user-api-key", base_url=BASE_URL, transport=recorder.transport()
    )

    client.get_server("srv-1")

    assert recorder.requests[0].headers["x-user-api-key"] == API_KEY
    assert "x-api-key" not in recorder.requests[0].headers


def test_api_prefix_and_base_url_path_are_respected():
    recorder = Recorder(scripted([ok(server_json())]))
    client = ComposioClient(
        API_KEY,
        base_url="https://proxy.test/composio/",
        api_prefix="/api/v3.1/",
        transport=recorder.transport(),
    )

    client.get_server("srv-1")

    assert str(recorder.requests[0].url) == "https://proxy.test/composio/api/v3.1/mcp/srv-1"


def test_server_ids_are_escaped_into_one_path_segment():
    client, recorder, _ = make_client(scripted([ok(server_json())]))

    client.get_server("../servers?x=1")

    assert recorder.requests[0].url.raw_path == b"/api/v3/mcp/..%2Fservers%3Fx%3D1"


def test_empty_server_id_is_refused_before_sending():
    client, recorder, _ = make_client(scripted([]))

    with pytest.raises(ValueError, match="server_id"):
        client.get_server("")

    assert recorder.requests == []


def test_get_returns_the_full_server():
    client, _, _ = make_client(scripted([ok(server_json(deleted=True))]))

    server = client.get_server("srv-1")

    assert isinstance(server, McpServer)
    assert server.deleted is True


def test_update_patches_only_the_fields_that_were_set():
    client, recorder, _ = make_client(scripted([ok(server_json(allowed_tools=[]))]))

    server = client.update_server("srv-1", UpdateServerRequest(allowed_tools=[]))

    (request,) = recorder.requests
    assert (request.method, request.url.path) == ("PATCH", "/api/v3/mcp/srv-1")
    assert json.loads(request.content) == {"allowed_tools": []}
    assert server.allowed_tools == []


def test_delete_returns_the_soft_delete_result():
    client, recorder, _ = make_client(scripted([ok({"id": "srv-1", "deleted": True})]))

    result = client.delete_server("srv-1")

    assert (recorder.requests[0].method, recorder.requests[0].url.path) == (
        "DELETE",
        "/api/v3/mcp/srv-1",
    )
    assert result.deleted is True


def test_delete_of_a_missing_server_raises_server_not_found():
    client, _, _ = make_client(scripted([error_response(404, "MCP server not found")]))

    with pytest.raises(ServerNotFound) as caught:
        client.delete_server("srv-1")

    assert caught.value.status == 404


def test_generate_urls_posts_the_request():
    answer = {"mcp_url": "https://m", "user_ids_url": ["https://m?user_id=u1"]}
    client, recorder, _ = make_client(scripted([ok(answer)]))

    urls = client.generate_urls(GenerateUrlsRequest(mcp_server_id="srv-1", user_ids=["u1"]))

    assert recorder.requests[0].url.path == "/api/v3/mcp/servers/generate"
    assert recorder.bodies("POST") == [{"mcp_server_id": "srv-1", "user_ids": ["u1"]}]
    assert urls.user_ids_url == ["https://m?user_id=u1"]


def test_generate_urls_is_retried_like_a_read():
    answer = {"mcp_url": "https://m"}
    client, recorder, _ = make_client(scripted([error_response(502), ok(answer)]))

    client.generate_urls(GenerateUrlsRequest(mcp_server_id="srv-1"))

    assert len(recorder.requests) == 2


# --- listing ----------------------------------------------------------------------


def test_list_iterates_every_page():
    pages = [
        ok(page_json([server_json(id="a"), server_json(id="b")], 1, 3)),
        ok(page_json([server_json(id="c")], 2, 3)),
        ok(page_json([server_json(id="d")], 3, 3)),
    ]
    client, recorder, _ = make_client(scripted(pages))

    ids = [server.id for server in client.list_servers(page_size=2)]

    assert ids == ["a", "b", "c", "d"]
    assert [r.url.params["page_no"] for r in recorder.requests] == ["1", "2", "3"]
    assert {r.url.params["limit"] for r in recorder.requests} == {"2"}


def test_list_sends_filters_as_query_parameters():
    client, recorder, _ = make_client(scripted([ok(page_json([]))]))

    list(
        client.list_servers(
            name="support",
            toolkits=["github", "slack"],
            auth_config_ids=["ac_1", "ac_2"],
            order_by="updated_at",
            order_direction="desc",
        )
    )

    params = recorder.requests[0].url.params
    assert params["name"] == "support"
    assert params["toolkits"] == "github,slack"
    assert params["auth_config_ids"] == "ac_1,ac_2"
    assert (params["order_by"], params["order_direction"]) == ("updated_at", "desc")


def test_list_leaves_out_filters_that_were_not_given():
    client, recorder, _ = make_client(scripted([ok(page_json([]))]))

    list(client.list_servers())

    assert set(recorder.requests[0].url.params) == {"limit", "page_no"}


def test_list_stops_at_an_empty_page_whatever_total_pages_claims():
    client, recorder, _ = make_client(scripted([ok(page_json([], 1, 99))]))

    assert list(client.list_servers()) == []
    assert len(recorder.requests) == 1


def test_list_sends_nothing_until_iterated():
    client, recorder, _ = make_client(scripted([]))

    client.list_servers()

    assert recorder.requests == []


def test_list_refuses_a_page_size_below_one():
    client, _, _ = make_client(scripted([]))

    with pytest.raises(ValueError, match="page_size"):
        client.list_servers(page_size=0)


def test_find_by_exact_name_ignores_partial_case_and_deleted_matches():
    items = [
        server_json(id="exact", name="support tools"),
        server_json(id="longer", name="support tools 2"),
        server_json(id="upper", name="Support Tools"),
        server_json(id="gone", name="support tools", deleted=True),
    ]
    client, recorder, _ = make_client(scripted([ok(page_json(items))]))

    found = client.find_servers_by_exact_name("support tools")

    assert [server.id for server in found] == ["exact"]
    params = recorder.requests[0].url.params
    assert params["name"] == "support tools"
    assert (params["order_by"], params["order_direction"]) == ("created_at", "asc")


def test_find_by_exact_name_counts_a_server_seen_on_two_pages_once():
    same = server_json(id="a", name="support tools")
    pages = [ok(page_json([same], 1, 2)), ok(page_json([same], 2, 2))]
    client, _, _ = make_client(scripted(pages))

    assert [s.id for s in client.find_servers_by_exact_name("support tools")] == ["a"]


# --- errors -----------------------------------------------------------------------


def test_envelope_errors_carry_every_field():
    answer = error_response(
        400,
        "Toolkit 'foo' not found",
        slug="invalid_toolkit",
        request_id="req-1",
        suggested_fix="Use a listed toolkit",
        errors=["toolkits.0 is unknown"],
    )
    client, _, _ = make_client(scripted([answer]))

    with pytest.raises(InvalidRequest) as caught:
        client.create_custom_server(CreateCustomServerRequest(name="abcd", toolkits=["foo"]))

    error = caught.value
    assert (error.status, error.slug, error.request_id) == (400, "invalid_toolkit", "req-1")
    assert error.suggested_fix == "Use a listed toolkit"
    assert error.errors == ("toolkits.0 is unknown",)
    assert (error.method, error.path) == ("POST", "/api/v3/mcp/servers/custom")
    assert str(error).startswith("Composio API 400 (invalid_toolkit): Toolkit 'foo' not found.")


@pytest.mark.parametrize(
    ("status", "expected"),
    [(401, AuthenticationFailed), (403, AuthenticationFailed), (404, ServerNotFound)],
)
def test_read_errors_map_to_their_classes(status, expected):
    client, recorder, _ = make_client(scripted([error_response(status)]))

    with pytest.raises(expected):
        client.get_server("srv-1")

    assert len(recorder.requests) == 1


def test_html_error_page_becomes_one_line_with_status_and_snippet():
    page = "<html><head><title>502 Bad Gateway</title></head>\n<body><h1>nginx</h1></body></html>"
    answer = httpx.Response(502, text=page, headers={"content-type": "text/html"})
    client, _, _ = make_client(scripted([answer] * 5))

    with pytest.raises(ServerSideError) as caught:
        client.get_server("srv-1")

    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("Composio API 502: Bad Gateway; the text/html body is not a Composio")
    assert "error: 502 Bad Gateway nginx." in message
    assert "<html>" not in message


def test_empty_error_body_still_names_the_status():
    client, _, _ = make_client(scripted([httpx.Response(401)]))

    with pytest.raises(AuthenticationFailed, match=r"^Composio API 401: Unauthorized, with an"):
        client.get_server("srv-1")


def test_truncated_error_envelope_shows_its_start():
    answer = httpx.Response(400, content=b'{"error": {"message": "Toolkit \'foo\' not fo')
    client, _, _ = make_client(scripted([answer]))

    with pytest.raises(InvalidRequest) as caught:
        client.get_server("srv-1")

    assert "not a Composio error" in str(caught.value)
    assert "Toolkit 'foo' not fo" in str(caught.value)


def test_404_html_page_is_not_mistaken_for_a_missing_server():
    answer = httpx.Response(
        404, text="<h1>Page not found</h1>", headers={"content-type": "text/html"}
    )
    client, _, _ = make_client(scripted([answer]))

    with pytest.raises(ComposioApiError) as caught:
        client.get_server("srv-1")

    assert not isinstance(caught.value, ServerNotFound)
    assert "base URL" in str(caught.value)


def test_long_bodies_are_cut_short_in_messages():
    answer = httpx.Response(500, text="x" * 5000)
    client, _, _ = make_client(scripted([answer] * 5))

    with pytest.raises(ServerSideError) as caught:
        client.get_server("srv-1")

    assert len(str(caught.value)) < 300


@pytest.mark.parametrize(
    ("answer", "detail"),
    [
        (httpx.Response(200), "the body is empty"),
        (httpx.Response(200, text="<html>Sign in</html>"), "the body is not JSON"),
        (httpx.Response(200, content=b'{"id": "srv-1", "na'), "the body is not JSON"),
        (httpx.Response(200, json=[1, 2]), "expected a JSON object"),
    ],
)
def test_unreadable_success_bodies_raise_invalid_response(answer, detail):
    client, _, _ = make_client(scripted([answer]))

    with pytest.raises(InvalidResponse, match=detail) as caught:
        client.get_server("srv-1")

    assert caught.value.status == 200


def test_success_body_missing_fields_names_them_without_pydantic_noise():
    body = server_json()
    del body["mcp_url"], body["commands"]["cursor"]
    client, _, _ = make_client(scripted([ok(body)]))

    with pytest.raises(InvalidResponse) as caught:
        client.get_server("srv-1")

    message = str(caught.value)
    assert "field 'commands.cursor' missing" in message
    assert "field 'mcp_url' missing" in message
    assert "pydantic" not in message
    assert "validation error" not in message
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None


def test_success_body_with_a_wrong_type_names_the_field():
    client, _, _ = make_client(scripted([ok(server_json(toolkits="github"))]))

    with pytest.raises(InvalidResponse, match=r"field 'toolkits': Input should be a valid array"):
        client.get_server("srv-1")


def test_unreadable_success_bodies_are_not_retried():
    client, recorder, _ = make_client(scripted([httpx.Response(200, text="oops")]))

    with pytest.raises(InvalidResponse):
        client.get_server("srv-1")

    assert len(recorder.requests) == 1


# --- retries of idempotent calls --------------------------------------------------


@pytest.mark.parametrize("status", [408, 409, 429, 500, 502, 503, 504])
def test_reads_are_retried_on_transient_statuses(status):
    client, recorder, clock = make_client(scripted([error_response(status), ok(server_json())]))

    assert client.get_server("srv-1").id == "srv-1"
    assert len(recorder.requests) == 2
    assert clock.sleeps == [0.5]


@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError("refused"),
        httpx.ConnectTimeout("slow"),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("Server disconnected without sending a response"),
        httpx.ReadError("connection reset"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_reads_are_retried_on_network_failures(error):
    client, recorder, _ = make_client(scripted([error, ok(server_json())]))

    assert client.get_server("srv-1").id == "srv-1"
    assert len(recorder.requests) == 2


@pytest.mark.parametrize("method", ["update", "delete"])
def test_patch_and_delete_are_retried(method):
    answer = server_json() if method == "update" else {"id": "srv-1", "deleted": True}
    client, recorder, _ = make_client(scripted([error_response(503), ok(answer)]))

    if method == "update":
        client.update_server("srv-1", UpdateServerRequest(name="renamed"))
    else:
        client.delete_server("srv-1")

    assert len(recorder.requests) == 2
    assert recorder.requests[0].content == recorder.requests[1].content


def test_backoff_grows_exponentially_between_attempts():
    replies = [error_response(500)] * 4 + [ok(server_json())]
    client, _, clock = make_client(scripted(replies))

    client.get_server("srv-1")

    assert clock.sleeps == [0.5, 1.0, 2.0, 4.0]


def test_backoff_is_jittered():
    replies = [error_response(500)] * 3 + [ok(server_json())]
    client, _, clock = make_client(scripted(replies), jitter=0.25)

    client.get_server("srv-1")

    assert clock.sleeps == [0.125, 0.25, 0.5]


def test_reads_give_up_after_max_attempts_with_the_last_error():
    client, recorder, _ = make_client(scripted([error_response(503)] * 3), max_attempts=3)

    with pytest.raises(ServerSideError):
        client.get_server("srv-1")

    assert len(recorder.requests) == 3


def test_network_failures_after_max_attempts_raise_a_transport_error():
    client, recorder, _ = make_client(scripted([httpx.ConnectError("refused")] * 5))

    with pytest.raises(ComposioTransportError) as caught:
        client.get_server("srv-1")

    error = caught.value
    assert (error.reason, error.attempts) == ("ConnectError", 5)
    assert len(recorder.requests) == 5
    assert str(error) == (
        "No answer from Composio at https://composio.test for GET /api/v3/mcp/srv-1 "
        "(ConnectError: refused) after 5 attempts"
    )


def test_reads_stop_retrying_when_the_time_budget_is_spent():
    clock = FakeClock()

    def slow_failure(request):
        clock.now += 25
        return error_response(503)

    client, recorder, _ = make_client(slow_failure, clock=clock, max_elapsed=60.0)

    with pytest.raises(ServerSideError):
        client.get_server("srv-1")

    assert len(recorder.requests) == 3
    assert sum(clock.sleeps) <= 60


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_definite_errors_are_not_retried(status):
    client, recorder, clock = make_client(scripted([error_response(status)]))

    with pytest.raises(ComposioApiError):
        client.get_server("srv-1")

    assert len(recorder.requests) == 1
    assert clock.sleeps == []


def test_retry_after_ms_is_honoured():
    limited = error_response(429, headers={"retry-after-ms": "1234", "retry-after": "9"})
    client, _, clock = make_client(scripted([limited, ok(server_json())]))

    client.get_server("srv-1")

    assert clock.sleeps == [1.234]


def test_retry_after_seconds_is_honoured():
    limited = error_response(429, headers={"retry-after": "7"})
    client, _, clock = make_client(scripted([limited, ok(server_json())]))

    client.get_server("srv-1")

    assert clock.sleeps == [7.0]


def test_retry_after_http_date_is_honoured():
    clock = FakeClock()
    date = email.utils.formatdate(clock.wall + 12, usegmt=True)
    limited = error_response(503, headers={"retry-after": date})
    client, _, _ = make_client(scripted([limited, ok(server_json())]), clock=clock)

    client.get_server("srv-1")

    assert clock.sleeps == [pytest.approx(12, abs=1)]


def test_rate_limit_asking_for_more_than_the_budget_is_raised_at_once():
    limited = error_response(429, "Slow down", headers={"retry-after": "600"})
    client, recorder, clock = make_client(scripted([limited]))

    with pytest.raises(RateLimited) as caught:
        client.get_server("srv-1")

    assert caught.value.retry_after == 600
    assert len(recorder.requests) == 1
    assert clock.sleeps == []


def test_retries_are_logged_without_the_key(caplog):
    client, _, _ = make_client(scripted([error_response(503), ok(server_json())]))

    with caplog.at_level(logging.INFO, logger="pulumi_composio.client"):
        client.get_server("srv-1")

    (record,) = caplog.records
    assert record.name == "pulumi_composio.client"
    assert record.getMessage() == (
        "Retrying GET /api/v3/mcp/srv-1 after 503 Service Unavailable in 0.50s (attempt 2)"
    )
    assert API_KEY not in caplog.text


# --- create: never twice by accident ----------------------------------------------

REQUEST = CreateCustomServerRequest(name="support tools", toolkits=["github"])


@pytest.mark.parametrize(
    "first",
    [
        httpx.ConnectError("refused"),
        httpx.ConnectTimeout("no route"),
        httpx.PoolTimeout("pool"),
        error_response(408),
        error_response(429),
    ],
    ids=["ConnectError", "ConnectTimeout", "PoolTimeout", "408", "429"],
)
def test_create_is_re_sent_when_it_certainly_was_not_processed(first):
    client, recorder, _ = make_client(scripted([first, ok(created_json(), 201)]))

    assert client.create_custom_server(REQUEST).id == "srv-1"
    assert len(recorder.calls("POST")) == 2


def test_create_rate_limit_waits_as_told():
    limited = error_response(429, headers={"retry-after": "3"})
    client, _, clock = make_client(scripted([limited, ok(created_json(), 201)]))

    client.create_custom_server(REQUEST)

    assert clock.sleeps == [3.0]


@pytest.mark.parametrize(
    "failure",
    [
        error_response(500),
        error_response(502),
        error_response(503),
        error_response(504),
        httpx.ReadTimeout("timed out"),
        httpx.WriteTimeout("timed out"),
        httpx.RemoteProtocolError("Server disconnected without sending a response"),
        httpx.ReadError("connection reset by peer"),
    ],
    ids=["500", "502", "503", "504", "ReadTimeout", "WriteTimeout", "Disconnected", "Reset"],
)
def test_ambiguous_create_raises_and_is_never_re_sent(failure):
    from pulumi_composio.errors import AmbiguousCreateError

    client, recorder, _ = make_client(scripted([failure]))

    with pytest.raises(AmbiguousCreateError) as caught:
        client.create_custom_server(REQUEST)

    assert caught.value.name == "support tools"
    assert len(recorder.calls("POST")) == 1
    assert recorder.requests == recorder.calls("POST")


def test_ambiguous_create_carries_the_underlying_cause():
    from pulumi_composio.errors import AmbiguousCreateError

    client, _, _ = make_client(scripted([error_response(502, "Bad Gateway")]))

    with pytest.raises(AmbiguousCreateError) as caught:
        client.create_custom_server(REQUEST)

    assert isinstance(caught.value.cause, ServerSideError)
    assert caught.value.cause.status == 502
    assert caught.value.__cause__ is caught.value.cause


def test_created_answer_we_cannot_read_is_ambiguous():
    from pulumi_composio.errors import AmbiguousCreateError

    body = created_json()
    del body["id"]
    client, recorder, _ = make_client(scripted([ok(body, 201)]))

    with pytest.raises(AmbiguousCreateError) as caught:
        client.create_custom_server(REQUEST)

    assert isinstance(caught.value.cause, InvalidResponse)
    assert "field 'id' missing" in str(caught.value)
    assert len(recorder.requests) == 1


def test_create_rejected_as_invalid_raises_at_once():
    client, recorder, _ = make_client(scripted([error_response(400, "Toolkit 'x' not found")]))

    with pytest.raises(InvalidRequest):
        client.create_custom_server(REQUEST)

    assert len(recorder.requests) == 1


def test_create_that_could_never_connect_raises_a_transport_error_not_ambiguity():
    client, recorder, _ = make_client(scripted([httpx.ConnectError("refused")] * 5))

    with pytest.raises(ComposioTransportError):
        client.create_custom_server(REQUEST)

    assert len(recorder.calls("POST")) == 5


def test_ambiguity_after_not_processed_retries_is_still_ambiguous():
    from pulumi_composio.errors import AmbiguousCreateError

    client, recorder, _ = make_client(scripted([error_response(429), httpx.ReadTimeout("slow")]))

    with pytest.raises(AmbiguousCreateError):
        client.create_custom_server(REQUEST)

    assert len(recorder.calls("POST")) == 2


# --- client lifecycle -------------------------------------------------------------


def test_client_is_a_context_manager_that_closes_its_pool():
    client, _, _ = make_client(scripted([]))

    with client as same:
        assert same is client

    with pytest.raises(RuntimeError):
        client.get_server("srv-1")


def test_client_refuses_to_be_pickled():
    client, _, _ = make_client(scripted([]))

    with pytest.raises(TypeError, match="must not be pickled"):
        pickle.dumps(client)


def test_client_repr_shows_where_it_talks_not_the_key():
    client, _, _ = make_client(scripted([]))

    assert (
        repr(client) == "ComposioClient(base_url='https://composio.test', key_header='x-api-key')"
    )


def test_client_is_built_from_settings():
    settings = resolve_settings(user_api_key=API_KEY, base_url="http://127.0.0.1:9", env={})
    recorder = Recorder(scripted([ok(server_json())]))

    client = ComposioClient.from_settings(settings, transport=recorder.transport())
    client.get_server("srv-1")

    request = recorder.requests[0]
    assert str(request.url) == "http://127.0.0.1:9/api/v3/mcp/srv-1"
    assert request.headers["x-user-api-key"] == API_KEY


@pytest.mark.parametrize("base_url", ["backend.composio.dev", "ftp://x.test", "https://"])
def test_client_refuses_a_malformed_base_url(base_url):
    with pytest.raises(ConfigurationError, match="base URL"):
        ComposioClient(API_KEY, base_url=base_url)


@pytest.mark.parametrize("key", ["", "sk-test\nSECRET", "sk test", "sk-tëst"])
def test_client_refuses_a_key_that_cannot_be_a_header(key):
    with pytest.raises(ConfigurationError, match="API key"):
        ComposioClient(key)


def test_client_refuses_an_unknown_key_header():
    with pytest.raises(ConfigurationError, match="key_header"):
        ComposioClient(API_KEY, key_header="authorization")  # type: ignore[arg-type]
