"""The native plugin's ``Cancel``, sent by the engine on the first Ctrl-C of a run.

An ``up`` of many servers at ``--parallel 4`` is interrupted while four creates have taken
effect at Composio and their answers are held: the emulator holds them until the plugin has
said, through the engine, that it got ``Cancel`` with those four in flight, so the signal
certainly arrives mid-create. The four finish and are recorded, nothing else starts, and
the next ``up`` makes the rest: no orphan, no duplicate, nothing pending.
"""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

from tests.support.deployment import Deployment
from tests.support.fleet_programs import native_fleet_program
from tests.support.interrupted_runs import pending_creates
from tests.support.native_program import require_native_plugin
from tests.support.processes import wait_while_running
from tests.support.reconciliation import Reconciliation, reconcile

pytestmark = pytest.mark.faults

SERVERS = 8
IN_FLIGHT = 4
"""The run's ``--parallel``: the creates the engine has sent when the user presses Ctrl-C."""


def test_cancel_mid_up_finishes_the_creates_in_flight_and_starts_no_other(
    deployment: Deployment, tmp_path: Path
) -> None:
    stack, admin = deployment.stack, deployment.emulator.admin
    require_native_plugin(stack)
    stack.write_program(native_fleet_program(SERVERS))
    log = tmp_path / "up.log"
    admin.set_faults(hold="answers", methods=["POST"])
    with log.open("wb") as out:
        run = subprocess.Popen(
            [str(stack.pulumi), "--non-interactive", "up", "--yes", "--parallel", str(IN_FLIGHT)],
            cwd=stack.program_dir,
            env=stack.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    wait_while_running("its creates take effect", lambda: admin.held() == IN_FLIGHT, run)

    run.send_signal(signal.SIGINT)  # what Ctrl-C in a terminal sends the CLI
    wait_while_running(
        "the plugin acknowledges Cancel",
        lambda: f"the {IN_FLIGHT} change(s) already sent to Composio finish" in log.read_text(),
        run,
    )
    admin.set_faults()
    run.wait(timeout=300)

    assert run.returncode != 0, log.read_text()
    assert reconcile(deployment.emulator, [stack]) == Reconciliation.converged(IN_FLIGHT)
    assert pending_creates(stack) == []
    stack.up().check()
    assert reconcile(deployment.emulator, [stack]) == Reconciliation.converged(SERVERS)
    stack.preview("--expect-no-changes").check()
