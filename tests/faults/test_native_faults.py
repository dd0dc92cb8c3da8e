"""The native plugin under the same fault mix as the dynamic front, at --parallel 16.

The plugin runs every operation the engine sends at once over one connection pool, so a
run meets the faults 16 at a time instead of 4: creates whose answers are lost, 429s with
Retry-After, dropped connections. Nothing may be lost, duplicated or orphaned.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Deployment
from tests.faults.test_faults import (
    FAULT_MIX,
    converge,
    faults_seen,
    kill_half_way,
    pending_creates,
    reconcile,
)
from tests.support.native_program import native_program

pytestmark = pytest.mark.faults


def fleet(count: int, toolkits: list[str]) -> str:
    return native_program(
        f"""
        for i in range({count}):
            composio("CustomMcpServer", f"server-{{i:02d}}", toolkits={toolkits!r})
        """
    )


def test_thirty_native_servers_created_updated_and_destroyed_under_a_twenty_percent_fault_mix(
    deployment: Deployment,
):
    admin, stack = deployment.emulator.admin, deployment.stack
    admin.set_faults(**FAULT_MIX, seed=16)

    stack.write_program(fleet(30, ["github"]))
    _, create_runs = converge(lambda: stack.up("--parallel", "16"))
    created = reconcile(deployment)
    print(f"\nnative create: runs={create_runs} {created} faults={faults_seen(deployment)}")
    assert created == {"in_state": 30, "live": 30, "lost": 0, "orphaned": 0, "duplicated": 0}

    ids_before = {resource["id"] for resource in stack.resources()}
    admin.clear_requests()
    stack.write_program(fleet(30, ["github", "slack"]))
    _, update_runs = converge(lambda: stack.up("--parallel", "16"))
    updated = reconcile(deployment)
    print(f"native update: runs={update_runs} {updated} faults={faults_seen(deployment)}")
    assert updated == created
    assert {resource["id"] for resource in stack.resources()} == ids_before
    assert all(s["toolkits"] == ["github", "slack"] for s in admin.servers())

    admin.clear_requests()
    _, destroy_runs = converge(lambda: stack.destroy("--parallel", "16"))
    destroyed = reconcile(deployment)
    print(f"native destroy: runs={destroy_runs} {destroyed} faults={faults_seen(deployment)}")
    assert destroyed == {"in_state": 0, "live": 0, "lost": 0, "orphaned": 0, "duplicated": 0}


def test_a_killed_native_up_is_recovered_by_refresh_and_up_without_orphans(
    deployment: Deployment,
):
    """The README's recovery, with the plugin killed along with the engine: servers whose
    creates were in flight carry their resources' default names and declarations, so the
    next run takes them back instead of making second ones."""
    stack = deployment.stack
    stack.write_program(fleet(20, ["github"]))

    after_kill = kill_half_way(deployment, 20)
    print(f"\nnative after SIGKILL: {after_kill} pending={len(pending_creates(stack))}")
    assert after_kill["orphaned"] > 0, "the kill should have caught creates in flight"

    stack.run("cancel", "--yes", "--stack", stack.stack).check()
    stack.refresh("--clear-pending-creates").check()
    stack.up().check()

    recovered = reconcile(deployment)
    print(f"native recovered: {recovered}")
    assert recovered == {"in_state": 20, "live": 20, "lost": 0, "orphaned": 0, "duplicated": 0}
    assert pending_creates(stack) == []
    stack.preview("--expect-no-changes").check()
