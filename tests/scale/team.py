"""A team's CI runners: separate processes, one shared PostgreSQL state backend, one emulator.

Each :class:`Runner` is what one CI machine is: its own ``PULUMI_HOME`` and workspace folder
(a checkout of the program), the team's backend URL, and ``pulumi`` commands started as child
processes so that several run at once. A runner that joins a stack another runner created
copies its stack settings file, as a checkout of the repo would give it.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pulumi_composio.emulator.process import RunningEmulator
from tests.support.deployment import API_KEY
from tests.support.postgres_backend import PostgresStateBackend
from tests.support.processes import kill_process_tree, wait_while_running
from tests.support.pulumi_stack import CommandResult, PulumiStack
from tests.support.reconciliation import Reconciliation, reconcile

PROJECT = "scale"


@dataclass
class RunningCommand:
    """A ``pulumi`` command in flight; its output goes to ``log``."""

    args: list[str]
    process: subprocess.Popen[bytes]
    log: Path

    def wait(self, timeout: float = 600) -> CommandResult:
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        output = self.log.read_text(errors="replace")
        return CommandResult(self.args, self.process.returncode, output, "")

    def wait_until(self, what: str, done: Callable[[], bool]) -> None:
        """Until ``done()``, failing if the command ends first."""
        wait_while_running(what, done, self.process)

    def kill(self) -> None:
        """SIGKILL the CLI and everything under it, plugins included, as a dying machine."""
        kill_process_tree(self.process.pid)
        self.process.wait()


class Runner:
    """One CI runner applying one stack of the team's project."""

    def __init__(self, root: Path, *, name: str, stack: str, backend_url: str) -> None:
        self.name = name
        self.stack = PulumiStack(root / name, project=PROJECT, stack=stack, backend_url=backend_url)
        self._runs = 0

    def init(self, program: str, base_url: str) -> None:
        """Create the stack in the shared backend and point it at the emulator."""
        self.stack.write_program(program)
        self.stack.init(api_key=API_KEY, base_url=base_url)

    def join(self, other: Runner, program: str) -> None:
        """Check out the stack ``other`` created: same program, same stack settings file."""
        self.stack.write_program(program)
        settings = f"Pulumi.{self.stack.stack}.yaml"
        shutil.copy(other.stack.program_dir / settings, self.stack.program_dir / settings)

    def start(self, *args: str) -> RunningCommand:
        self._runs += 1
        log = self.stack.root / f"{args[0]}-{self._runs}.log"
        command = [str(self.stack.pulumi), "--non-interactive", "--color", "never", *args]
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*command, "--stack", self.stack.stack],
                cwd=self.stack.program_dir,
                env=self.stack.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        return RunningCommand(list(args), process, log)

    def start_up(self) -> RunningCommand:
        return self.start("up", "--yes")

    def start_destroy(self) -> RunningCommand:
        return self.start("destroy", "--yes")

    def server_ids(self) -> set[str]:
        return {resource["id"] for resource in self.stack.resources()}

    def pending_operations(self) -> list[dict[str, Any]]:
        return list(self.stack.export()["deployment"].get("pending_operations") or [])


def run_together(commands: list[RunningCommand]) -> tuple[list[CommandResult], float]:
    """Wait for commands started together; their results and the wall time of the slowest."""
    started = time.monotonic()
    results = [command.wait() for command in commands]
    return results, time.monotonic() - started


def must_succeed(results: Iterable[CommandResult]) -> None:
    """Every run converged in one go; otherwise show the failing runs' endings."""
    failed = [result for result in results if result.returncode != 0]
    assert not failed, "\n\n".join(
        f"pulumi {' '.join(r.args)} exited {r.returncode}:\n{r.output[-3000:]}" for r in failed
    )


@dataclass
class Team:
    """Runners of one project sharing a state table and an emulator."""

    root: Path
    backend: PostgresStateBackend
    table: str
    emulator: RunningEmulator

    @property
    def backend_url(self) -> str:
        return self.backend.url(self.table)

    def runner(self, name: str, stack: str) -> Runner:
        return Runner(self.root, name=name, stack=stack, backend_url=self.backend_url)

    def reconcile(self, runners: Iterable[Runner]) -> Reconciliation:
        """The emulator's live servers against what these runners' stacks record."""
        return reconcile(self.emulator, (runner.stack for runner in runners))
