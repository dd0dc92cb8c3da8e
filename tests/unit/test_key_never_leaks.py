"""The API key must not appear in any error, repr or log line, whoever echoes it."""

from __future__ import annotations

import logging

import httpx
import pytest
from client_fakes import (
    API_KEY,
    FakeComposio,
    created_json,
    error_response,
    make_client,
    scripted,
    server_json,
)

from pulumi_composio.api.client import ComposioClient
from pulumi_composio.api.models import CreateCustomServerRequest
from pulumi_composio.api.settings import resolve_settings
from pulumi_composio.errors import ComposioError, ConfigurationError

REQUEST = CreateCustomServerRequest(name="support tools")


def exception_chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or any(current is s for s in seen):
            continue
        seen.append(current)
        pending += [current.__cause__, current.__context__, getattr(current, "cause", None)]
    return seen


def assert_key_absent(error: BaseException) -> None:
    for link in exception_chain(error):
        for text in (str(link), repr(link), *map(str, link.args)):
            assert API_KEY not in text, f"{type(link).__name__} leaks the key: {text}"
            assert "SECRET123" not in text


ECHOING_ANSWERS = {
    "envelope message": error_response(401, f"Invalid key {API_KEY}"),
    "envelope fix and errors": error_response(
        400,
        "bad",
        suggested_fix=f"send {API_KEY} properly",
        errors=[f"header x-api-key={API_KEY}"],
        request_id=API_KEY,
        slug=API_KEY,
    ),
    "html page": httpx.Response(403, text=f"<html><pre>x-api-key: {API_KEY}</pre></html>"),
    "plain text": httpx.Response(400, text=f"bad key {API_KEY}"),
    "404 page": httpx.Response(404, text=f"no route for key {API_KEY}"),
    "rate limit": error_response(
        429, f"key {API_KEY} is throttled", headers={"retry-after": "999"}
    ),
    "5xx page": httpx.Response(500, text=f"Traceback: headers={{'x-api-key': '{API_KEY}'}}"),
    "non-JSON success": httpx.Response(200, text=f"<html>hello {API_KEY}</html>"),
    "truncated success": httpx.Response(200, content=f'{{"id": "{API_KEY}", "na'.encode()),
    "wrong field type": httpx.Response(200, json=server_json(toolkits=API_KEY, name=5)),
}
ECHOING_EXCEPTIONS = {
    "header echo": httpx.LocalProtocolError(f"Illegal header value b'{API_KEY}'"),
    "connect": httpx.ConnectError(f"failed with headers {{'x-api-key': '{API_KEY}'}}"),
    "read timeout": httpx.ReadTimeout(f"timed out sending {API_KEY}"),
    "disconnect": httpx.RemoteProtocolError(f"peer closed after {API_KEY}"),
}


@pytest.mark.parametrize("answer", ECHOING_ANSWERS.values(), ids=ECHOING_ANSWERS.keys())
def test_answers_echoing_the_key_never_leak_it_from_reads(answer):
    client, _, _ = make_client(scripted([answer] * 5))

    with pytest.raises(ComposioError) as caught:
        client.get_server("srv-1")

    assert_key_absent(caught.value)


@pytest.mark.parametrize("answer", ECHOING_ANSWERS.values(), ids=ECHOING_ANSWERS.keys())
def test_answers_echoing_the_key_never_leak_it_from_creates(answer):
    client, _, _ = make_client(scripted([answer] * 5))

    with pytest.raises(ComposioError) as caught:
        client.create_custom_server(REQUEST)

    assert_key_absent(caught.value)


CALLS = {
    "get": lambda client: client.get_server("srv-1"),
    "create": lambda client: client.create_custom_server(REQUEST),
}


@pytest.mark.parametrize("failure", ECHOING_EXCEPTIONS.values(), ids=ECHOING_EXCEPTIONS.keys())
@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_network_errors_echoing_the_key_never_leak_it(failure, call):
    client, _, _ = make_client(scripted([failure] * 5))

    with pytest.raises(ComposioError) as caught:
        call(client)

    assert_key_absent(caught.value)


def test_failed_lookup_after_an_ambiguous_create_does_not_leak_the_key():
    api = FakeComposio(create_faults=["500"])
    list_calls = iter(range(100))

    def list_then_fail(request):
        if request.method == "GET" and next(list_calls) > 0:
            return httpx.Response(400, text=f"bad key {API_KEY}")
        return api(request)

    client, _, _ = make_client(list_then_fail)

    with pytest.raises(ComposioError) as caught:
        client.create_custom_server_idempotently(REQUEST)

    assert_key_absent(caught.value)


def test_retry_logs_never_contain_the_key(caplog):
    replies = [
        httpx.ConnectError(f"refused {API_KEY}"),
        error_response(429, f"busy {API_KEY}"),
        httpx.Response(201, json=created_json()),
    ]
    client, _, _ = make_client(scripted(replies))

    with caplog.at_level(logging.DEBUG):
        client.create_custom_server(REQUEST)

    assert len([r for r in caplog.records if r.name == "pulumi_composio.client"]) == 2
    assert API_KEY not in caplog.text


def test_idempotent_create_logs_never_contain_the_key(caplog):
    api = FakeComposio(create_faults=["commit-then-500"])

    def echoing(request):
        reply = api(request)
        if isinstance(reply, httpx.Response) and reply.status_code == 500:
            return error_response(500, f"failed for {API_KEY}")
        return reply

    client, _, _ = make_client(echoing)

    with caplog.at_level(logging.DEBUG):
        client.create_custom_server_idempotently(REQUEST)

    assert caplog.records
    assert API_KEY not in caplog.text


@pytest.mark.parametrize(
    "bad_key",
    [f"{API_KEY}\n", f"{API_KEY} trailing", f"{API_KEY}é", f"\x00{API_KEY}"],
    ids=["newline", "space", "non-ascii", "control"],
)
def test_keys_that_cannot_be_headers_are_refused_without_echoing_them(bad_key):
    with pytest.raises(ConfigurationError) as caught:
        ComposioClient(bad_key.replace("\n", "\nx"))

    assert_key_absent(caught.value)


@pytest.mark.parametrize(
    "env",
    [
        {"COMPOSIO_API_KEY": f"{API_KEY} x"},
        {"COMPOSIO_API_KEY": API_KEY, "COMPOSIO_USER_API_KEY": API_KEY},
        {"COMPOSIO_API_KEY": API_KEY, "COMPOSIO_BASE_URL": "http://example.com"},
        {"COMPOSIO_API_KEY": API_KEY, "COMPOSIO_BASE_URL": "not a url"},
        {"COMPOSIO_API_KEY": API_KEY, "COMPOSIO_ALLOW_INSECURE_HTTP": "perhaps"},
    ],
    ids=["bad key", "two keys", "insecure url", "malformed url", "bad flag"],
)
def test_settings_errors_never_contain_the_key(env):
    with pytest.raises(ConfigurationError) as caught:
        resolve_settings(env=env)

    assert_key_absent(caught.value)


def test_settings_and_client_reprs_hide_the_key():
    settings = resolve_settings(api_key=API_KEY, env={})
    client = ComposioClient.from_settings(settings)

    for text in (repr(settings), str(settings), repr(client), str(client)):
        assert API_KEY not in text
