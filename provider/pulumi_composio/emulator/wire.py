"""The emulator's wire conventions: Composio's error envelope, JSON request bodies, pages of
lists (numbered or by cursor)."""

from __future__ import annotations

import hmac
import json
import math
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from .api_errors import ApiError
from .request_checks import encode_cursor

__all__ = [
    "api_error_handler",
    "cursor_list",
    "error_response",
    "http_error_handler",
    "json_body",
    "page_of",
    "same_secret",
]

ItemT = TypeVar("ItemT")


def _envelope(error: ApiError, request_id: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "message": error.message,
        "code": error.status,
        "slug": error.slug,
        "status": error.status,
        "request_id": request_id,
    }
    if error.suggested_fix:
        body["suggested_fix"] = error.suggested_fix
    if error.errors:
        body["errors"] = error.errors
    return {"error": body}


def error_response(error: ApiError, request_id: str, retry_after: float = 0.0) -> Response:
    """``error`` in the envelope; a ``retry_after`` adds both of Composio's retry headers."""
    headers = {"x-request-id": request_id}
    if retry_after:
        headers["retry-after"] = str(max(1, math.ceil(retry_after)))
        headers["retry-after-ms"] = str(round(retry_after * 1000))
    return JSONResponse(_envelope(error, request_id), error.status, headers=headers)


def _request_id(request: Request) -> str:
    return str(getattr(request.state, "request_id", "req_unknown"))


async def api_error_handler(request: Request, error: Exception) -> Response:
    assert isinstance(error, ApiError)
    return error_response(error, _request_id(request))


async def http_error_handler(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    slug = {404: "Route_NotFound", 405: "Route_MethodNotAllowed"}.get(error.status_code, "Http")
    return error_response(
        ApiError(error.status_code, slug, f"{request.method} {request.url.path}: {error.detail}"),
        _request_id(request),
    )


async def json_body(request: Request) -> Any:
    raw = await request.body()
    try:
        return json.loads(raw)
    except ValueError:
        raise ApiError(
            400,
            "Request_MalformedJson",
            "The request body is not valid JSON.",
            "Send a JSON object with Content-Type: application/json.",
        ) from None


def page_of(items: Sequence[ItemT], page: int, limit: int) -> tuple[Sequence[ItemT], int]:
    """The ``page``-th (1-based) run of ``limit`` items, and how many pages there are."""
    start = (page - 1) * limit
    return items[start : start + limit], math.ceil(len(items) / limit)


def cursor_list(
    items: Sequence[ItemT], page: int, limit: int, shown: Callable[[ItemT], dict[str, Any]]
) -> dict[str, Any]:
    """The ``page``-th run of ``limit`` items as a cursor-paged list answers it: the items
    as ``shown``, the counts, and ``next_cursor`` (``None`` on the last page)."""
    selected, total_pages = page_of(items, page, limit)
    return {
        "items": [shown(item) for item in selected],
        "current_page": page,
        "total_items": len(items),
        "total_pages": total_pages,
        "next_cursor": encode_cursor(page + 1, limit) if page < total_pages else None,
    }


def same_secret(given: str, expected: str) -> bool:
    """Compare a key or token in constant time."""
    return hmac.compare_digest(given.encode(), expected.encode())
