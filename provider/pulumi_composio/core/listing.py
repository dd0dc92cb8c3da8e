"""Serve many reads of one plugin process from one listing of the project.

``pulumi refresh`` reads every resource of a stack, four at a time. One ``GET`` each makes
a 100-server refresh cost 100 calls; one listing of the project costs one per 100 servers.
The first read of a process is still one ``GET``, so a single ``.get`` or a one-server
refresh pays no more than before; from the second read on, reads come from a listing taken
once, unless the project is too large for that to pay (more than :data:`MAX_LISTED`).

A listing is a snapshot: an object missing from it may have been made after it was taken,
so the caller confirms a miss with its own ``GET`` before declaring the object gone. Any
write by this process drops the snapshot.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from ..api.client import ComposioClient

__all__ = ["MAX_LISTED", "ListingReader"]

MAX_LISTED = 1000
"""Beyond this many live objects a listing costs more calls than the reads it saves."""

ItemT = TypeVar("ItemT")


class ListingReader(Generic[ItemT]):
    """Reads of one kind of object by id, for one plugin process; safe across its threads."""

    def __init__(
        self,
        list_live: Callable[[ComposioClient], Iterable[ItemT]],
        get_one: Callable[[ComposioClient, str], ItemT],
        id_of: Callable[[ItemT], str],
    ) -> None:
        self._list_live = list_live
        self._get_one = get_one
        self._id_of = id_of
        self._lock = threading.Lock()
        self._reads = 0
        self._snapshot: dict[str, ItemT] | None = None
        self._too_many = False

    def read(self, client: ComposioClient, object_id: str) -> ItemT:
        """The object as Composio holds it; raises what ``get_one`` raises for a missing one."""
        with self._lock:
            self._reads += 1
            use_listing = self._reads > 1 and not self._too_many
            if use_listing and self._snapshot is None:
                self._take_snapshot(client)
            snapshot = self._snapshot
        listed = snapshot.get(object_id) if snapshot is not None else None
        return listed if listed is not None else self._get_one(client, object_id)

    def forget(self) -> None:
        """Drop the snapshot: this process has just changed something it may hold."""
        with self._lock:
            self._snapshot = None

    def _take_snapshot(self, client: ComposioClient) -> None:
        live = list(itertools.islice(self._list_live(client), MAX_LISTED + 1))
        if len(live) > MAX_LISTED:
            self._too_many = True
            return
        self._snapshot = {self._id_of(item): item for item in live}
