"""Nothing lost, duplicated or orphaned when the network, the API or the run itself fails.

Every test drives the real ``pulumi`` CLI against an emulator told to misbehave, then
compares the servers the emulator holds with the servers the state records. "Lost" is a
server in state the API no longer has, "orphaned" one the API has that state does not
know, "duplicated" two live servers of one name. Each test prints its figures.

The scenarios both fronts share run once per front: the dynamic provider in a Python
program, and the native plugin at ``--parallel 16``. The plugin runs every operation the
engine sends at once over one connection pool, so a run meets the faults 16 at a time
instead of 4.
"""

from __future__ import annotations

import collections
import contextlib
import re
import signal
import subprocess
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pytest

from tests.support.deployment import Deployment
from tests.support.fleet_programs import dynamic_fleet_program, native_fleet_program
from tests.support.interrupted_runs import (
    cancel_the_killed_run,
    pending_creates,
    recover_as_documented,
    repair_emptied_attributes,
)
from tests.support.processes import kill_process_tree, wait_while_running
from tests.support.pulumi_stack import CommandResult, PulumiStack
from tests.support.reconciliation import Reconciliation, reconcile

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


class FleetProgram(Protocol):
    """The program of ``count`` autonamed servers ``server-NN`` with these toolkits, then one
    server per fixed name, adopting the server ``adopt[N]`` for the name at index N."""

    def __call__(
        self,
        count: int,
        toolkits: Sequence[str] = ...,
        *,
        fixed_names: Iterable[str] = ...,
        adopt: Mapping[int, str] | None = ...,
    ) -> str: ...


@dataclass(frozen=True)
class Front:
    """How a program declares the servers, and the ``--parallel`` its runs use."""

    name: str
    fleet: FleetProgram
    parallel: tuple[str, ...]

    def __str__(self) -> str:
        return self.name


DYNAMIC = Front("dynamic", dynamic_fleet_program, parallel=())
NATIVE = Front("native", native_fleet_program, parallel=("--parallel", "16"))


def named_fleet(count: int, front: Front = DYNAMIC, adopt: Mapping[int, str] | None = None) -> str:
    """``count`` servers with fixed names ``fleet server NN``, the one of index N adopting the
    server ``adopt[N]``."""
    names = [f"fleet server {i:02d}" for i in range(count)]
    return front.fleet(0, fixed_names=names, adopt=adopt)


def converge(run: Callable[[], CommandResult]) -> tuple[CommandResult, int]:
    """Run a CLI command; a run that reports failures may be repeated once, as a user would."""
    result = run()
    if result.returncode == 0:
        return result, 1
    return run().check(), 2


def outcome(deployment: Deployment) -> Reconciliation:
    return reconcile(deployment.emulator, [deployment.stack])


def faults_seen(deployment: Deployment) -> dict[str, int]:
    log = deployment.emulator.admin.requests()
    seen = collections.Counter(entry["fault"] for entry in log)
    return {"requests": len(log), **{k: v for k, v in seen.items() if k != "none"}}


@pytest.mark.parametrize(
    ("front", "servers", "seed"),
    [pytest.param(DYNAMIC, 50, 50, id="dynamic-50"), pytest.param(NATIVE, 30, 16, id="native-30")],
)
def test_a_fleet_created_updated_and_destroyed_under_a_twenty_percent_fault_mix(
    deployment: Deployment, front: Front, servers: int, seed: int
) -> None:
    admin, stack = deployment.emulator.admin, deployment.stack
    admin.set_faults(**FAULT_MIX, seed=seed)

    stack.write_program(front.fleet(servers, ["github"]))
    _, create_runs = converge(lambda: stack.up(*front.parallel))
    created = outcome(deployment)
    print(f"\n{front} create: runs={create_runs} {created} faults={faults_seen(deployment)}")
    assert created == Reconciliation.converged(servers)

    ids_before = {resource["id"] for resource in stack.resources()}
    admin.clear_requests()
    stack.write_program(front.fleet(servers, ["github", "slack"]))
    _, update_runs = converge(lambda: stack.up(*front.parallel))
    updated = outcome(deployment)
    print(f"{front} update: runs={update_runs} {updated} faults={faults_seen(deployment)}")
    assert updated == created
    assert {resource["id"] for resource in stack.resources()} == ids_before
    assert all(s["toolkits"] == ["github", "slack"] for s in admin.servers())

    admin.clear_requests()
    _, destroy_runs = converge(lambda: stack.destroy(*front.parallel))
    destroyed = outcome(deployment)
    print(f"{front} destroy: runs={destroy_runs} {destroyed} faults={faults_seen(deployment)}")
    assert destroyed == Reconciliation.converged(0)


@pytest.mark.parametrize("named", [False, True], ids=["autonamed", "named"])
def test_every_create_committing_then_failing_still_makes_one_server_each(
    deployment: Deployment, named: bool
) -> None:
    admin = deployment.emulator.admin
    admin.set_faults(commit_then_fail_rate=1.0)

    deployment.stack.write_program(named_fleet(8) if named else dynamic_fleet_program(8))
    deployment.stack.up().check()

    log = admin.requests()
    creates = [e for e in log if e["method"] == "POST" and e["path"].endswith("/custom")]
    settled = outcome(deployment)
    print(
        f"\ncommit-then-500 ({'named' if named else 'autonamed'}): {settled} posts={len(creates)}"
    )
    assert settled == Reconciliation.converged(8)
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
) -> Reconciliation:
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
    wait_while_running("its creates arrive", lambda: admin.held() >= ORPHANS, run)
    admin.set_faults(hold="answers")
    wait_while_running("its creates take effect", lambda: len(admin.servers()) == total, run)
    kill_process_tree(run.pid)
    run.wait()
    admin.set_faults()
    repair_emptied_attributes(deployment.stack)
    return outcome(deployment)


@pytest.mark.parametrize("front", [DYNAMIC, NATIVE], ids=str)
def test_a_killed_up_is_recovered_by_refresh_and_up_without_orphans(
    deployment: Deployment, front: Front
) -> None:
    """With the native plugin, killed along with the engine, too: servers whose creates
    were in flight carry their resources' default names and declarations, so the next run
    takes them back instead of making second ones."""
    stack = deployment.stack

    after_kill = kill_mid_create(deployment, lambda n: front.fleet(n, ["github"]), 20)
    print(f"\n{front} after SIGKILL: {after_kill} pending={len(pending_creates(stack))}")
    assert after_kill.orphaned == ORPHANS

    recover_as_documented(stack)

    recovered = outcome(deployment)
    print(f"{front} recovered: {recovered}")
    assert recovered == Reconciliation.converged(20)
    assert pending_creates(stack) == []
    preview = stack.preview("--expect-no-changes").check()
    assert "21 unchanged" in preview.output  # the servers and the stack itself


ADOPT_INPUT = {DYNAMIC: "adopt_server_id", NATIVE: "adoptServerId"}
"""The input the error tells the user to set, as each front's programs spell it."""
REPLACE_OPTION = {DYNAMIC: "delete_before_replace", NATIVE: "deleteBeforeReplace"}
"""The resource option it suggests for a replacement, likewise."""


@pytest.mark.parametrize("front", [DYNAMIC, NATIVE], ids=str)
def test_a_killed_up_with_fixed_names_is_recovered_by_adopting_the_named_orphans(
    deployment: Deployment, front: Front
) -> None:
    """A fixed name cannot prove whose a server is, so the provider names it and asks, in
    the words of the program's own front."""
    stack = deployment.stack
    after_kill = kill_mid_create(deployment, lambda n: named_fleet(n, front), 20)
    print(f"\n{front} named, after SIGKILL: {after_kill}")
    assert after_kill.orphaned == ORPHANS
    cancel_the_killed_run(stack)

    blocked = stack.up("--continue-on-error", *front.parallel)
    assert blocked.returncode != 0
    found = re.findall(
        r"named '(fleet server \d\d)' already exists \(([0-9a-f-]{36})\)", blocked.output
    )
    orphans = {int(name[-2:]): server_id for name, server_id in found}
    assert len(orphans) == after_kill.orphaned
    assert f"set {ADOPT_INPUT[front]} to its id" in blocked.output
    assert f"set its {REPLACE_OPTION[front]} resource option" in blocked.output
    assert outcome(deployment).duplicated == 0

    # The documented recovery (docs/faults-and-recovery.md, "A killed pulumi up"): adopt what
    # the error named.
    stack.write_program(named_fleet(20, front, adopt=orphans))
    stack.refresh("--clear-pending-creates").check()
    stack.up(*front.parallel).check()
    recovered = outcome(deployment)
    print(f"{front} named recovery: orphans named={len(orphans)} {recovered}")
    assert recovered == Reconciliation.converged(20)

    ids = {resource["id"] for resource in stack.resources()}
    stack.write_program(named_fleet(20, front))
    stack.up(*front.parallel).check()
    assert {resource["id"] for resource in stack.resources()} == ids, "no replacement"
    assert outcome(deployment) == recovered


def test_a_rate_limited_run_completes_and_its_duration_reflects_the_waits(
    deployment: Deployment,
) -> None:
    """The run's first creates wait at the emulator until three are there, then meet a
    limiter with two tokens at once: at least one is refused for certain, whatever the pace
    the machine runs at. Reads are neither held nor limited."""
    admin = deployment.emulator.admin
    rate = 2.0
    limit: dict[str, Any] = {"requests_per_second": rate, "methods": ["POST"]}
    admin.set_faults(**limit, hold="requests")
    deployment.stack.write_program(dynamic_fleet_program(20))

    log = deployment.stack.root / "rate-limited-up.log"
    run = start_up(deployment.stack, log)
    wait_while_running("three creates arrive together", lambda: admin.held() >= 3, run)
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
    assert outcome(deployment).live == 20
    assert duration >= floor


def test_ctrl_c_during_up_lets_the_create_in_flight_finish_and_records_it(
    deployment: Deployment, tmp_path: Path
) -> None:
    """What docs/faults-and-recovery.md says of Ctrl-C: the engine stops starting operations,
    waits for the one in flight, records its server, and the run ends as cancelled; nothing
    is left to recover. The create is held at the emulator until the CLI has said it is
    cancelling, so the signal certainly arrives mid-create."""
    stack, admin = deployment.stack, deployment.emulator.admin
    stack.write_program(dynamic_fleet_program(1, ["github"]))
    log = tmp_path / "up.log"
    admin.set_faults(hold="requests", methods=["POST"])
    run = start_up(stack, log)
    wait_while_running("its create arrives", lambda: admin.held() == 1, run)

    run.send_signal(signal.SIGINT)  # what Ctrl-C in a terminal sends the CLI
    wait_while_running("the CLI cancels", lambda: "cancelling" in log.read_text(), run)
    admin.set_faults()
    run.wait(timeout=300)

    assert run.returncode != 0, log.read_text()
    assert outcome(deployment) == Reconciliation.converged(1)
    assert pending_creates(stack) == []
    stack.preview("--expect-no-changes").check()
    stack.destroy().check()
    assert deployment.live_server_ids() == set()
