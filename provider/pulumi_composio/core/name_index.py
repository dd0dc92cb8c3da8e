"""Which live objects (servers, auth configs) carry which name, as a plugin process needs
to know before creating one.

A create must know whether its name is taken (to take back its own interrupted object or
refuse a duplicate). Asking the API once per create makes a 100-server ``pulumi up`` list
the project 100 times; instead the first create of a plugin process lists the project once,
and the index is kept current with what this process itself creates, renames and deletes.
A project with more than :data:`MAX_INDEXED` objects is not listed whole: each create then
looks its own name up. Either way, names being created right now are claimed, so two
resources of one run that declare the same name cannot both create it.

What a snapshot cannot see is an object someone else creates with the same name during the
run; the per-name lookup would only narrow that window, not close it.
"""

from __future__ import annotations

import collections
import itertools
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ..api.client import ComposioClient

__all__ = ["MAX_INDEXED", "NameClaim", "NameIndex"]

MAX_INDEXED = 500

ListLive = Callable[[ComposioClient], Iterable[tuple[str, str]]]
"""Every live object of the kind as ``(name, id)``, read lazily page by page."""
FindIds = Callable[[ComposioClient, str], list[str]]
"""The ids of the live objects carrying exactly one name."""


@dataclass(frozen=True)
class NameClaim:
    ids: list[str]
    """Live objects that already carry the name."""
    held_elsewhere: bool
    """Another create of this process is making an object of that name right now."""


class NameIndex:
    """Ids by name of one kind of object, for one plugin process; safe across its threads."""

    def __init__(self, list_live: ListLive, find_ids: FindIds) -> None:
        self._list_live = list_live
        self._find_ids = find_ids
        self._lock = threading.Lock()
        self._ids: dict[str, set[str]] | None = None
        self._too_many = False
        self._claimed: collections.Counter[str] = collections.Counter()

    @contextmanager
    def claim(self, client: ComposioClient, name: str) -> Iterator[NameClaim]:
        """Who has ``name`` now, with ``name`` held by the caller for the block."""
        with self._lock:
            if self._ids is None and not self._too_many:
                self._build(client)
            held = self._claimed[name] > 0
            self._claimed[name] += 1
            known = None if self._too_many else sorted(self._ids_named(name))
        try:
            if known is None:
                known = self._find_ids(client, name)
            yield NameClaim(known, held_elsewhere=held)
        finally:
            with self._lock:
                self._claimed[name] -= 1

    def add(self, name: str, object_id: str) -> None:
        with self._lock:
            if self._ids is not None:
                self._ids.setdefault(name, set()).add(object_id)

    def discard(self, object_id: str) -> None:
        with self._lock:
            for ids in (self._ids or {}).values():
                ids.discard(object_id)

    def rename(self, object_id: str, name: str) -> None:
        self.discard(object_id)
        self.add(name, object_id)

    def _ids_named(self, name: str) -> set[str]:
        return (self._ids or {}).get(name, set())

    def _build(self, client: ComposioClient) -> None:
        live = list(itertools.islice(self._list_live(client), MAX_INDEXED + 1))
        if len(live) > MAX_INDEXED:
            self._too_many = True
            return
        ids: dict[str, set[str]] = {}
        for name, object_id in live:
            ids.setdefault(name, set()).add(object_id)
        self._ids = ids
