"""The one HTTP core every endpoint group of :class:`~pulumi_composio.ComposioClient` stands on.

It owns the connection pool, the key header, retries (see :mod:`._retry`) and turning
answers into models or one-line errors (see :mod:`._decode`). Endpoint groups only say
which method, path, model and :class:`~._safety.Safety`, through the one entry point
:meth:`RequestSender.request`; they never touch ``httpx`` directly, so every route gets
the same retries, timeouts and redaction, and none is retried by a guess about its method.
"""

from __future__ import annotations

import importlib.metadata
import logging
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar, overload

import httpx
from pydantic import BaseModel

from ..errors import ComposioError, InvalidResponse
from ._decode import Redactor, api_error, decode_model, transport_error
from ._retry import RetryPolicy, Verdict, judge_status, judge_transport_error, retry_after_seconds
from ._safety import SAFETY_EXTENSION, Safety, check_method
from .models import CursorPage
from .settings import KeyHeader

__all__ = ["DEFAULT_TIMEOUT", "EndpointGroup", "OutcomeUnknown", "RequestSender", "item_path"]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
"""30 s to read an answer, 10 s to connect: generous for a create, short for a dead host."""

_log = logging.getLogger("pulumi_composio.client")
ModelT = TypeVar("ModelT", bound=BaseModel)
PageT = TypeVar("PageT", bound=CursorPage)
ItemT = TypeVar("ItemT")
Body = dict[str, Any]
Params = dict[str, str | int]


def item_path(collection: str, item_id: str, argument: str) -> str:
    """The path of one item of ``collection``, its id quoted; an empty id (the caller's
    ``argument``) is refused, since the path would name the collection instead."""
    if not item_id:
        raise ValueError(f"{argument} must not be empty")
    return f"{collection}/" + urllib.parse.quote(item_id, safe="")


class OutcomeUnknown(Exception):
    """A create failed after it may have reached Composio; ``cause`` says how.

    Only :mod:`._create` sees it: it knows the object's kind and name, and turns it into an
    :class:`~.errors.AmbiguousCreateError` or resolves it by looking the name up.
    """

    def __init__(self, cause: ComposioError) -> None:
        super().__init__(str(cause))
        self.cause = cause


@dataclass(frozen=True)
class _Failed:
    """One attempt that got no success answer, judged."""

    verdict: Verdict
    error: ComposioError
    what: str
    """For the log: the status line or the exception's class."""
    hint: float | None = None
    """The wait the answer asked for, read once from its headers."""
    paced: bool = False
    """A 429 that said how long to wait: a rate limiter pacing us."""


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
        self._stopping = threading.Event()
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

    def stop_retrying(self) -> None:
        """From now on a failed attempt is final: no request waits to be sent again, and no
        create is sent again (:mod:`._create`), so whatever is in flight ends soon. A
        create whose outcome is unknown is still looked up by its name."""
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        """Whether :meth:`stop_retrying` was called."""
        return self._stopping.is_set()

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        safety: Safety,
        model: type[ModelT],
        body: Body | None = None,
        params: Params | None = None,
        final: frozenset[int] = frozenset(),
    ) -> ModelT: ...

    @overload
    def request(
        self,
        method: str,
        path: str,
        *,
        safety: Safety,
        model: None = None,
        body: Body | None = None,
        params: Params | None = None,
        final: frozenset[int] = frozenset(),
    ) -> None: ...

    def request(
        self,
        method: str,
        path: str,
        *,
        safety: Safety,
        model: type[ModelT] | None = None,
        body: Body | None = None,
        params: Params | None = None,
        final: frozenset[int] = frozenset(),
    ) -> ModelT | None:
        """Send one request, retried as its ``safety`` allows, and decode the answer as
        ``model`` (or drop it when there is no model).

        A :attr:`~Safety.CREATE` is re-sent only when Composio surely did not act on it.
        It raises :class:`OutcomeUnknown` when it may have been processed, which includes
        a success answer we cannot read (the object then exists under an id we do not
        know), and :class:`~.errors.AlreadyExists` on a 409. ``final`` names statuses that are
        this request's definite answer whatever its safety (a conditional PATCH's 409: the
        precondition failed, and sending it again would only meet it again).
        """
        check_method(method, safety)
        response = self._send(method, path, safety, body=body, params=params, final=final)
        if model is None:
            return None
        try:
            return decode_model(response, model, self.redact)
        except InvalidResponse as unreadable:
            if safety is Safety.CREATE:
                raise OutcomeUnknown(unreadable) from unreadable
            raise

    def pages(
        self,
        path: str,
        model: type[ModelT],
        params: Params,
        next_params: Callable[[ModelT, int], Params | None],
        items: Callable[[ModelT], list[ItemT]],
    ) -> Iterator[ItemT]:
        """Every item of a paged listing, fetched lazily; ``next_params`` gives the query
        of the page after ``page`` (the page number so far is passed), or ``None``."""
        page_number = 1
        query: Params | None = params
        while query is not None:
            page = self.request("GET", path, safety=Safety.READ, model=model, params=query)
            yield from items(page)
            query = next_params(page, page_number)
            page_number += 1

    def cursor_pages(
        self,
        path: str,
        model: type[PageT],
        params: Params,
        items: Callable[[PageT], list[ItemT]],
    ) -> Iterator[ItemT]:
        """Every item of a cursor-paged listing, fetched lazily: ``params`` go with every
        page, each after the first with the ``cursor`` the page before it answered."""

        def next_params(page: PageT, _page_number: int) -> Params | None:
            if not items(page) or not page.next_cursor:
                return None
            return {**params, "cursor": page.next_cursor}

        return self.pages(path, model, params, next_params, items)

    def _send(
        self,
        method: str,
        path: str,
        safety: Safety,
        *,
        body: Body | None,
        params: Params | None,
        final: frozenset[int] = frozenset(),
    ) -> httpx.Response:
        """Send with retries; raise the last failure, or :class:`OutcomeUnknown` for a create."""
        policy = self.retry
        request = self._http.build_request(
            method, path, json=body, params=params, extensions={SAFETY_EXTENSION: safety.value}
        )
        started = policy.monotonic()
        attempts = throttled = 0
        while True:
            attempts += 1
            outcome = self._attempt(request, safety, attempts, final)
            if isinstance(outcome, httpx.Response):
                return outcome
            if outcome.verdict is Verdict.AMBIGUOUS:
                raise OutcomeUnknown(outcome.error)
            throttled += outcome.paced
            wait = (
                policy.wait_before_retry(attempts, started, outcome.hint, throttled=throttled)
                if outcome.verdict is Verdict.RETRY
                else None
            )
            if wait is None or self.stopping:
                raise outcome.error
            _log.info(
                "Retrying %s %s after %s in %.2fs (attempt %d)",
                method,
                request.url.path,
                outcome.what,
                wait,
                attempts + 1,
            )
            policy.sleep(wait)

    def _attempt(
        self,
        request: httpx.Request,
        safety: Safety,
        attempts: int,
        final: frozenset[int] = frozenset(),
    ) -> httpx.Response | _Failed:
        """Send once: the success answer, or the failure judged by ``safety``."""
        try:
            response = self._http.send(request)
        except httpx.TransportError as error:
            return _Failed(
                judge_transport_error(error, safety),
                transport_error(error, self.redact, request=request, attempts=attempts),
                what=type(error).__name__,
            )
        if response.is_success:
            return response
        status = response.status_code
        hint = retry_after_seconds(response.headers, self.retry.wall_clock())
        return _Failed(
            Verdict.FAIL if status in final else judge_status(status, safety),
            api_error(response, self.redact, retry_after=hint, creating=safety is Safety.CREATE),
            what=f"{status} {response.reason_phrase}".strip(),
            hint=hint,
            paced=status == 429 and hint is not None,
        )


class EndpointGroup:
    """The endpoints of one API area, all sending through one :class:`RequestSender`."""

    def __init__(self, requests: RequestSender) -> None:
        self._requests = requests


def _user_agent() -> str:
    try:
        version = importlib.metadata.version("pulumi-composio")
    except importlib.metadata.PackageNotFoundError:
        version = "0+unknown"
    return f"pulumi-composio/{version}"
