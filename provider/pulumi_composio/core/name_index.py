"""Which live objects (servers, auth configs) carry which name, as a plugin process needs
to know around creating one.

A create must know whether its name is taken (to take back its own interrupted object or
refuse a duplicate). Asking the API once per create makes a 100-server ``pulumi up`` list
the project 100 times; instead the first claim of a plugin process starts one listing of
the project, and the index is kept current with what this process itself creates, renames
and deletes. A project with more than :data:`MAX_INDEXED` objects is not listed whole: each
claim then looks its own name up. Either way, names being claimed right now are counted, so
two resources of one run that declare the same name cannot both create it.

The listing runs on a thread of its own, so a claim need not wait for it: a create under
the resource's own default name posts at once and compares with the listing afterwards
(see :mod:`.named_objects`). The listing may then answer after, and so include, objects
this process made or deleted meanwhile; what the process did is replayed onto it.

What a snapshot cannot see is an object someone else creates with the same name during the
run; the per-name lookup would only narrow that window, not close it.
"""

from __future__ import annotations

import collections
import itertools
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from functools import cached_property

from ..api.client import ComposioClient

__all__ = ["MAX_INDEXED", "NameClaim", "NameIndex"]

MAX_INDEXED = 500

ListLive = Callable[[ComposioClient], Iterable[tuple[str, str]]]
"""Every live object of the kind as ``(name, id)``, read lazily page by page."""
FindIds = Callable[[ComposioClient, str], list[str]]
"""The ids of the live objects carrying exactly one name."""
_Index = dict[str, set[str]]
_Change = tuple[str, str | None]
"""An object id and the name it now carries (``None``: deleted)."""


class NameClaim:
    """One claim of a name: whether another create of this process holds it, and (waiting
    for the listing if it is still running) which live objects carry it."""

    def __init__(self, held_elsewhere: bool, holders: Callable[[], list[str]]) -> None:
        self.held_elsewhere = held_elsewhere
        """Another create of this process is making an object of that name right now."""
        self._holders = holders

    @cached_property
    def ids(self) -> list[str]:
        """Live objects that carry the name, as the listing (and this process since) saw
        them; raises what the listing raised."""
        return self._holders()


class NameIndex:
    """Ids by name of one kind of object, for one plugin process; safe across its threads."""

    def __init__(self, list_live: ListLive, find_ids: FindIds) -> None:
        self._list_live = list_live
        self._find_ids = find_ids
        self._lock = threading.Lock()
        self._listing: Future[_Index | None] | None = None
        """The running or finished listing; its result is ``None`` for a project too large
        to index. Cleared before it fails, so that a later claim lists again (and so never
        holds a failed one)."""
        self._changes: list[_Change] = []
        """What this process did while the listing ran, replayed onto it when it ends."""
        self._claimed: collections.Counter[str] = collections.Counter()

    @contextmanager
    def claim(self, client: ComposioClient, name: str, *, wait: bool = True) -> Iterator[NameClaim]:
        """``name`` held by the caller for the block. With ``wait``, the listing has answered
        before the block starts (and a failed one raises here); without, ``claim.ids`` waits
        for it when asked."""
        with self._lock:
            listing = self._started(client)
            held = self._claimed[name] > 0
            self._claimed[name] += 1
        try:
            claim = NameClaim(held, lambda: self._holders(client, listing, name))
            if wait:
                _ = claim.ids
            yield claim
        finally:
            with self._lock:
                self._claimed[name] -= 1

    def add(self, name: str, object_id: str) -> None:
        self._record(object_id, name)

    def discard(self, object_id: str) -> None:
        self._record(object_id, None)

    def rename(self, object_id: str, name: str) -> None:
        self._record(object_id, name)

    def _record(self, object_id: str, name: str | None) -> None:
        with self._lock:
            if self._listing is None:
                return
            if not self._listing.done():
                self._changes.append((object_id, name))
            elif (index := self._listing.result()) is not None:
                _apply(index, object_id, name)

    def _started(self, client: ComposioClient) -> Future[_Index | None]:
        if self._listing is None:
            listing: Future[_Index | None] = Future()
            self._listing = listing
            self._changes = []
            thread = threading.Thread(
                target=self._list, args=(client, listing), name="composio-names", daemon=True
            )
            thread.start()
        return self._listing

    def _list(self, client: ComposioClient, listing: Future[_Index | None]) -> None:
        try:
            live = list(itertools.islice(self._list_live(client), MAX_INDEXED + 1))
        except BaseException as error:  # noqa: BLE001 - handed to every claim waiting on it
            with self._lock:
                self._listing = None
            listing.set_exception(error)
            return
        index: _Index = {}
        for name, object_id in live:
            index.setdefault(name, set()).add(object_id)
        with self._lock:
            for object_id, now_named in self._changes:
                _apply(index, object_id, now_named)
            self._changes = []
            listing.set_result(index if len(live) <= MAX_INDEXED else None)

    def _holders(
        self, client: ComposioClient, listing: Future[_Index | None], name: str
    ) -> list[str]:
        index = listing.result()
        if index is None:
            return sorted(self._find_ids(client, name))
        with self._lock:
            return sorted(index.get(name, set()))


def _apply(index: _Index, object_id: str, name: str | None) -> None:
    for ids in index.values():
        ids.discard(object_id)
    if name is not None:
        index.setdefault(name, set()).add(object_id)
