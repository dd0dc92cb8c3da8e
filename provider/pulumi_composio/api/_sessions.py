"""The tool router session endpoints of :class:`~pulumi_composio.ComposioClient`.

A session has no name, so a create whose outcome is unknown cannot be looked up and taken
back the way a server's can: :meth:`SessionsEndpoints.create_session` sends it at most once
for sure and raises :class:`AmbiguousCreateError` otherwise (see :mod:`._create`), saying
how to take over a session that was made after all.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import AmbiguousCreateError
from ._create import NamedCreate, create
from ._requests import EndpointGroup, item_path
from ._safety import Safety, endpoint
from .models import (
    CreateSessionRequest,
    DeletedSession,
    PatchSessionRequest,
    SessionList,
    ToolRouterSession,
)

__all__ = ["SessionsEndpoints"]

_COLLECTION = "/tool_router/session"
_PAGE_SIZE = 50
_STALE = frozenset({409})
"""A conditional PATCH's stale ``expected_config_version``: final, never retried."""


class SessionsEndpoints(EndpointGroup):
    """``/tool_router/session/...``: Composio's tool router sessions."""

    @endpoint(Safety.CREATE)
    def create_session(self, request: CreateSessionRequest) -> ToolRouterSession:
        """``POST /tool_router/session``: one new session, sent at most once for sure."""
        spec = NamedCreate(
            kind="tool router session",
            name=f"for user {request.user_id}",
            path=_COLLECTION,
            model=ToolRouterSession,
            body=request.to_body(),
        )
        try:
            return create(self._requests, spec)
        except AmbiguousCreateError as unknown:
            unknown.args = (
                f"Creating a tool router session for user {request.user_id!r} may or may not "
                f"have succeeded ({unknown.cause}); a session has no name to look it up by, so "
                "if one was made, take it over with adopt_session_id, else run `pulumi up` "
                "again",
            )
            raise

    @endpoint(Safety.READ)
    def get_session(self, session_id: str) -> ToolRouterSession:
        """``GET /tool_router/session/{id}``; a deleted or unknown one raises
        :class:`NotFound`."""
        return self._requests.request(
            "GET", _session_path(session_id), safety=Safety.READ, model=ToolRouterSession
        )

    @endpoint(Safety.IDEMPOTENT)
    def patch_session(self, session_id: str, request: PatchSessionRequest) -> ToolRouterSession:
        """``PATCH /tool_router/session/{id}``: the blocks given replace the stored ones. With
        ``expected_config_version``, a session changed since is a 409 and nothing changes,
        which also makes a retried PATCH harmless; that 409 is final, not retried."""
        return self._requests.request(
            "PATCH",
            _session_path(session_id),
            safety=Safety.IDEMPOTENT,
            model=ToolRouterSession,
            body=request.to_body(),
            final=_STALE if request.expected_config_version is not None else frozenset(),
        )

    @endpoint(Safety.IDEMPOTENT)
    def delete_session(self, session_id: str) -> DeletedSession:
        """``DELETE /tool_router/session/{id}``; an absent session raises :class:`NotFound`
        (after a retry, possibly because the first attempt deleted it)."""
        return self._requests.request(
            "DELETE", _session_path(session_id), safety=Safety.IDEMPOTENT, model=DeletedSession
        )

    @endpoint(Safety.READ)
    def list_sessions_page(
        self,
        cursor: str | None = None,
        *,
        user_ids: Sequence[str] | None = None,
        page_size: int = _PAGE_SIZE,
    ) -> SessionList:
        """``GET /tool_router/session``, one page of the live sessions, oldest first: the
        first, or the one ``cursor`` (a page's ``next_cursor``) names; only the sessions of
        ``user_ids`` when given."""
        if page_size < 1:
            raise ValueError("page_size must be at least 1")
        params: dict[str, str | int] = {"limit": page_size}
        if user_ids:
            params["user_ids"] = ",".join(user_ids)
        if cursor:
            params["cursor"] = cursor
        return self._requests.request(
            "GET", _COLLECTION, safety=Safety.READ, model=SessionList, params=params
        )


def _session_path(session_id: str) -> str:
    return item_path(_COLLECTION, session_id, "session_id")
