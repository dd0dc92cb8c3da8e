"""A team's CI runners applying stacks of one project at once, on one shared state backend.

Every runner is a separate ``pulumi`` process with its own ``PULUMI_HOME`` and workspace, all
sharing a real PostgreSQL state backend and one emulator standing in for one Composio
project under one rate limit. Each scenario ends by comparing the emulator's live servers
with what the stacks' states record, and writes its figures to ``results/last-run.md``.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.scale.report import ScenarioFigures, record
from tests.scale.team import Runner, Team, must_succeed, run_together
from tests.support.fleet_programs import dynamic_fleet_program
from tests.support.interrupted_runs import recover_as_documented
from tests.support.reconciliation import Reconciliation

pytestmark = pytest.mark.scale

RUNNERS = 4
SERVERS_PER_STACK = 25
REQUESTS_PER_SECOND = 10.0
"""The project's rate limit: four runners of four concurrent calls each ask for far more.
Below the sixteen creates they send at once, so their first creates, let go together,
exceed it for certain."""
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


def test_four_runners_apply_and_destroy_four_stacks_at_once_under_faults_and_a_rate_limit(
    team: Team,
):
    admin = team.emulator.admin
    runners = [team.runner(f"runner-{n}", f"ci-{n}") for n in range(1, RUNNERS + 1)]
    for n, runner in enumerate(runners, start=1):
        runner.init(dynamic_fleet_program(SERVERS_PER_STACK, prefix=f"ci{n}"), team.emulator.url)
    # The runners' first creates wait at the emulator until more have arrived than the
    # limiter has tokens, then meet the faults and the limit together.
    admin.set_faults(hold="requests", methods=["POST"])
    starting = [runner.start_up() for runner in runners]
    starting[0].wait_until("their first creates", lambda: admin.held() > REQUESTS_PER_SECOND)
    admin.set_faults(**TEN_PERCENT_FAULTS, requests_per_second=REQUESTS_PER_SECOND, seed=11)

    ups, wall = run_together(starting)

    total = RUNNERS * SERVERS_PER_STACK
    created = team.reconcile(runners)
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
    assert created == Reconciliation.converged(total)
    assert all(len(runner.server_ids()) == SERVERS_PER_STACK for runner in runners)
    assert all(runner.pending_operations() == [] for runner in runners)
    assert any(entry["fault"] == "rate_limited" for entry in log), "the limit was never reached"
    assert any(entry["fault"] == "commit_then_fail" for entry in log)
    assert ambiguous > 0
    stacks_in_postgres = team.backend.keys(team.table, "postgres/.pulumi/stacks/scale/")
    assert len([key for key in stacks_in_postgres if key.endswith(".json")]) == RUNNERS

    admin.clear_requests()
    destroys, wall = run_together([runner.start_destroy() for runner in runners])

    destroyed = team.reconcile(runners)
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
    assert destroyed == Reconciliation.converged(0)


def test_two_runners_of_one_stack_one_is_refused_by_the_lock_and_the_other_completes(
    team: Team,
):
    """The first runner's program waits at a gate the test opens only once the second
    runner has been refused, so the two overlap for certain, however busy the machine."""
    admin = team.emulator.admin
    gate = team.root / "gate"
    gate.mkdir()
    first, second = team.runner("runner-a", "prod"), team.runner("runner-b", "prod")
    first.init(dynamic_fleet_program(10, prefix="lock", gate=gate), team.emulator.url)
    second.join(first, dynamic_fleet_program(10, prefix="lock"))
    admin.set_faults(latency_ms=100)

    started = time.monotonic()
    running = first.start_up()
    running.wait_until("its program", (gate / "started").exists)
    refused = second.start_up().wait()
    (gate / "release").touch()
    completed = running.wait()
    wall = time.monotonic() - started

    outcome = team.reconcile([first])
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
    assert outcome == Reconciliation.converged(10)

    admin.clear_requests()
    rerun = second.stack.up("--expect-no-changes").check()
    assert "11 unchanged" in rerun.output
    assert team.reconcile([second]) == outcome
    assert [e for e in admin.requests() if e["method"] != "GET"] == [], "the rerun wrote nothing"


SHARED_NAME = "team shared tools"


def test_two_stacks_declaring_one_fixed_name_at_once_never_share_or_orphan_a_server(team: Team):
    """The API lets names repeat; docs/teams-and-ci.md says which of two outcomes a race
    gives."""
    admin = team.emulator.admin
    runners = [team.runner(f"runner-{n}", f"team-{n}") for n in ("a", "b")]
    for runner in runners:
        runner.init(
            dynamic_fleet_program(4, prefix=runner.name, fixed_names=[SHARED_NAME]),
            team.emulator.url,
        )
    admin.set_faults(latency_ms=20)

    results, wall = run_together([runner.start_up() for runner in runners])

    outcome = team.reconcile(runners)
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
    assert team.reconcile(runners) == Reconciliation.converged(0)


def servers_of(team: Team, runner: Runner) -> int:
    return sum(server["name"].startswith(runner.name) for server in team.emulator.admin.servers())


def test_a_runner_killed_mid_up_recovers_as_documented_while_the_others_finish(team: Team):
    """The victim's stack already has servers; its next ``up`` adds three, fewer than the four
    calls a dynamic provider makes at once, so their creates are sent together. The emulator
    holds them until all three have arrived, then lets them take effect while it holds every
    answer, reads included: the run can learn nothing more, has nothing else on the way,
    and the kill leaves exactly three orphans, however busy the machine. The other runners
    start meanwhile and wait with it until the kill, then go on."""
    admin = team.emulator.admin
    servers, added = 20, 3
    runners = [team.runner(f"runner-{n}", f"ci-{n}") for n in range(1, 4)]
    *others, victim = runners
    for runner in others:
        runner.init(dynamic_fleet_program(servers, prefix=runner.name), team.emulator.url)
    victim.init(dynamic_fleet_program(servers - added, prefix=victim.name), team.emulator.url)
    victim.stack.up().check()
    victim.stack.write_program(dynamic_fleet_program(servers, prefix=victim.name))
    admin.clear_requests()

    started = time.monotonic()
    admin.set_faults(hold="requests", methods=["POST"])
    doomed = victim.start_up()
    doomed.wait_until("its three creates", lambda: admin.held() >= added)
    running = [runner.start_up() for runner in others]
    admin.set_faults(hold="answers")
    doomed.wait_until("its three servers", lambda: servers_of(team, victim) == servers)
    doomed.kill()
    admin.set_faults()
    finished, _ = run_together(running)
    after_kill = team.reconcile(runners)

    recover_as_documented(victim.stack)
    wall = time.monotonic() - started

    recovered = team.reconcile(runners)
    log = admin.requests()
    note = (
        f"{after_kill.orphaned} orphaned after the kill, {recovered.orphaned} after cancel, "
        "refresh --clear-pending-creates, up"
    )
    record(ScenarioFigures.from_log("5 one runner killed", "3 x 20", log, recovered, wall, note))
    must_succeed(finished)
    assert after_kill.orphaned == added
    assert recovered == Reconciliation.converged(len(runners) * servers)
    assert victim.pending_operations() == []
