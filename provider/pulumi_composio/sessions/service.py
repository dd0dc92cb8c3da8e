"""The work behind :class:`~pulumi_composio.Session`, done in the plugin process.

A session has no name, so unlike a server it needs no name index: a create is one ``POST``,
a read one ``GET``, an update one ``PATCH`` carrying the ``config_version`` last read (so a
session changed elsewhere is refused, never overwritten), a delete one ``DELETE``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from ..api.client import ComposioClient
from ..api.models import ToolRouterSession
from ..core.operations import Changes, Checked, Found
from ..core.service import ServiceBase
from ..errors import AdoptionFailed, ChangedElsewhere, ComposioApiError, NotFound
from .inputs import (
    changed_properties,
    check_inputs,
    create_request,
    declared_toolkits,
    diff_inputs,
    new_slugs,
    outputs_from_api,
    patch_request,
)

__all__ = ["SessionService"]


class SessionService(ServiceBase):
    """CRUD for Composio tool router sessions, for one plugin process."""

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> Checked:
        return Checked(*check_inputs(olds, news))

    def asked(self, olds: dict[str, Any], inputs: dict[str, Any]) -> Checked:
        """Whether Composio knows the toolkit and tool slugs that are new against ``olds``,
        so a mistyped one fails the preview with a did-you-mean (see
        :mod:`..core.catalogue`); unchanged ones cost no call."""
        toolkits, tools = new_slugs(olds, inputs)
        verdict = self._checked_slugs(toolkits, tools, declared=declared_toolkits(inputs))
        warnings = [verdict.warning] if verdict.warning else []
        return Checked(inputs, verdict.problems, warnings)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> Changes:
        """A new ``user_id`` replaces the session; anything else is one ``PATCH``."""
        return diff_inputs(olds, news)

    def create(self, props: dict[str, Any]) -> Found:
        """Adopt the session named by ``adopt_session_id``, or create one."""
        client = self._api()
        adopt_id = props.get("adopt_session_id")
        if adopt_id:
            session = self._adopt(client, adopt_id, props)
        else:
            session = client.create_session(create_request(props))
        return Found(session.session_id, outputs_from_api(session, props))

    def read(self, id_: str, props: dict[str, Any]) -> Found:
        """Read the live session; a deleted one reads as absent (empty id), so a refresh
        drops it. With no inputs (``pulumi import``) the outputs say what declares it."""
        try:
            session = self._api(recorded_configuration=True).get_session(id_)
        except NotFound:
            return Found("")
        return Found(session.session_id, outputs_from_api(session, props))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        """One ``PATCH`` of the changed properties, refused by Composio when the session has
        changed since the version in state (:class:`ChangedElsewhere`)."""
        client = self._api()
        changed = changed_properties(olds, news)
        if not changed:
            return outputs_from_api(client.get_session(id_), news)
        session = _patched(client, id_, changed, news, _version(olds.get("config_version")))
        return outputs_from_api(session, news)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Delete the session; one already gone is what was wanted."""
        with contextlib.suppress(NotFound):
            self._api(recorded_configuration=True).delete_session(id_)

    def _adopt(
        self, client: ComposioClient, session_id: str, props: Mapping[str, Any]
    ) -> ToolRouterSession:
        """Take over an existing session of the declared user, then make it match the
        program, as a create would."""
        try:
            session = client.get_session(session_id)
        except NotFound:
            raise AdoptionFailed(
                f"adopt_session_id: no live tool router session has id {session_id!r}; check "
                "the id (session.session_id in Composio's SDK), or remove adopt_session_id to "
                "create a new session"
            ) from None
        owner = session.config.get("user_id")
        if owner is not None and owner != props.get("user_id"):
            raise AdoptionFailed(
                f"adopt_session_id: session {session_id!r} belongs to user {owner!r}, not "
                f"{props.get('user_id')!r}; a session's user cannot change, so set user_id to "
                f"{owner!r} or remove adopt_session_id"
            )
        live = outputs_from_api(session, props)
        changed = changed_properties(live, props)
        if not changed:
            return session
        return _patched(client, session_id, changed, props, session.config_version)


def _patched(
    client: ComposioClient,
    session_id: str,
    changed: list[str],
    inputs: Mapping[str, Any],
    version: int | None,
) -> ToolRouterSession:
    try:
        return client.patch_session(session_id, patch_request(changed, inputs, version))
    except ComposioApiError as error:
        if error.status != 409:
            raise
        raise ChangedElsewhere(
            f"Session {session_id} was changed outside this stack since Pulumi last read it "
            f"(it is no longer at config version {version}), so it was not overwritten: run "
            "`pulumi refresh` to see the change, then `pulumi up` to apply the program again"
        ) from None


def _version(value: Any) -> int | None:
    """The config version in state; the native plugin hands numbers back as floats."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    return None
