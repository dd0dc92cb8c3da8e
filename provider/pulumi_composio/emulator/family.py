"""What a family of the emulator is: one area of Composio's API (servers, auth configs, ...).

A family declares everything the rest of the emulator needs from it, and nothing outside
its folder names it but the one line in :mod:`.families` that registers it: the app mounts
its routes, the gate reads what they write, the admin surface serves its view, a reset
re-seeds it, and its records live in the shared document store under its name.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from starlette.requests import Request
from starlette.routing import BaseRoute

from .api_routes import ApiRoute
from .documents import OlderTable
from .state import EmulatorState

__all__ = ["AdminView", "Endpoint", "Family"]

AdminView = Callable[[EmulatorState, Request, bool], list[dict[str, Any]]]
"""A family's records as ``GET /_emulator/<name>`` lists them; the flag is the query's
``include_deleted``."""


class Endpoint(Protocol):
    """Something a family serves outside the API prefixes, with its own rules rather than
    the gate's (a server's MCP endpoint), running while the app does."""

    @property
    def routes(self) -> Sequence[BaseRoute]: ...

    def running(self) -> AbstractAsyncContextManager[None]: ...


@dataclass(frozen=True)
class Family:
    """One family's declaration, the value its folder's ``FAMILY`` holds."""

    name: str
    """Its collection in the document store, and its admin view's path and answer key."""
    api_routes: Callable[[EmulatorState], Sequence[ApiRoute]]
    """Its routes, served under every API prefix behind the gate."""
    admin_view: AdminView | None = None
    seed: Callable[[EmulatorState], None] | None = None
    """What exists of it when the emulator starts and again after every reset (which first
    empties the whole store); it must keep records a database file already holds."""
    older_table: OlderTable[Any] | None = None
    """Where an older emulator's database holds its records, adopted into the store at start."""
    endpoint: Callable[[EmulatorState], Endpoint] | None = None
    admin_routes: Callable[[EmulatorState], Sequence[ApiRoute]] | None = None
    """What a test may do to it beyond viewing it (seed a record, fire an event), served below
    ``/_emulator`` behind the admin token."""

    def open(self, state: EmulatorState) -> None:
        """Ready the family's records in a newly opened store."""
        if self.older_table is not None:
            older = self.older_table
            state.store.collection(self.name, older.record).adopt(older)
        self.reseed(state)

    def reseed(self, state: EmulatorState) -> None:
        if self.seed is not None:
            self.seed(state)
