"""The exceptions the Composio client and the providers raise.

The tree is small so callers can catch at the level they care about::

    ComposioError
    ├── ConfigurationError        the key or base URL is missing or unusable
    ├── ComposioApiError          Composio answered with an HTTP error
    │   ├── InvalidRequest        400 / 422: the request was rejected as invalid
    │   ├── AuthenticationFailed  401 / 403: the key is wrong or may not do this
    │   ├── NotFound              404: no such MCP server or auth config
    │   │   └── Retired           410: Composio removed the route (the MCP-server routes)
    │   ├── AlreadyExists         409 to a create: the object exists; not sent again
    │   ├── RateLimited           429: too many requests, even after waiting
    │   └── ServerSideError       5xx: Composio failed
    ├── InvalidResponse           a success answer we cannot read
    ├── ComposioTransportError    no answer at all (timeouts, refused connections)
    ├── AmbiguousCreateError      a create whose outcome is unknown
    ├── DuplicateName             several servers or auth configs carry the name looked up
    ├── NameTaken                 (providers) the declared name belongs to something else
    ├── AdoptionFailed            (providers) the id to adopt names nothing live
    ├── ChangedElsewhere          (providers) a session changed since it was last read
    ├── PartlyCreated             (providers) a create of several calls made the object, then
    │                             a later call failed
    ├── InvalidArguments          (functions) a lookup was called with arguments it cannot use
    └── NothingFound              (functions) no toolkit, server or auth config has the slug,
                                  id or name looked up

``ServerNotFound`` and ``DuplicateServerName`` are the deprecated names of ``NotFound`` and
``DuplicateName`` from when the package managed servers only.

Every ``str()`` is one line meant for the person running ``pulumi up``. No error ever
carries the API key: the client scrubs it from anything the server or the network
layer hands back before building these objects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "AdoptionFailed",
    "AlreadyExists",
    "AmbiguousCreateError",
    "AuthenticationFailed",
    "ChangedElsewhere",
    "ComposioApiError",
    "ComposioError",
    "ComposioTransportError",
    "ConfigurationError",
    "DuplicateName",
    "DuplicateServerName",
    "InvalidArguments",
    "InvalidRequest",
    "InvalidResponse",
    "NameTaken",
    "NotFound",
    "NothingFound",
    "PartlyCreated",
    "RateLimited",
    "Retired",
    "ServerNotFound",
    "ServerSideError",
    "api_error_class_for_status",
]


class ComposioError(Exception):
    """Base class of everything the client raises on purpose."""


class ConfigurationError(ComposioError):
    """The API key or base URL is missing, malformed or refused; nothing was sent."""


class ComposioApiError(ComposioError):
    """Composio answered with an HTTP error status.

    The fields come from Composio's error envelope
    ``{"error": {"message", "code", "slug", "status", "request_id", "suggested_fix", "errors"}}``
    when the body is one; otherwise ``message`` describes the body (for example an HTML
    page from a proxy) and the other fields are empty.
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        slug: str | None = None,
        code: int | None = None,
        suggested_fix: str | None = None,
        request_id: str | None = None,
        errors: Sequence[str] = (),
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        self.status = status
        self.message = message
        self.slug = slug
        self.code = code
        self.suggested_fix = suggested_fix
        self.request_id = request_id
        self.errors: tuple[str, ...] = tuple(errors)
        self.method = method
        self.path = path
        super().__init__(self._one_line())

    def _one_line(self) -> str:
        head = f"Composio API {self.status}"
        if self.slug:
            head += f" ({self.slug})"
        parts = [f"{head}: {_sentence(self.message)}"]
        if self.suggested_fix:
            parts.append(f"Fix: {_sentence(self.suggested_fix)}")
        if self.errors:
            parts.append("errors: " + "; ".join(_flat(e) for e in self.errors))
        trailer = [f"request_id={self.request_id}"] if self.request_id else []
        if self.method and self.path:
            trailer.append(f"{self.method} {self.path}")
        if trailer:
            parts.append(f"[{', '.join(trailer)}]")
        return " ".join(parts)


class InvalidRequest(ComposioApiError):
    """400 or 422: Composio rejected the request body or parameters (see ``errors``)."""


class AuthenticationFailed(ComposioApiError):
    """401 or 403: the key is wrong, revoked, or not allowed to make this change."""


class NotFound(ComposioApiError):
    """404 with a Composio error envelope: there is no MCP server (or auth config) with that id.

    A 404 whose body is not a Composio envelope (say, an HTML page because the base URL
    points at some other site) is a plain :class:`ComposioApiError` instead, so that a
    misconfigured URL is never mistaken for "the server is gone".
    """


ServerNotFound = NotFound
"""The name this error had when servers were the only resource; the same class."""


class Retired(NotFound):
    """410: Composio has removed the route, as its deprecation policy ends a deprecated one
    (the MCP-server routes are deprecated). What such a route served is gone, so it is a
    :class:`NotFound` too: a refresh drops the object and a destroy forgets it."""

    def _one_line(self) -> str:
        return (
            f"{super()._one_line()} Composio has retired this route: move to a Session as "
            "docs/migrating-to-sessions.md shows (a refresh first drops what is gone)."
        )


class AlreadyExists(ComposioApiError):
    """409 to a create: Composio already has the object (or a conflicting create is under
    way). A create is never retried on it, since every retry would meet the same answer.

    ``kind`` and ``name`` say what was being created, once the caller has named them.
    """

    kind: str | None = None
    name: str | None = None

    def _one_line(self) -> str:
        what = f"{self.kind} {self.name!r}" if self.kind and self.name else "The object"
        answer = super()._one_line()
        return f"{what} already exists in Composio, so it was not created again: {answer}"

    def naming(self, kind: str, name: str) -> AlreadyExists:
        """This error, saying which ``kind`` of object named ``name`` exists."""
        self.kind, self.name = kind, name
        self.args = (self._one_line(),)
        return self


class RateLimited(ComposioApiError):
    """429 after the retry budget ran out; ``retry_after`` is the server's last hint, if any."""

    def __init__(
        self, status: int, message: str, *, retry_after: float | None = None, **fields: Any
    ) -> None:
        self.retry_after = retry_after
        super().__init__(status, message, **fields)


class ServerSideError(ComposioApiError):
    """A 5xx answer: Composio (or a proxy in front of it) failed."""


class InvalidResponse(ComposioError):
    """A success status whose body we cannot use: not JSON, truncated, or missing fields.

    ``detail`` says what is wrong in words (``field 'mcp_url' missing``); ``snippet`` is
    the start of the body with whitespace collapsed, for recognising a proxy's HTML page.
    """

    def __init__(
        self,
        detail: str,
        *,
        status: int | None = None,
        snippet: str | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        self.detail = detail
        self.status = status
        self.snippet = snippet
        self.method = method
        self.path = path
        where = f" to {method} {path}" if method and path else ""
        status_text = f" ({status})" if status is not None else ""
        line = f"Unreadable Composio response{where}{status_text}: {_flat(detail)}"
        if snippet:
            line += f"; body starts: {snippet}"
        super().__init__(line)


class ComposioTransportError(ComposioError):
    """No HTTP answer arrived (refused connection, DNS failure, timeout), even after retries."""

    def __init__(
        self,
        message: str,
        *,
        reason: str,
        attempts: int,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        self.reason = reason
        self.attempts = attempts
        self.method = method
        self.path = path
        super().__init__(message)


class AmbiguousCreateError(ComposioError):
    """A create request may or may not have made the server; it was not re-sent.

    Raised for timeouts after the request was sent, dropped connections, 5xx answers and
    unreadable 2xx bodies. The caller should look the server up by ``name`` (see
    ``ComposioClient.find_servers_by_exact_name``) before trying again, or use
    ``ComposioClient.create_custom_server_idempotently`` which does exactly that.
    """

    def __init__(self, name: str, cause: ComposioError, *, kind: str = "MCP server") -> None:
        self.name = name
        self.cause = cause
        self.kind = kind
        super().__init__(
            f"Creating {kind} {name!r} may or may not have succeeded ({cause}); "
            "look it up by name before creating it again"
        )


class DuplicateName(ComposioError):
    """Looking a server or auth config up by exact name found more than one; we refuse to
    guess which is ours."""

    def __init__(
        self,
        name: str,
        ids: Sequence[str],
        *,
        kind: str = "MCP server",
        fix: str = "delete the extra ones in Composio, or adopt one by id, then run again",
    ) -> None:
        self.name = name
        self.ids: tuple[str, ...] = tuple(ids)
        super().__init__(
            f"Found {len(self.ids)} {kind}s named {name!r} ({', '.join(self.ids)}); {fix}"
        )


DuplicateServerName = DuplicateName
"""Deprecated name of :class:`DuplicateName`."""


class NameTaken(ComposioError):
    """The declared name belongs to a server or auth config this resource did not make; no
    second one is made."""


class PartlyCreated(ComposioError):
    """A create of several calls made the object (``object_id``, as ``outputs`` describe
    it), then a later call failed (``failure``). The object exists, so the error says how it
    is recovered rather than leave it unknown: the native plugin hands the engine the id and
    outputs (the engine records the object and the next ``pulumi up`` finishes it); a Python
    program's next ``pulumi up`` takes it back under its default name, or adopts it."""

    def __init__(
        self, failure: str, *, object_id: str, outputs: Mapping[str, Any], adopt_input: str
    ) -> None:
        self.failure = failure
        self.object_id = object_id
        self.outputs = dict(outputs)
        super().__init__(
            f"{failure}; it exists as {object_id}: the next `pulumi up` takes it back under "
            f"its default name (with a declared name, set {adopt_input} to {object_id})"
        )


class AdoptionFailed(ComposioError):
    """``adopt_server_id`` (or ``adopt_auth_config_id``) names nothing live to take over."""


class ChangedElsewhere(ComposioError):
    """An update refused because the object changed outside this stack since it was last
    read (a session's stale ``config_version``, Composio's 409): overwriting it would undo
    someone else's change without anyone seeing it. The message says what to run."""


class InvalidArguments(ComposioError):
    """A lookup function (``get_toolkit``, ``getCustomMcpServer``, ...) was given arguments it
    cannot use; the message names the argument and what to pass instead. Nothing was sent."""


class NothingFound(ComposioError):
    """A lookup found nothing: no toolkit has the slug, or no live server or auth config has
    the id or exact name asked for. The message names what was looked up."""


def api_error_class_for_status(status: int, *, is_envelope: bool) -> type[ComposioApiError]:
    """Pick the :class:`ComposioApiError` subclass for an HTTP status.

    ``is_envelope`` says whether the body was a Composio error envelope; a 404 without one
    maps to the base class (see :class:`NotFound`).
    """
    if status in (400, 422):
        return InvalidRequest
    if status in (401, 403):
        return AuthenticationFailed
    if status == 404:
        return NotFound if is_envelope else ComposioApiError
    if status == 410:
        return Retired if is_envelope else ComposioApiError
    if status == 429:
        return RateLimited
    if status >= 500:
        return ServerSideError
    return ComposioApiError


def _flat(text: str) -> str:
    return " ".join(text.split())


def _sentence(text: str) -> str:
    flat = _flat(text)
    return flat if flat.endswith((".", "!", "?")) or not flat else flat + "."
