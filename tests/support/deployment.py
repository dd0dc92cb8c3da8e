"""A stack wired to an emulator: what every end-to-end test deploys into.

The stack holds the emulator's URL and the API key (as a secret) in its config; a client on
the same emulator looks behind Pulumi's back. Nothing is destroyed for a test that left objects
behind: its stack is in its own temporary folder, and the next test starts from an emptied
emulator (``tests/support/cli_fixtures.py``); a test that claims a destroy leaves nothing runs
``pulumi destroy`` itself and says so.
"""

from __future__ import annotations

from collections.abc import Iterator
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
def deployed(stack: PulumiStack, emulator: RunningEmulator) -> Iterator[Deployment]:
    """``stack``, made and pointed at ``emulator``, as a :class:`Deployment`."""
    stack.init(api_key=API_KEY, base_url=emulator.url)
    with ComposioClient(API_KEY, base_url=emulator.url) as api:
        yield Deployment(stack, emulator, api)
