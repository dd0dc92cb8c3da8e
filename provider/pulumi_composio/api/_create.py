"""Create a named object: at most once for sure, or exactly once by looking its name up.

Every create of the client goes through here. :func:`create` sends the ``POST`` as a
:attr:`~._safety.Safety.CREATE` request, so it is re-sent only when Composio surely did not
act on it; an outcome that stays unknown becomes :class:`AmbiguousCreateError` and a 409
becomes :class:`AlreadyExists`, both naming the object.

:func:`create_once` resolves the unknown outcome, since Composio has no idempotency key. A
create whose answer is lost (a timeout after sending, a dropped connection, a 5xx) may or
may not have made the object, so it is never blindly sent again. Instead the name is looked
up: exactly one new object of that name is ours; none means the create did not land and it
is sent again; several are refused, naming them. Busy APIs fail lookups too (a rate limiter,
a dropped connection), so a lookup that fails for such a passing reason is tried again with
backoff. All of it happens within the retry policy's ``max_elapsed`` from the first create;
only a spent budget, or a lookup refused for good (a revoked key), leaves the outcome
unknown to the caller.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from ..errors import (
    AlreadyExists,
    AmbiguousCreateError,
    ComposioApiError,
    ComposioError,
    ComposioTransportError,
    DuplicateName,
)
from ._requests import OutcomeUnknown, RequestSender
from ._retry import RetryPolicy, Verdict, judge_status
from ._safety import Safety

__all__ = ["KnownIds", "NameLookup", "NamedCreate", "create", "create_once"]

CreatedT = TypeVar("CreatedT", bound=BaseModel)
FoundT = TypeVar("FoundT")

_log = logging.getLogger("pulumi_composio.client")

KnownIds = Collection[str] | Callable[[], Collection[str]]
"""The objects that carried the name before the first create, or how to learn them should
an outcome be unknown (a listing still running beside the create)."""


@dataclass(frozen=True)
class NamedCreate(Generic[CreatedT]):
    """One create request of a named object."""

    kind: str
    """What is created, for messages: ``"MCP server"``, ``"auth config"``."""
    name: str
    path: str
    model: type[CreatedT]
    """The shape of the create's success answer."""
    body: dict[str, Any]


@dataclass(frozen=True)
class NameLookup(Generic[FoundT]):
    """How to tell whether a create landed: the live objects carrying exactly its name."""

    find_named: Callable[[], list[FoundT]]
    id_of: Callable[[FoundT], str]
    ours: Callable[[FoundT], bool] | None = None
    """Whether an object is recognisably the one being created, for ``known_ids`` read
    beside the create, which may already hold what it made: when no object is new to them,
    the one they hold that is recognisably ours is it."""


def create(requests: RequestSender, spec: NamedCreate[CreatedT]) -> CreatedT:
    """Send ``spec`` at most once for sure: its answer, or :class:`AmbiguousCreateError`
    when it may have made the object, or :class:`AlreadyExists` when Composio has it."""
    try:
        return requests.request(
            "POST", spec.path, safety=Safety.CREATE, model=spec.model, body=spec.body
        )
    except OutcomeUnknown as unknown:
        raise AmbiguousCreateError(spec.name, unknown.cause, kind=spec.kind) from unknown.cause
    except AlreadyExists as exists:
        raise exists.naming(spec.kind, spec.name) from None


def create_once(
    requests: RequestSender,
    spec: NamedCreate[CreatedT],
    lookup: NameLookup[FoundT],
    *,
    known_ids: KnownIds | None = None,
    max_creates: int | None = None,
) -> CreatedT | FoundT:
    """The create's answer, or the one object found to be ours after an unknown outcome.

    ``known_ids`` are the objects that carried the name before the first create, so that a
    stranger's object is never mistaken for ours; they are looked up when not given, and
    asked for only after an unknown outcome when given as a function.
    """
    if known_ids is None:
        known_ids = [lookup.id_of(item) for item in lookup.find_named()]
    known_before = known_ids
    budget = _Budget(requests.retry, max_creates, stopping=lambda: requests.stopping)
    while True:
        try:
            return create(requests, spec)
        except AmbiguousCreateError as error:
            unknown = error
        known = set(known_before() if callable(known_before) else known_before)
        ours = _find_new(spec, lookup, unknown, known, budget)
        if ours is not None:
            return ours
        if not budget.allows_another_create():
            raise unknown


def _find_new(
    spec: NamedCreate[CreatedT],
    lookup: NameLookup[FoundT],
    unknown: AmbiguousCreateError,
    known: set[str],
    budget: _Budget,
) -> FoundT | None:
    """After an ambiguous create: the one new object with its name, or ``None``."""
    _log.warning(
        "Create of %s %r had an unknown outcome (%s); looking it up by name",
        spec.kind,
        spec.name,
        unknown.cause,
    )
    while True:
        budget.wait_before_lookup()
        try:
            matches = lookup.find_named()
            break
        except ComposioError as lookup_failure:
            if not (_is_transient(lookup_failure) and budget.allows_another_lookup()):
                raise AmbiguousCreateError(spec.name, lookup_failure, kind=spec.kind) from unknown
            _log.warning(
                "Looking up %s %r failed (%s); trying again",
                spec.kind,
                spec.name,
                lookup_failure,
            )
    fresh = [item for item in matches if lookup.id_of(item) not in known]
    if not fresh and lookup.ours is not None:
        fresh = [item for item in matches if lookup.ours(item)]
    if len(fresh) > 1:
        ids = [lookup.id_of(item) for item in fresh]
        raise DuplicateName(spec.name, ids, kind=spec.kind)
    if fresh:
        _log.info(
            "Found %s %r as %s; not creating it again",
            spec.kind,
            spec.name,
            lookup.id_of(fresh[0]),
        )
        return fresh[0]
    return None


class _Budget:
    """How long a create may keep resolving unknown outcomes, and its waits.

    The clock starts at the first create. Every wait is a full-jitter backoff that grows
    with the number of lookups so far, so runners that failed together do not retry
    together.
    """

    def __init__(
        self,
        retry: RetryPolicy,
        max_creates: int | None,
        stopping: Callable[[], bool] = lambda: False,
    ) -> None:
        self._retry = retry
        self._stopping = stopping
        self._started = retry.monotonic()
        self._max_creates = max_creates
        self._creates = 1
        self._lookups = 0

    def wait_before_lookup(self) -> None:
        """Give a slow commit time to show, and a busy API time to calm down."""
        self._lookups += 1
        self._retry.sleep(self._retry.backoff(self._lookups))

    def allows_another_lookup(self) -> bool:
        return self._time_left()

    def allows_another_create(self) -> bool:
        if self._stopping():
            return False
        if self._max_creates is not None and self._creates >= self._max_creates:
            return False
        if not self._time_left():
            return False
        self._creates += 1
        return True

    def _time_left(self) -> bool:
        return self._retry.monotonic() - self._started < self._retry.max_elapsed


def _is_transient(failure: ComposioError) -> bool:
    """A failure that a later try may not meet: no answer, a 5xx, a 408, 409 or 429."""
    if isinstance(failure, ComposioTransportError):
        return True
    if isinstance(failure, ComposioApiError):
        return judge_status(failure.status, Safety.READ) is Verdict.RETRY
    return False
