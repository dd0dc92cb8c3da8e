from __future__ import annotations

import pytest

from pulumi_composio import errors


def test_api_error_is_one_line_with_every_detail():
    error = errors.InvalidRequest(
        400,
        "Toolkit 'foo' not found",
        slug="bad_request/invalid_toolkit",
        code=400,
        suggested_fix="Use a toolkit slug from the catalogue",
        request_id="req-42",
        errors=["toolkits.0: unknown toolkit", "toolkits.1: unknown toolkit"],
        method="POST",
        path="/api/v3/mcp/servers/custom",
    )

    assert str(error) == (
        "Composio API 400 (bad_request/invalid_toolkit): Toolkit 'foo' not found. "
        "Fix: Use a toolkit slug from the catalogue. "
        "errors: toolkits.0: unknown toolkit; toolkits.1: unknown toolkit "
        "[request_id=req-42, POST /api/v3/mcp/servers/custom]"
    )


def test_api_error_without_optional_details_stays_short():
    assert str(errors.ComposioApiError(418, "I'm a teapot")) == "Composio API 418: I'm a teapot."


def test_multi_line_server_messages_are_folded_onto_one_line():
    error = errors.ServerSideError(500, "boom\n  at line 3\n", suggested_fix="retry\nlater")

    assert "\n" not in str(error)
    assert str(error) == "Composio API 500: boom at line 3. Fix: retry later."


def test_api_error_keeps_structured_fields():
    error = errors.RateLimited(429, "slow down", retry_after=2.5, request_id="r", errors=["a"])

    assert (error.status, error.retry_after, error.request_id, error.errors) == (
        429,
        2.5,
        "r",
        ("a",),
    )


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (400, errors.InvalidRequest),
        (422, errors.InvalidRequest),
        (401, errors.AuthenticationFailed),
        (403, errors.AuthenticationFailed),
        (404, errors.ServerNotFound),
        (409, errors.ComposioApiError),
        (429, errors.RateLimited),
        (500, errors.ServerSideError),
        (502, errors.ServerSideError),
        (503, errors.ServerSideError),
        (504, errors.ServerSideError),
    ],
)
def test_statuses_map_to_error_classes(status, expected):
    assert errors.api_error_class_for_status(status, is_envelope=True) is expected


def test_404_without_a_composio_envelope_is_not_server_not_found():
    assert errors.api_error_class_for_status(404, is_envelope=False) is errors.ComposioApiError


def test_every_error_is_a_composio_error():
    raised = [
        errors.ConfigurationError("x"),
        errors.ServerNotFound(404, "gone"),
        errors.InvalidResponse("field 'id' missing"),
        errors.ComposioTransportError("down", reason="ConnectError", attempts=5),
        errors.AmbiguousCreateError("support tools", errors.ServerSideError(500, "boom")),
        errors.DuplicateServerName("support tools", ["a", "b"]),
    ]

    assert all(isinstance(error, errors.ComposioError) for error in raised)


def test_invalid_response_names_the_call_and_shows_the_body_start():
    error = errors.InvalidResponse(
        "the body is not JSON (text/html)",
        status=200,
        snippet="Please log in",
        method="GET",
        path="/api/v3/mcp/srv-1",
    )

    assert str(error) == (
        "Unreadable Composio response to GET /api/v3/mcp/srv-1 (200): "
        "the body is not JSON (text/html); body starts: Please log in"
    )


def test_ambiguous_create_names_the_server_and_the_cause():
    cause = errors.ServerSideError(502, "Bad Gateway")

    error = errors.AmbiguousCreateError("support tools", cause)

    assert error.name == "support tools"
    assert error.cause is cause
    assert "'support tools'" in str(error)
    assert "Composio API 502" in str(error)
    assert "look it up by name" in str(error)


def test_duplicate_server_name_lists_the_ids():
    error = errors.DuplicateServerName("support tools", ["srv-1", "srv-2"])

    assert error.ids == ("srv-1", "srv-2")
    assert "Found 2 MCP servers named 'support tools' (srv-1, srv-2)" in str(error)
