"""The emulator's live servers against the servers the stacks' states record.

The fault and scale suites end every scenario with this comparison: it is what "nothing
lost, duplicated or orphaned" means, whatever failed on the way.
"""

from __future__ import annotations

import collections
from collections.abc import Iterable
from dataclasses import dataclass

from pulumi_composio.emulator.process import RunningEmulator
from tests.support.pulumi_stack import PulumiStack

__all__ = ["Reconciliation", "reconcile"]


@dataclass(frozen=True)
class Reconciliation:
    in_state: int
    live: int
    lost: int
    """In some state, not live."""
    orphaned: int
    """Live, in no state."""
    duplicated: int
    """Live servers beyond the first of each name."""
    shared: int
    """In more than one stack's state."""

    @classmethod
    def converged(cls, total: int) -> Reconciliation:
        """``total`` servers, each live and in exactly one state; 0 is nothing left."""
        return cls(total, total, 0, 0, 0, 0)


def reconcile(emulator: RunningEmulator, stacks: Iterable[PulumiStack]) -> Reconciliation:
    recorded: collections.Counter[str] = collections.Counter()
    for stack in stacks:
        recorded.update({resource["id"] for resource in stack.resources()})
    live = emulator.admin.servers()
    live_ids = {server["id"] for server in live}
    names = collections.Counter(server["name"] for server in live)
    return Reconciliation(
        in_state=len(recorded),
        live=len(live_ids),
        lost=len(set(recorded) - live_ids),
        orphaned=len(live_ids - set(recorded)),
        duplicated=sum(count - 1 for count in names.values()),
        shared=sum(1 for count in recorded.values() if count > 1),
    )
