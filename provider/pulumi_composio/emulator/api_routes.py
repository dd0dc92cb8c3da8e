"""The API's routes as families declare them, and what each request writes.

A family states each route once, as an :class:`ApiRoute`: its method, its path below the
API prefixes, its handler and, only where its method would mislead, what it writes. The
app serves them under each prefix and the gate asks the same table what a request writes,
so no list of paths decides it.

The gate fails closed: every method but ``GET`` (and the ``HEAD`` Starlette answers beside
it) writes, unless its route says it does not, as generating per-user URLs is a ``POST``
that changes nothing. A request no route matches writes by its method too, so a route
someone forgets to declare is still refused to the read-only key.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Route
from starlette.types import Scope

from .faults import WriteKind

__all__ = ["ApiRoute", "Handler", "RouteTable", "routes_by_method", "write_by_method"]

Handler = Callable[[Request], Awaitable[Response]]
READING_METHODS: Final = frozenset({"GET", "HEAD"})
_WRITE_BY_METHOD: Final[dict[str, WriteKind]] = {
    "POST": "create",
    "PUT": "update",
    "PATCH": "update",
    "DELETE": "delete",
}


def write_by_method(method: str) -> WriteKind | None:
    """What a request of this method writes when its route says nothing else."""
    if method in READING_METHODS:
        return None
    return _WRITE_BY_METHOD.get(method, "update")


@dataclass(frozen=True)
class ApiRoute:
    """One method on one path below the API prefixes, and what calling it writes."""

    method: str
    path: str
    handler: Handler
    writes: WriteKind | Literal["nothing", "by method"] = "by method"
    """``"nothing"`` for a non-``GET`` that only reads (the read-only key may call it, no
    write fault applies); a kind where the method's own (``POST`` creates, ``PUT`` and
    ``PATCH`` update, ``DELETE`` deletes) is not what the route does."""

    @property
    def write(self) -> WriteKind | None:
        """What calling the route writes, for the read-only key and the fault plan."""
        if self.writes == "nothing":
            return None
        if self.writes == "by method":
            return write_by_method(self.method)
        return self.writes


def routes_by_method(path: str, **handlers: Handler) -> list[ApiRoute]:
    """One route per ``METHOD=handler`` for ``path``, each writing as its method says, in
    the order given (the order Starlette tries them in)."""
    return [ApiRoute(method, path, handler) for method, handler in handlers.items()]


class RouteTable:
    """The declared routes as served under each API prefix: the Starlette routes the app
    mounts and, for the gate, what a request to them writes."""

    def __init__(self, declared: Iterable[ApiRoute], prefixes: Sequence[str]) -> None:
        routes = list(declared)
        self._served = [
            (Route(prefix + route.path, route.handler, methods=[route.method]), route)
            for prefix in prefixes
            for route in routes
        ]

    @property
    def routes(self) -> list[Route]:
        """The Starlette routes, in the order declared, prefix by prefix."""
        return [route for route, _ in self._served]

    def write_of(self, scope: Scope) -> WriteKind | None:
        """What the request of ``scope`` writes: its route's declaration, the first that
        matches as Starlette would pick it, else its method's."""
        for route, declared in self._served:
            match, _ = route.matches(scope)
            if match is Match.FULL:
                return declared.write
        return write_by_method(scope["method"])
