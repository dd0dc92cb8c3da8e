"""The one HTTP core every endpoint group of :class:`~pulumi_composio.ComposioClient` stands on.

It owns the connection pool, the key header, retries (see :mod:`._retry`) and turning
answers into models or one-line errors (see :mod:`._decode`). Endpoint groups only say
which method, path and model; they never touch ``httpx`` directly, so every route gets
the same retries, timeouts and redaction.
"""

from __future__ import annotations

import importlib.metadata
import logging
import urllib.parse
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from ..errors import ComposioError
from ._decode import Redactor, api_error, decode_model, transport_error
from ._retry import RetryPolicy, Safety, Verdict, judge_status, judge_transport_error
from ._retry import retry_after_seconds as _retry_after_seconds
from .models import CursorPage
from .settings import KeyHeader

__all__ = ["DEFAULT_TIMEOUT", "OutcomeUnknown", "RequestSender", "item_path"]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
"""30 s to read an answer, 10 s to connect: generous for a create, short for a dead host."""

_log = logging.getLogger("pulumi_composio.client")
ModelT = TypeVar("ModelT", bound=BaseModel)
PageT = TypeVar("PageT", bound=CursorPage)
ItemT = TypeVar("ItemT")


def item_path(collection: str, item_id: str, argument: str) -> str:
    """The path of one item of ``collection``, its id quoted; an empty id (the caller's
    ``argument``) is refused, since the path would name the collection instead."""
    if not item_id:
        raise ValueError(f"{argument} must not be empty")
    return f"{collection}/" + urllib.parse.quote(item_id, safe="")


class OutcomeUnknown(Exception):
    """A create attempt failed after it may have reached Composio; ``cause`` says how."""

    def __init__(self, cause: ComposioError) -> None:
        super().__init__(str(cause))
        self.cause = cause


class RequestSender:
    """One ``httpx.Client`` with Composio's key header, retries and decoding."""

    def __init__(
        self,
        api_key: str,
        *,
        root: str,
        prefix: str,
        key_header: KeyHeader,
        timeout: float | httpx.Timeout,
        retry: RetryPolicy,
        transport: httpx.BaseTransport | None,
    ) -> None:
        self.redact = Redactor(api_key)
        self.retry = retry
        self._http = httpx.Client(
            base_url=root + prefix,
            headers={
                key_header: api_key,
                "user-agent": _user_agent(),
                "accept": "application/json",
            },
            timeout=timeout,
            transport=transport,
            follow_redirects=False,
        )

    def close(self) -> None:
        self._http.close()

    def call(
        self,
        method: str,
        path: str,
        model: type[ModelT],
        *,
        body: dict[str, Any] | None = None,
        params: dict[str, str | int] | None = None,
    ) -> ModelT:
        """An idempotent request, retried as needed, decoded as ``model``."""
        response = self.send(method, path, Safety.IDEMPOTENT, body=body, params=params)
        return decode_model(response, model, self.redact)

    def create(self, path: str, model: type[ModelT], body: dict[str, Any]) -> ModelT:
        """A ``POST`` that must not be sent twice; raises :class:`OutcomeUnknown` when it
        may have been processed, and :class:`~.errors.InvalidResponse` for an unreadable
        success answer (which also leaves the outcome unknown to the caller)."""
        response = self.send("POST", path, Safety.CREATE, body=body)
        return decode_model(response, model, self.redact)

    def pages(
        self,
        path: str,
        model: type[ModelT],
        params: dict[str, str | int],
        next_params: Callable[[ModelT, int], dict[str, str | int] | None],
        items: Callable[[ModelT], list[ItemT]],
    ) -> Iterator[ItemT]:
        """Every item of a paged listing, fetched lazily; ``next_params`` gives the query
        of the page after ``page`` (the page number so far is passed), or ``None``."""
        page_number = 1
        query: dict[str, str | int] | None = params
        while query is not None:
            page = self.call("GET", path, model, params=query)
            yield from items(page)
            query = next_params(page, page_number)
            page_number += 1

    def cursor_pages(
        self,
        path: str,
        model: type[PageT],
        params: dict[str, str | int],
        items: Callable[[PageT], list[ItemT]],
    ) -> Iterator[ItemT]:
        """Every item of a cursor-paged listing, fetched lazily: ``params`` go with every
        page, each after the first with the ``cursor`` the page before it answered."""

        def next_params(page: PageT, _page_number: int) -> dict[str, str | int] | None:
            if not items(page) or not page.next_cursor:
                return None
            return {**params, "cursor": page.next_cursor}

        return self.pages(path, model, params, next_params, items)

    def send(
        self,
        method: str,
        path: str,
        safety: Safety,
        *,
        body: dict[str, Any] | None = None,
        params: dict[str, str | int] | None = None,
    ) -> httpx.Response:
        """Send with retries; raise the last failure, or :class:`OutcomeUnknown` for a create."""
        policy = self.retry
        request = self._http.build_request(method, path, json=body, params=params)
        started = policy.monotonic()
        attempts = throttled = 0
        while True:
            attempts += 1
            headers: httpx.Headers | None = None
            try:
                response = self._http.send(request)
            except httpx.TransportError as error:
                verdict = judge_transport_error(error, safety)
                failure: ComposioError = transport_error(
                    error, self.redact, request=request, attempts=attempts
                )
                what = type(error).__name__
            else:
                if response.is_success:
                    return response
                headers = response.headers
                verdict = judge_status(response.status_code, safety)
                retry_after = _retry_after_seconds(headers, policy.wall_clock())
                failure = api_error(response, self.redact, retry_after=retry_after)
                if response.status_code == 429 and retry_after is not None:
                    throttled += 1
                what = f"{response.status_code} {response.reason_phrase}".strip()
            if verdict is Verdict.AMBIGUOUS:
                raise OutcomeUnknown(failure)
            wait = (
                policy.wait_before_retry(attempts, started, headers, throttled=throttled)
                if verdict is Verdict.RETRY
                else None
            )
            if wait is None:
                raise failure
            _log.info(
                "Retrying %s %s after %s in %.2fs (attempt %d)",
                method,
                request.url.path,
                what,
                wait,
                attempts + 1,
            )
            policy.sleep(wait)


def _user_agent() -> str:
    try:
        version = importlib.metadata.version("pulumi-composio")
    except importlib.metadata.PackageNotFoundError:
        version = "0+unknown"
    return f"pulumi-composio/{version}"
