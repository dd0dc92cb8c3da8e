"""A team's CI runners applying stacks of one project at once, on one shared state backend.

Every runner is a separate ``pulumi`` process with its own ``PULUMI_HOME`` and workspace, all
sharing a real PostgreSQL state backend and one emulator standing in for one Composio
project under one rate limit. Each scenario ends by comparing the emulator's live servers
with what the stacks' states record, and writes its figures to ``results/last-run.md``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.scale.conftest import Team
from tests.scale.report import ScenarioFigures, record
from tests.scale.team import (
    HOLD,
    Reconciliation,
    Runner,
    RunningCommand,
    fleet_program,
    must_succeed,
    reconcile,
    run_together,
)

pytestmark = pytest.mark.scale

RUNNERS = 4
SERVERS_PER_STACK = 25
REQUESTS_PER_SECOND = 20.0
"""The project's rate limit: four runners of four concurrent calls each ask for far more."""
TEN_PERCENT_FAULTS: dict[str, Any] = {
    "status_rates": {500: 0.015, 502: 0.01, 503: 0.01, 429: 0.015},
    "drop_rate": 0.01,
    "retry_after_seconds": 0.5,
    "commit_then_fail_rate": 0.08,
    "commit_then_fail_on": ["create", "update", "delete"],
    "latency_ms": 5,
    "latency_jitter_ms": 20,
}
"""About one admitted request in ten fails: 5xx, 429 with Retry-After and dropped connections
(6% of all), and commit-then-500 (8% of the writes, which are about half the requests)."""
NOTHING_LEFT = Reconciliation(0, 0, 0, 0, 0, 0)


def all_converged(total: int) -> Reconciliation:
    return Reconciliation(total, total, 0, 0, 0, 0)


def test_four_runners_apply_and_destroy_four_stacks_at_once_under_faults_and_a_rate_limit(
    team: Team,
):
    admin = team.emulator.admin
    runners = [team.runner(f"runner-{n}", f"ci-{n}") for n in range(1, RUNNERS + 1)]
    for n, runner in enumerate(runners, start=1):
        runner.init(fleet_program(f"ci{n}", SERVERS_PER_STACK), team.emulator.url)
    admin.set_faults(**TEN_PERCENT_FAULTS, requests_per_second=REQUESTS_PER_SECOND, seed=11)

    ups, wall = run_together([runner.start_up() for runner in runners])

    total = RUNNERS * SERVERS_PER_STACK
    created = reconcile(team.emulator, runners)
    log = admin.requests()
    converged = sum(result.returncode == 0 for result in ups)
    ambiguous = sum(
        entry["method"] == "POST" and (entry["fault"] == "drop" or entry["status"] >= 500)
        for entry in log
    )
    record(
        ScenarioFigures.from_log(
            "1 four stacks up",
            f"{RUNNERS} x {SERVERS_PER_STACK}",
            log,
            created,
            wall,
            f"{converged} of {RUNNERS} converged in one run, {REQUESTS_PER_SECOND:g}/s limit, "
            f"{ambiguous} creates of unknown outcome settled by name",
        )
    )
    must_succeed(ups)
    assert created == all_converged(total)
    assert all(len(runner.server_ids()) == SERVERS_PER_STACK for runner in runners)
    assert all(runner.pending_operations() == [] for runner in runners)
    assert any(entry["fault"] == "rate_limited" for entry in log), "the limit was never reached"
    assert any(entry["fault"] == "commit_then_fail" for entry in log)
    assert ambiguous > 0
    stacks_in_postgres = team.backend.keys(team.table, "postgres/.pulumi/stacks/scale/")
    assert len([key for key in stacks_in_postgres if key.endswith(".json")]) == RUNNERS

    admin.clear_requests()
    destroys, wall = run_together([runner.start_destroy() for runner in runners])

    destroyed = reconcile(team.emulator, runners)
    record(
        ScenarioFigures.from_log(
            "2 four stacks destroy",
            f"{RUNNERS} x {SERVERS_PER_STACK}",
            admin.requests(),
            destroyed,
            wall,
            f"{sum(result.returncode == 0 for result in destroys)} of {RUNNERS} in one run",
        )
    )
    must_succeed(destroys)
    assert destroyed == NOTHING_LEFT


def hold_in_its_program(runner: Runner) -> Path:
    """Make the runner's runs wait in their program (see ``HOLD``); the folder to watch."""
    hold = runner.stack.root / "hold"
    hold.mkdir()
    runner.stack.env[HOLD] = str(hold)
    return hold


def wait_until_holding(hold: Path, running: RunningCommand) -> None:
    deadline = time.monotonic() + 300
    while not (hold / "holding").exists():
        assert running.process.poll() is None, "pulumi up ended before its program ran"
        assert time.monotonic() < deadline, "pulumi up never ran its program"
        time.sleep(0.05)


def test_two_runners_of_one_stack_one_is_refused_by_the_lock_and_the_other_completes(
    team: Team,
):
    """The first run is held in its program, with the stack locked, until the second has
    been refused: the two overlap for certain, however slow the machine."""
    admin = team.emulator.admin
    program = fleet_program("lock", 10)
    first, second = team.runner("runner-a", "prod"), team.runner("runner-b", "prod")
    first.init(program, team.emulator.url)
    second.join(first, program)
    hold = hold_in_its_program(first)

    started = time.monotonic()
    running = first.start_up()
    wait_until_holding(hold, running)
    refused = second.start_up().wait()
    (hold / "release").touch()
    completed = running.wait()
    wall = time.monotonic() - started

    outcome = reconcile(team.emulator, [first])
    locked = "refused by the lock" if "currently locked" in refused.output else "not refused"
    record(
        ScenarioFigures.from_log(
            "3 one stack, two runners",
            "2 x 10",
            admin.requests(),
            outcome,
            wall,
            f"second {locked}, first exited {completed.returncode}",
        )
    )
    must_succeed([completed])
    assert refused.returncode != 0
    assert "the stack is currently locked by 1 lock(s)" in refused.output
    assert (
        "Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`"
        in refused.output
    )
    assert outcome == all_converged(10)

    admin.clear_requests()
    rerun = second.stack.up("--expect-no-changes").check()
    assert "11 unchanged" in rerun.output
    assert reconcile(team.emulator, [second]) == outcome
    assert [e for e in admin.requests() if e["method"] != "GET"] == [], "the rerun wrote nothing"


SHARED_NAME = "team shared tools"


def test_two_stacks_declaring_one_fixed_name_at_once_never_share_or_orphan_a_server(team: Team):
    """The API lets names repeat; the README says which of two outcomes a race gives."""
    admin = team.emulator.admin
    runners = [team.runner(f"runner-{n}", f"team-{n}") for n in ("a", "b")]
    for runner in runners:
        runner.init(fleet_program(runner.name, 4, fixed_names=[SHARED_NAME]), team.emulator.url)
    admin.set_faults(latency_ms=20)

    results, wall = run_together([runner.start_up() for runner in runners])

    outcome = reconcile(team.emulator, runners)
    log = admin.requests()
    named = [server["id"] for server in admin.servers() if server["name"] == SHARED_NAME]
    refused = [result for result in results if result.returncode != 0]
    note = (
        f"{len(refused)} stack refused, {len(named)} server of the name"
        if refused
        else f"both created it: {len(named)} servers of the name, one per stack"
    )
    record(ScenarioFigures.from_log("4 one name, two stacks", "2 x 5", log, outcome, wall, note))
    assert (outcome.lost, outcome.orphaned, outcome.shared) == (0, 0, 0)
    if not refused:
        # Both listed the project before either created the name: one server each.
        assert len(named) == 2
        assert outcome == Reconciliation(10, 10, 0, 0, 1, 0)
    else:
        # One listed after the other had created it: refused, naming that server.
        assert len(refused) == 1
        assert len(named) == 1
        assert f"a Composio MCP server named '{SHARED_NAME}' already exists ({named[0]})" in (
            refused[0].output
        )
        assert outcome.duplicated == 0
    assert all(runner.pending_operations() == [] for runner in runners)

    destroys, _ = run_together([runner.start_destroy() for runner in runners])
    must_succeed(destroys)
    assert reconcile(team.emulator, runners) == NOTHING_LEFT


def wait_for_servers(team: Team, prefix: str, count: int, running: RunningCommand) -> None:
    deadline = time.monotonic() + 300
    while sum(s["name"].startswith(prefix) for s in team.emulator.admin.servers()) < count:
        assert running.process.poll() is None, "pulumi up ended before it could be interrupted"
        assert time.monotonic() < deadline, "pulumi up never got half way"
        time.sleep(0.05)


def test_a_runner_killed_mid_up_recovers_as_documented_while_the_others_finish(team: Team):
    admin = team.emulator.admin
    servers = 20
    runners = [team.runner(f"runner-{n}", f"ci-{n}") for n in range(1, 4)]
    *others, victim = runners
    for runner in runners:
        runner.init(fleet_program(runner.name, servers), team.emulator.url)
    # Answers leave 150 ms after their write: creates in flight when the kill lands have
    # made servers the killed run never hears of.
    admin.set_faults(answer_delay_ms=150)

    started = time.monotonic()
    running = [runner.start_up() for runner in others]
    doomed = victim.start_up()
    wait_for_servers(team, victim.name, servers // 2, doomed)
    doomed.kill()
    time.sleep(0.5)  # requests already on the wire land, as they would in reality
    finished, _ = run_together(running)
    after_kill = reconcile(team.emulator, runners)

    # The documented recovery (README, "Faults, retries and interrupted runs").
    victim.stack.run("cancel", "--yes", "--stack", victim.stack.stack).check()
    victim.stack.refresh("--clear-pending-creates").check()
    victim.stack.up().check()
    wall = time.monotonic() - started

    recovered = reconcile(team.emulator, runners)
    log = admin.requests()
    note = (
        f"{after_kill.orphaned} orphaned after the kill, {recovered.orphaned} after cancel, "
        "refresh --clear-pending-creates, up"
    )
    record(ScenarioFigures.from_log("5 one runner killed", "3 x 20", log, recovered, wall, note))
    must_succeed(finished)
    assert after_kill.orphaned > 0, "the kill should have caught creates in flight"
    assert recovered == all_converged(len(runners) * servers)
    assert victim.pending_operations() == []
