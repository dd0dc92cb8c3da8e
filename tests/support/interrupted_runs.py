"""What the docs say to do after a run was killed, and what a test checks afterwards.

The fault and scale suites kill ``pulumi up`` mid-create and then recover the stack exactly
as a user is told to (docs/faults-and-recovery.md, "A killed pulumi up"), so the steps are
written once, here.
"""

from __future__ import annotations

from tests.support.pulumi_stack import PulumiStack

__all__ = [
    "cancel_the_killed_run",
    "pending_creates",
    "recover_as_documented",
    "repair_emptied_attributes",
]


def cancel_the_killed_run(stack: PulumiStack) -> None:
    """Release the lock the killed run left on the stack."""
    stack.run("cancel", "--yes", "--stack", stack.stack).check()


def recover_as_documented(stack: PulumiStack) -> None:
    """Cancel, ``refresh --clear-pending-creates`` (which takes back servers that carry
    their resources' declarations), then ``up`` for whatever is still missing."""
    cancel_the_killed_run(stack)
    stack.refresh("--clear-pending-creates").check()
    stack.up().check()


def repair_emptied_attributes(stack: PulumiStack) -> None:
    """The documented step for a file backend whose run was killed while writing the state:
    an emptied ``.attrs`` file next to the checkpoint makes every command fail with
    ``failed to load checkpoint: EOF``; the checkpoint itself is whole."""
    for attributes in stack.backend.rglob("*.attrs"):
        if attributes.stat().st_size == 0:
            attributes.unlink()


def pending_creates(stack: PulumiStack) -> list[str]:
    """URNs of the creates the state records as started and never finished."""
    operations = stack.export()["deployment"].get("pending_operations") or []
    return [op["resource"]["urn"] for op in operations if op["type"] == "creating"]
