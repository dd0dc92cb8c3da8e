"""A stack wired to an emulator: what every end-to-end test deploys into.

The stack holds the emulator's URL and the API key (as a secret) in its config; a client on
the same emulator looks behind Pulumi's back. Leaving the context destroys what the test left
in the stack, so each test ends with nothing live whatever it asserted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from pulumi_composio import ComposioClient
from pulumi_composio.emulator import BUILT_IN
from pulumi_composio.emulator.process import RunningEmulator
from tests.support.pulumi_stack import PulumiStack

API_KEY = "sk-e2e-0123456789-SECRET"


@dataclass
class Deployment:
    """A stack wired to an emulator, and a client to look behind Pulumi's back."""

    stack: PulumiStack
    emulator: RunningEmulator
    api: ComposioClient

    def live_server_ids(self) -> set[str]:
        return {
            server["id"]
            for server in self.emulator.admin.servers(include_deleted=True)
            if not server["deleted"]
        }

    def made_auth_configs(self, *, include_deleted: bool = False) -> list[dict[str, Any]]:
        """The auth configs a stack made (not the emulator's seeded catalogue), live unless
        asked."""
        return [
            config
            for config in self.emulator.admin.auth_configs(include_deleted=include_deleted)
            if config["id"] not in BUILT_IN.auth_configs
            and (include_deleted or not config["deleted"])
        ]


@contextmanager
def deployed(
    stack: PulumiStack,
    emulator: RunningEmulator,
    *,
    leftovers: Callable[[PulumiStack], Sequence[object]] = PulumiStack.resources,
) -> Iterator[Deployment]:
    """``stack``, made and pointed at ``emulator``, as a :class:`Deployment`; destroyed at the
    end when ``leftovers`` finds anything in its state (by default: a server), which is not
    asked when the file backend's checkpoint holds no resource at all."""
    stack.init(api_key=API_KEY, base_url=emulator.url)
    with ComposioClient(API_KEY, base_url=emulator.url) as api:
        try:
            yield Deployment(stack, emulator, api)
        finally:
            recorded = stack.checkpoint_resources()
            if (recorded is None or recorded) and leftovers(stack):
                stack.destroy().check()
