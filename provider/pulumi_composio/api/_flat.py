"""The client's flat methods (``client.get_server``) as forwarders to its endpoint groups
(``client.servers.get_server``).

The groups are what the client is made of; the flat methods are the surface the rest of the
package, its users and its tests have always called. A forwarder is written once per method
in :mod:`.client` and keeps the group method's signature for type checkers, and its name,
docstring and declared safety for readers and tests.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, Generic, ParamSpec, TypeVar

__all__ = ["Flat"]

ClientT = TypeVar("ClientT")
GroupT = TypeVar("GroupT")
P = ParamSpec("P")
R = TypeVar("R")


class Flat(Generic[ClientT, GroupT]):
    """Makes forwarders to the group that ``group`` picks out of a client."""

    def __init__(self, group: Callable[[ClientT], GroupT]) -> None:
        self._group = group

    def __call__(
        self, method: Callable[Concatenate[GroupT, P], R]
    ) -> Callable[Concatenate[ClientT, P], R]:
        group = self._group

        @functools.wraps(method)
        def forward(client: ClientT, /, *args: P.args, **kwargs: P.kwargs) -> R:
            return method(group(client), *args, **kwargs)

        return forward
