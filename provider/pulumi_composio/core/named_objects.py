"""The lifecycle every Composio object with a name shares (servers, auth configs, ...).

Composio does not make names unique and has no idempotency key, so a create must decide
what the name it uses already belongs to:

- another resource of this stack creating the same name right now: refused, since both
  would make one;
- an object carrying this resource's own default name, left by an earlier run that was
  killed before it recorded it: taken back (when the kind's hook recognises it as this
  resource's), not duplicated;
- anything else: somebody's, refused with the id and how to adopt it;
- the object this very resource replaces (``replace_on_changes``, a new toolkit): it keeps
  the name until Pulumi deletes it after the create, so it is no obstacle. A create does
  not see the id it replaces, so the diff that decided the replacement, in the same plugin
  process, notes it (:meth:`NamedObjects.note_state_id`).

A delete tolerates an object that is already gone, and keeps one this process's creates
answered: the engine deletes such an object only when a replacement came back with the
very object it replaces (taken back or adopted, as ``pulumi up --replace`` of an unchanged
resource does).

A declared name is decided before the ``POST``, which waits for the process's one listing.
The resource's own default name (a hash of its stack and logical name, which nobody else
proposes) posts at once, beside that listing, and is decided when both have answered: no
other holder, the usual case, costs nothing more, so a ``pulumi up`` of new servers waits
no round trip for name protection; an interrupted run's object found then is taken back
and the one just made deleted, and anything else refuses the name after deleting it. Only
a run killed in that one round trip, after an earlier one also left an object behind,
leaves two holders: the next create names both and how to adopt one.

What differs per kind is only what its hooks (:class:`NamedKind`) say.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from ..api._create import KnownIds
from ..api.client import ComposioClient
from ..errors import ComposioError, NameTaken, NotFound, PartlyCreated
from .name_index import NameClaim, NameIndex
from .operations import Found

__all__ = ["NamedKind", "NamedObjects"]


class NamedKind(Protocol):
    """What one kind of named object answers for :class:`NamedObjects`."""

    noun: str
    """How messages name an object of the kind: ``"Composio MCP server"``."""
    adopt_input: str
    """The input that takes over an existing object: ``"adopt_server_id"``."""

    def live_names(self, client: ComposioClient) -> Iterable[tuple[str, str]]:
        """Every live object as ``(name, id)``, read lazily page by page."""
        ...

    def ids_named(self, client: ComposioClient, name: str) -> list[str]:
        """The ids of the live objects named exactly ``name``."""
        ...

    def take_back(
        self, client: ComposioClient, object_id: str, props: Mapping[str, Any]
    ) -> Found | None:
        """The object an interrupted run of this resource left under its default name,
        made to match ``props``; ``None`` when ``object_id`` is not recognisably that."""
        ...

    def create_new(
        self, client: ComposioClient, props: Mapping[str, Any], known_ids: KnownIds
    ) -> Found:
        """Make the object (exactly once: ``known_ids`` already carry its name). A create of
        several calls whose first made the object raises :class:`PartlyCreated`."""
        ...

    def delete_object(self, client: ComposioClient, object_id: str) -> None: ...


class NamedObjects:
    """Creates and deletes of one kind of named object, for one plugin process."""

    def __init__(self, kind: NamedKind) -> None:
        self._kind = kind
        self._names = NameIndex(kind.live_names, kind.ids_named)
        self._lock = threading.Lock()
        self._state_ids: dict[str, str] = {}
        self._made: set[str] = set()

    def note_state_id(self, news: Mapping[str, Any], object_id: str) -> None:
        """Remember which object the resource (by its default name) has in state, as its
        diff saw it: the one a replacement may share the name with."""
        with self._lock:
            self._state_ids[news.get("default_name") or ""] = object_id

    def create(self, client: ComposioClient, props: Mapping[str, Any]) -> Found:
        """Take back, refuse or create, as the module says, under the name ``props`` declare."""
        name = props["name"]
        own_name = name == props.get("default_name")
        with self._lock:
            replaced = self._state_ids.get(props.get("default_name") or "")
        with self._names.claim(client, name, wait=not own_name) as claim:
            if claim.held_elsewhere:
                raise NameTaken(
                    f"name: another resource of this stack is creating a {self._kind.noun} "
                    f"named {name!r}; give each resource its own name"
                )
            if not own_name:
                holders = [object_id for object_id in claim.ids if object_id != replaced]
                if holders:
                    raise self._name_taken(name, holders)
            try:
                found = self._kind.create_new(
                    client, props, (lambda: claim.ids) if own_name else claim.ids
                )
            except PartlyCreated as partly:
                self._names.add(name, partly.object_id)
                raise
            if own_name:
                found = self._settled(client, props, found, claim, replaced)
            self._names.add(name, found.id)
        return self._made_now(found)

    def _settled(
        self,
        client: ComposioClient,
        props: Mapping[str, Any],
        made: Found,
        claim: NameClaim,
        replaced: str | None,
    ) -> Found:
        """The object a create under the default name ends with, once the listing it did not
        wait for has answered: the one it ``made``, or an interrupted run's that it takes back
        instead; any other holder refuses the name. Either way the object it made goes."""
        try:
            holders = [i for i in claim.ids if i not in (made.id, replaced)]
            if not holders:
                return made
            taken = self._kind.take_back(client, holders[0], props) if len(holders) == 1 else None
        except ComposioError as error:
            self._discard_made(client, made, error)
            raise
        try:
            self._kind.delete_object(client, made.id)
        except NotFound:
            pass
        except ComposioError as error:
            raise self._name_taken(props["name"], [*holders, made.id]) from error
        self._names.discard(made.id)
        if taken is None:
            raise self._name_taken(props["name"], holders)
        return taken

    def _discard_made(self, client: ComposioClient, made: Found, failure: ComposioError) -> None:
        """Delete what a create made before ``failure`` kept it from telling whether its name
        was free; an object that cannot be deleted is reported, so that state records it."""
        try:
            self._kind.delete_object(client, made.id)
        except NotFound:
            pass
        except ComposioError as error:
            raise PartlyCreated(
                f"{failure} (and deleting the {self._kind.noun} made meanwhile failed: {error})",
                object_id=made.id,
                outputs=made.outputs,
                adopt_input=self._kind.adopt_input,
            ) from failure
        self._names.discard(made.id)

    def adopted(self, found: Found, name: str) -> Found:
        """An object the resource took over instead of creating, now carrying ``name``."""
        self._names.rename(found.id, name)
        return self._made_now(found)

    def renamed(self, object_id: str, name: str) -> None:
        self._names.rename(object_id, name)

    def delete(self, client: ComposioClient, object_id: str) -> None:
        with self._lock:
            if object_id in self._made:
                return
        with contextlib.suppress(NotFound):
            self._kind.delete_object(client, object_id)
        self._names.discard(object_id)

    def _made_now(self, found: Found) -> Found:
        with self._lock:
            self._made.add(found.id)
        return found

    def _name_taken(self, name: str, holders: list[str]) -> NameTaken:
        return NameTaken(
            f"name: a {self._kind.noun} named {name!r} already exists ({', '.join(holders)}); "
            f"if an interrupted `pulumi up` made it, or to manage it with this resource, set "
            f"{self._kind.adopt_input} to its id; otherwise choose another name (if it is this "
            f"resource's own {self._kind.noun}, being replaced by `pulumi up --replace`, set "
            "its delete_before_replace resource option for that run)"
        )
