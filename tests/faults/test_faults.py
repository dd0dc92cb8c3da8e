"""Nothing lost, duplicated or orphaned when the network, the API or the run itself fails.

Every test drives the real ``pulumi`` CLI against an emulator told to misbehave, then
compares the servers the emulator holds with the servers the state records. "Lost" is a
server in state the API no longer has, "orphaned" one the API has that state does not
know, "duplicated" two live servers of one name. Each test prints its figures.
"""

from __future__ import annotations

import collections
import contextlib
import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Deployment
from tests.support.processes import kill_process_tree
from tests.support.pulumi_stack import CommandResult, PulumiStack

pytestmark = pytest.mark.faults

FAULT_MIX: dict[str, Any] = {
    "status_rates": {500: 0.04, 502: 0.04, 503: 0.04, 429: 0.04},
    "drop_rate": 0.04,
    "retry_after_seconds": 0.5,
    "latency_ms": 5,
    "latency_jitter_ms": 30,
    "commit_then_fail_rate": 0.1,
    "commit_then_fail_on": ["create", "update", "delete"],
}
"""20% of requests fail: four server or gateway statuses, and dropped connections; and one
write in ten of those left takes effect but answers 500, so its outcome is unknown."""


def fleet_program(count: int, toolkits: list[str], *, named: bool = False) -> str:
    """``count`` servers; autonamed unless ``named``, in which case names are fixed."""
    name = ', name=f"fleet server {i:02d}"' if named else ""
    return f"""
        import pulumi
        from pulumi_composio import CustomMcpServer

        servers = [
            CustomMcpServer(f"server-{{i:02d}}", toolkits={toolkits!r}{name})
            for i in range({count})
        ]
        pulumi.export("count", len(servers))
        """


def converge(run: Any) -> tuple[CommandResult, int]:
    """Run a CLI command; a run that reports failures may be repeated once, as a user would."""
    result = run()
    if result.returncode == 0:
        return result, 1
    return run().check(), 2


def reconcile(deployment: Deployment) -> dict[str, int]:
    """Lost, orphaned and duplicated servers between state and the emulator."""
    in_state = {resource["id"] for resource in deployment.stack.resources()}
    live = deployment.emulator.admin.servers()
    live_ids = {server["id"] for server in live}
    names = collections.Counter(server["name"] for server in live)
    return {
        "in_state": len(in_state),
        "live": len(live_ids),
        "lost": len(in_state - live_ids),
        "orphaned": len(live_ids - in_state),
        "duplicated": sum(count - 1 for count in names.values() if count > 1),
    }


def faults_seen(deployment: Deployment) -> dict[str, int]:
    log = deployment.emulator.admin.requests()
    seen = collections.Counter(entry["fault"] for entry in log)
    return {"requests": len(log), **{k: v for k, v in seen.items() if k != "none"}}


def test_fifty_servers_created_updated_and_destroyed_under_a_twenty_percent_fault_mix(
    deployment: Deployment,
):
    admin = deployment.emulator.admin
    stack = deployment.stack
    admin.set_faults(**FAULT_MIX, seed=50)

    stack.write_program(fleet_program(50, ["github"]))
    _, create_runs = converge(stack.up)
    created = reconcile(deployment)
    print(f"\ncreate: runs={create_runs} {created} faults={faults_seen(deployment)}")
    assert created == {"in_state": 50, "live": 50, "lost": 0, "orphaned": 0, "duplicated": 0}

    ids_before = {resource["id"] for resource in stack.resources()}
    admin.clear_requests()
    stack.write_program(fleet_program(50, ["github", "slack"]))
    _, update_runs = converge(stack.up)
    updated = reconcile(deployment)
    print(f"update: runs={update_runs} {updated} faults={faults_seen(deployment)}")
    assert updated == created
    assert {resource["id"] for resource in stack.resources()} == ids_before
    assert all(s["toolkits"] == ["github", "slack"] for s in admin.servers())

    admin.clear_requests()
    _, destroy_runs = converge(stack.destroy)
    destroyed = reconcile(deployment)
    print(f"destroy: runs={destroy_runs} {destroyed} faults={faults_seen(deployment)}")
    assert destroyed == {"in_state": 0, "live": 0, "lost": 0, "orphaned": 0, "duplicated": 0}


@pytest.mark.parametrize("named", [False, True], ids=["autonamed", "named"])
def test_every_create_committing_then_failing_still_makes_one_server_each(
    deployment: Deployment, named: bool
):
    admin = deployment.emulator.admin
    admin.set_faults(commit_then_fail_rate=1.0)

    deployment.stack.write_program(fleet_program(8, ["github"], named=named))
    deployment.stack.up().check()

    log = admin.requests()
    creates = [e for e in log if e["method"] == "POST" and e["path"].endswith("/custom")]
    outcome = reconcile(deployment)
    print(
        f"\ncommit-then-500 ({'named' if named else 'autonamed'}): {outcome} posts={len(creates)}"
    )
    assert outcome == {"in_state": 8, "live": 8, "lost": 0, "orphaned": 0, "duplicated": 0}
    assert len(creates) == 8, "a create whose server was found is never sent again"
    assert all(entry["status"] == 500 for entry in creates)


def start_up(stack: PulumiStack, log: Path | None = None) -> subprocess.Popen[bytes]:
    """``pulumi up`` in the background, its output in ``log`` (or nowhere)."""
    with log.open("wb") if log else contextlib.nullcontext() as out:
        return subprocess.Popen(
            [str(stack.pulumi), "--non-interactive", "up", "--yes"],
            cwd=stack.program_dir,
            env=stack.env,
            stdout=out or subprocess.DEVNULL,
            stderr=subprocess.STDOUT if out else subprocess.DEVNULL,
        )


ORPHANS = 3
"""Creates in flight when a run is killed: fewer than the calls either front makes at once
(four for a dynamic provider, every one for the native plugin), so all are sent together."""


def kill_mid_create(
    deployment: Deployment, program: Callable[[int], str], total: int
) -> dict[str, int]:
    """SIGKILL ``pulumi up`` and every process under it while creates it sent have taken
    effect but not answered, so the killed run never learns their ids.

    The stack first gets all but :data:`ORPHANS` of the servers (``program(n)`` declares
    n); the ``up`` that adds the rest sends their creates together. The emulator holds them
    until all have arrived, then lets them take effect while it holds every answer, reads
    included: from then on the run can learn nothing, and once the servers exist it has
    nothing else on the way. The kill leaves exactly that many orphans, however busy the
    machine.
    """
    admin = deployment.emulator.admin
    deployment.stack.write_program(program(total - ORPHANS))
    deployment.stack.up().check()
    deployment.stack.write_program(program(total))
    admin.set_faults(hold="requests", methods=["POST"])
    run = start_up(deployment.stack)
    wait_until("its creates arrive", lambda: admin.held() >= ORPHANS, run)
    admin.set_faults(hold="answers")
    wait_until("its creates take effect", lambda: len(admin.servers()) == total, run)
    kill_process_tree(run.pid)
    run.wait()
    admin.set_faults()
    repair_emptied_attributes(deployment.stack)
    return reconcile(deployment)


def wait_until(what: str, done: Any, run: subprocess.Popen[bytes]) -> None:
    """Until ``done()``, failing if the run ends first; the deadline only ends a hung test."""
    deadline = time.monotonic() + 300
    while not done():
        assert run.poll() is None, f"pulumi up ended before {what}"
        assert time.monotonic() < deadline, f"pulumi up never got to: {what}"
        time.sleep(0.05)


def repair_emptied_attributes(stack: PulumiStack) -> None:
    """The README's step for a file backend whose run was killed while writing the state:
    an emptied ``.attrs`` file next to the checkpoint makes every command fail with
    ``failed to load checkpoint: EOF``; the checkpoint itself is whole."""
    for attributes in stack.backend.rglob("*.attrs"):
        if attributes.stat().st_size == 0:
            attributes.unlink()


def pending_creates(stack: PulumiStack) -> list[str]:
    operations = stack.export()["deployment"].get("pending_operations") or []
    return [op["resource"]["urn"] for op in operations if op["type"] == "creating"]


def test_a_killed_up_is_recovered_by_refresh_and_up_without_orphans(deployment: Deployment):
    stack = deployment.stack

    after_kill = kill_mid_create(deployment, lambda n: fleet_program(n, ["github"]), 20)
    print(f"\nafter SIGKILL: {after_kill} pending={len(pending_creates(stack))}")
    assert after_kill["orphaned"] == ORPHANS

    # The documented recovery (README, "Interrupted runs").
    stack.run("cancel", "--yes", "--stack", stack.stack).check()
    stack.refresh("--clear-pending-creates").check()
    stack.up().check()

    recovered = reconcile(deployment)
    print(f"recovered: {recovered}")
    assert recovered == {"in_state": 20, "live": 20, "lost": 0, "orphaned": 0, "duplicated": 0}
    assert pending_creates(stack) == []
    preview = stack.preview("--expect-no-changes").check()
    assert "21 unchanged" in preview.output  # the servers and the stack itself


def test_a_killed_up_with_fixed_names_is_recovered_by_adopting_the_named_orphans(
    deployment: Deployment,
):
    """A fixed name cannot prove whose a server is, so the provider names it and asks."""
    stack = deployment.stack
    after_kill = kill_mid_create(deployment, lambda n: fleet_program(n, ["github"], named=True), 20)
    assert after_kill["orphaned"] == ORPHANS
    stack.run("cancel", "--yes", "--stack", stack.stack).check()

    blocked = stack.up("--continue-on-error")
    assert blocked.returncode != 0
    found = re.findall(
        r"named '(fleet server \d\d)' already exists \(([0-9a-f-]{36})\)", blocked.output
    )
    orphans = {int(name[-2:]): server_id for name, server_id in found}
    assert len(orphans) == after_kill["orphaned"]
    assert "set adopt_server_id to its id" in blocked.output
    assert reconcile(deployment)["duplicated"] == 0

    # The documented recovery (README, "Interrupted runs"): adopt what the error named.
    stack.write_program(
        fleet_program(20, ["github"], named=True).replace(
            "toolkits=", f"adopt_server_id={orphans!r}.get(i), toolkits="
        )
    )
    stack.refresh("--clear-pending-creates").check()
    stack.up().check()
    recovered = reconcile(deployment)
    print(f"\nnamed recovery: orphans named={len(orphans)} {recovered}")
    assert recovered == {"in_state": 20, "live": 20, "lost": 0, "orphaned": 0, "duplicated": 0}

    ids = {resource["id"] for resource in stack.resources()}
    stack.write_program(fleet_program(20, ["github"], named=True))
    stack.up().check()
    assert {resource["id"] for resource in stack.resources()} == ids, "no replacement"
    assert reconcile(deployment) == recovered


def test_a_rate_limited_run_completes_and_its_duration_reflects_the_waits(deployment: Deployment):
    """The run's first creates wait at the emulator until three are there, then meet a
    limiter with two tokens at once: at least one is refused for certain, whatever the pace
    the machine runs at. Reads are neither held nor limited."""
    admin = deployment.emulator.admin
    rate = 2.0
    limit: dict[str, Any] = {"requests_per_second": rate, "methods": ["POST"]}
    admin.set_faults(**limit, hold="requests")
    deployment.stack.write_program(fleet_program(20, ["github"]))

    log = deployment.stack.root / "rate-limited-up.log"
    run = start_up(deployment.stack, log)
    wait_until("three creates arrive together", lambda: admin.held() >= 3, run)
    released = time.monotonic()
    admin.set_faults(**limit)
    assert run.wait(timeout=600) == 0, log.read_text()[-3000:]

    posts = [e for e in admin.requests() if e["method"] == "POST"]
    answered = [e for e in posts if e["status"] != 429]
    limited = len(posts) - len(answered)
    duration = time.monotonic() - released
    floor = (len(answered) - rate) / rate
    print(
        f"\nrate limit {rate}/s: {len(answered)} creates answered, {limited} answered 429, "
        f"{duration:.1f}s after release, limiter floor {floor:.1f}s"
    )
    assert limited > 0
    assert len(answered) == 20
    assert reconcile(deployment)["live"] == 20
    assert duration >= floor
