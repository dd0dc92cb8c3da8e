"""``ComposioClient``: one method per Composio MCP endpoint, with retries and timeouts.

The client knows HTTP and Composio's shapes, nothing about Pulumi. Every method either
returns a model from :mod:`pulumi_composio.models` or raises an error from
:mod:`pulumi_composio.errors` whose ``str()`` is one line fit for a user.

Creating a server is the delicate part: Composio has no idempotency key, so a create
that times out after it was sent might have made a server. :meth:`create_custom_server`
therefore never re-sends in that case and raises :class:`AmbiguousCreateError`;
:meth:`create_custom_server_idempotently` resolves the ambiguity by looking the server
up by its exact name before trying again.
"""

from __future__ import annotations

import importlib.metadata
import logging
import urllib.parse
from collections.abc import Collection, Iterator, Sequence
from types import TracebackType
from typing import Any, NoReturn, Self, SupportsIndex, TypeVar

import httpx
from pydantic import BaseModel

from ._decode import Redactor, api_error, decode_model, transport_error
from ._retry import NO_RETRY, RetryPolicy, Safety, Verdict, judge_status, judge_transport_error
from ._retry import retry_after_seconds as _retry_after_seconds
from .errors import (
    AmbiguousCreateError,
    ComposioError,
    ConfigurationError,
    DuplicateServerName,
    InvalidResponse,
)
from .models import (
    CreateCustomServerRequest,
    CreatedCustomServer,
    DeleteResult,
    GenerateUrlsRequest,
    GenerateUrlsResponse,
    McpServer,
    OrderBy,
    OrderDirection,
    ServerList,
    UpdateServerRequest,
)
from .settings import (
    DEFAULT_BASE_URL,
    ComposioSettings,
    KeyHeader,
    api_key_problem,
    normalise_base_url,
)

__all__ = [
    "DEFAULT_API_PREFIX",
    "DEFAULT_MAX_CREATES",
    "DEFAULT_PAGE_SIZE",
    "DEFAULT_TIMEOUT",
    "NO_RETRY",
    "ComposioClient",
    "RetryPolicy",
]

DEFAULT_API_PREFIX = "/api/v3"
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
"""30 s to read an answer, 10 s to connect: generous for a create, short for a dead host."""
DEFAULT_PAGE_SIZE = 50
DEFAULT_MAX_CREATES = 3

_log = logging.getLogger("pulumi_composio.client")
ModelT = TypeVar("ModelT", bound=BaseModel)


class _OutcomeUnknown(Exception):
    """A create attempt failed after it may have reached Composio."""

    def __init__(self, cause: ComposioError) -> None:
        super().__init__(str(cause))
        self.cause = cause


class ComposioClient:
    """A client for Composio's MCP server API, holding one reusable ``httpx.Client``.

    Use it as a context manager, or call :meth:`close`. ``transport`` replaces the
    network (``httpx.MockTransport`` in tests); ``retry`` replaces the retry policy,
    including its clock and sleep.
    """

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        key_header: KeyHeader = "x-api-key",
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        api_prefix: str = DEFAULT_API_PREFIX,
    ) -> None:
        problem = api_key_problem(api_key)
        if problem:
            raise ConfigurationError(f"The Composio API key {problem}")
        if key_header not in ("x-api-key", "x-user-api-key"):
            raise ConfigurationError(
                f"key_header must be 'x-api-key' or 'x-user-api-key', not {key_header!r}"
            )
        root = normalise_base_url(base_url, allow_insecure_http=True)
        prefix = "/" + api_prefix.strip("/") if api_prefix.strip("/") else ""
        self._redact = Redactor(api_key)
        self._retry = retry if retry is not None else RetryPolicy()
        self._origin = root
        self._key_header = key_header
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

    @classmethod
    def from_settings(
        cls,
        settings: ComposioSettings,
        *,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        api_prefix: str = DEFAULT_API_PREFIX,
    ) -> Self:
        """Build a client from resolved :class:`ComposioSettings`."""
        return cls(
            settings.api_key.get_secret_value(),
            base_url=settings.base_url,
            key_header=settings.key_header,
            timeout=timeout,
            retry=retry,
            transport=transport,
            api_prefix=api_prefix,
        )

    def close(self) -> None:
        """Close the connection pool; the client cannot be used afterwards."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ComposioClient(base_url={self._origin!r}, key_header={self._key_header!r})"

    def __reduce_ex__(self, protocol: SupportsIndex) -> NoReturn:
        raise TypeError(
            "ComposioClient holds the API key and a connection pool and must not be "
            "pickled; build it lazily where it is used"
        )

    # --- servers -------------------------------------------------------------------

    def create_custom_server(self, request: CreateCustomServerRequest) -> CreatedCustomServer:
        """``POST /mcp/servers/custom``: create a server, sending it at most once for sure.

        The request is re-sent only when Composio certainly did not act on it (see
        :mod:`pulumi_composio._retry`). Otherwise this raises :class:`AmbiguousCreateError`
        carrying ``request.name``; so does a 2xx answer we cannot read, since the server
        then exists but we do not know its id.
        """
        try:
            response = self._send(
                "POST", "/mcp/servers/custom", Safety.CREATE, body=request.to_body()
            )
            return decode_model(response, CreatedCustomServer, self._redact)
        except _OutcomeUnknown as unknown:
            raise AmbiguousCreateError(request.name, unknown.cause) from unknown.cause
        except InvalidResponse as unreadable:
            raise AmbiguousCreateError(request.name, unreadable) from unreadable

    def create_custom_server_idempotently(
        self,
        request: CreateCustomServerRequest,
        *,
        max_creates: int = DEFAULT_MAX_CREATES,
        known_ids: Collection[str] | None = None,
    ) -> CreatedCustomServer | McpServer:
        """Create a server exactly once, even when answers get lost.

        Before the first POST it notes which servers already carry ``request.name``, so
        that a stranger's server is never mistaken for ours; a caller that has just looked
        them up passes their ids as ``known_ids`` and saves the call. After an ambiguous POST it
        looks the name up again: exactly one new server is the one we made and is
        returned; none means the POST did not land and it is sent again, up to
        ``max_creates`` POSTs in all; several raise :class:`DuplicateServerName` naming
        their ids. When the lookup itself fails, :class:`AmbiguousCreateError` says so.
        """
        known = (
            set(known_ids)
            if known_ids is not None
            else {server.id for server in self.find_servers_by_exact_name(request.name)}
        )
        for create_number in range(1, max(max_creates, 1) + 1):
            try:
                return self.create_custom_server(request)
            except AmbiguousCreateError as error:
                unknown = error
            ours = self._find_new_server(unknown, known, create_number)
            if ours is not None:
                return ours
        raise unknown

    def _find_new_server(
        self, unknown: AmbiguousCreateError, known: set[str], create_number: int
    ) -> McpServer | None:
        """After an ambiguous create: the one new server with its name, or ``None``."""
        _log.warning(
            "Create of MCP server %r had an unknown outcome (%s); looking it up by name",
            unknown.name,
            unknown.cause,
        )
        self._retry.sleep(self._retry.backoff(create_number))
        try:
            matches = self.find_servers_by_exact_name(unknown.name)
        except ComposioError as lookup_failure:
            raise AmbiguousCreateError(unknown.name, lookup_failure) from unknown
        fresh = [server for server in matches if server.id not in known]
        if len(fresh) > 1:
            raise DuplicateServerName(unknown.name, [server.id for server in fresh])
        if fresh:
            _log.info("Found MCP server %r as %s; not creating it again", unknown.name, fresh[0].id)
            return fresh[0]
        return None

    def get_server(self, server_id: str) -> McpServer:
        """``GET /mcp/{id}``; a missing server raises :class:`ServerNotFound`.

        A soft-deleted server may come back with ``deleted=True``; callers decide what
        that means.
        """
        return self._call("GET", _server_path(server_id), McpServer)

    def update_server(self, server_id: str, request: UpdateServerRequest) -> McpServer:
        """``PATCH /mcp/{id}`` with only the fields set on ``request``; returns the server."""
        return self._call("PATCH", _server_path(server_id), McpServer, body=request.to_body())

    def delete_server(self, server_id: str) -> DeleteResult:
        """``DELETE /mcp/{id}`` (a soft delete); an absent server raises :class:`ServerNotFound`.

        After a retry, a 404 can also mean the first attempt did delete it.
        """
        return self._call("DELETE", _server_path(server_id), DeleteResult)

    def list_servers(
        self,
        *,
        name: str | None = None,
        toolkits: Sequence[str] | None = None,
        auth_config_ids: Sequence[str] | None = None,
        order_by: OrderBy | None = None,
        order_direction: OrderDirection | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> Iterator[McpServer]:
        """``GET /mcp/servers``, every page, lazily.

        ``name`` is Composio's case-insensitive partial match; ``toolkits`` and
        ``auth_config_ids`` match any of the given values.
        """
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        params: dict[str, str | int] = {"limit": page_size}
        if name is not None:
            params["name"] = name
        if toolkits:
            params["toolkits"] = ",".join(toolkits)
        if auth_config_ids:
            params["auth_config_ids"] = ",".join(auth_config_ids)
        if order_by is not None:
            params["order_by"] = order_by
        if order_direction is not None:
            params["order_direction"] = order_direction
        return self._pages(params)

    def find_servers_by_exact_name(self, name: str) -> list[McpServer]:
        """Live servers whose name is exactly ``name`` (case-sensitive), oldest first.

        Listing oldest first keeps the pages stable while new servers are being created.
        """
        seen: set[str] = set()
        found = []
        for server in self.list_servers(name=name, order_by="created_at", order_direction="asc"):
            if server.id not in seen and server.name == name and not server.deleted:
                found.append(server)
            seen.add(server.id)
        return found

    def generate_urls(self, request: GenerateUrlsRequest) -> GenerateUrlsResponse:
        """``POST /mcp/servers/generate``: per-user and per-account URLs of a server.

        It changes nothing on the server, so it is retried like a read.
        """
        return self._call(
            "POST", "/mcp/servers/generate", GenerateUrlsResponse, body=request.to_body()
        )

    # --- plumbing ------------------------------------------------------------------

    def _pages(self, params: dict[str, str | int]) -> Iterator[McpServer]:
        page_no = 1
        while True:
            page = self._call(
                "GET", "/mcp/servers", ServerList, params={**params, "page_no": page_no}
            )
            yield from page.items
            if not page.items or page_no >= page.total_pages:
                return
            page_no += 1

    def _call(
        self,
        method: str,
        path: str,
        model: type[ModelT],
        *,
        body: dict[str, Any] | None = None,
        params: dict[str, str | int] | None = None,
    ) -> ModelT:
        response = self._send(method, path, Safety.IDEMPOTENT, body=body, params=params)
        return decode_model(response, model, self._redact)

    def _send(
        self,
        method: str,
        path: str,
        safety: Safety,
        *,
        body: dict[str, Any] | None = None,
        params: dict[str, str | int] | None = None,
    ) -> httpx.Response:
        """Send with retries; raise the last failure, or ``_OutcomeUnknown`` for a create."""
        policy = self._retry
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
                    error, self._redact, request=request, attempts=attempts
                )
                what = type(error).__name__
            else:
                if response.is_success:
                    return response
                headers = response.headers
                verdict = judge_status(response.status_code, safety)
                retry_after = _retry_after_seconds(headers, policy.wall_clock())
                failure = api_error(response, self._redact, retry_after=retry_after)
                if response.status_code == 429 and retry_after is not None:
                    throttled += 1
                what = f"{response.status_code} {response.reason_phrase}".strip()
            if verdict is Verdict.AMBIGUOUS:
                raise _OutcomeUnknown(failure)
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


def _server_path(server_id: str) -> str:
    if not server_id:
        raise ValueError("server_id must not be empty")
    return "/mcp/" + urllib.parse.quote(server_id, safe="")


def _user_agent() -> str:
    try:
        version = importlib.metadata.version("pulumi-composio")
    except importlib.metadata.PackageNotFoundError:
        version = "0+unknown"
    return f"pulumi-composio/{version}"
