"""Which live servers carry which name, as one plugin process needs to know before creating.

A create must know whether its name is taken (to take back its own interrupted server or
refuse a duplicate). Asking the API once per create makes a 100-server ``pulumi up`` list
the project 100 times; instead the first create of a plugin process lists the project once,
and the index is kept current with what this process itself creates, renames and deletes.
A project with more than :data:`MAX_INDEXED` servers is not listed whole: each create then
looks its own name up. Either way, names being created right now are claimed, so two
resources of one run that declare the same name cannot both create it.

What a snapshot cannot see is a server someone else creates with the same name during the
run; the per-name lookup would only narrow that window, not close it.
"""

from __future__ import annotations

import collections
import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ..client import ComposioClient

__all__ = ["MAX_INDEXED", "NameClaim", "NameIndex"]

MAX_INDEXED = 500
_PAGE_SIZE = 100


@dataclass(frozen=True)
class NameClaim:
    ids: list[str]
    """Live servers that already carry the name."""
    held_elsewhere: bool
    """Another create of this process is making a server of that name right now."""


class NameIndex:
    """Server ids by name for one plugin process; safe across its worker threads."""

    def __init__(self) -> None:
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
                known = [server.id for server in client.find_servers_by_exact_name(name)]
            yield NameClaim(known, held_elsewhere=held)
        finally:
            with self._lock:
                self._claimed[name] -= 1

    def add(self, name: str, server_id: str) -> None:
        with self._lock:
            if self._ids is not None:
                self._ids.setdefault(name, set()).add(server_id)

    def discard(self, server_id: str) -> None:
        with self._lock:
            for ids in (self._ids or {}).values():
                ids.discard(server_id)

    def rename(self, server_id: str, name: str) -> None:
        self.discard(server_id)
        self.add(name, server_id)

    def _ids_named(self, name: str) -> set[str]:
        return (self._ids or {}).get(name, set())

    def _build(self, client: ComposioClient) -> None:
        servers = list(itertools.islice(client.list_servers(page_size=_PAGE_SIZE), MAX_INDEXED + 1))
        if len(servers) > MAX_INDEXED:
            self._too_many = True
            return
        ids: dict[str, set[str]] = {}
        for server in servers:
            if not server.deleted:
                ids.setdefault(server.name, set()).add(server.id)
        self._ids = ids
