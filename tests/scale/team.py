"""A team's CI runners: separate processes, one shared PostgreSQL state backend, one emulator.

Each :class:`Runner` is what one CI machine is: its own ``PULUMI_HOME`` and workspace folder
(a checkout of the program), the team's backend URL, and ``pulumi`` commands started as child
processes so that several run at once. A runner that joins a stack another runner created
copies its stack settings file, as a checkout of the repo would give it.
"""

from __future__ import annotations

import collections
import shutil
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pulumi_composio.emulator.process import RunningEmulator
from tests.e2e.conftest import API_KEY
from tests.support.processes import kill_process_tree
from tests.support.pulumi_stack import CommandResult, PulumiStack

PROJECT = "scale"


def fleet_program(
    prefix: str, count: int, *, fixed_names: Iterable[str] = (), gate: Path | None = None
) -> str:
    """``count`` autonamed servers ``{prefix}-NN``, and one server per fixed name.

    With ``gate``, the program first writes ``gate/started`` and then waits until
    ``gate/release`` exists: its run holds the stack's lock (taken before the program
    starts) for exactly as long as the test needs, with no clock or API timeout involved.
    """
    wait = (
        f"""
        import pathlib, time

        gate = pathlib.Path({str(gate)!r})
        (gate / "started").touch()
        while not (gate / "release").exists():
            time.sleep(0.05)
        """
        if gate
        else ""
    )
    return f"""{wait}
        import pulumi
        from pulumi_composio import CustomMcpServer

        servers = [
            CustomMcpServer(f"{prefix}-{{i:02d}}", toolkits=["github"]) for i in range({count})
        ]
        servers += [
            CustomMcpServer(f"fixed-{{i}}", name=name, toolkits=["github"])
            for i, name in enumerate({list(fixed_names)!r})
        ]
        pulumi.export("count", len(servers))
        """


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


@dataclass(frozen=True)
class Reconciliation:
    """The emulator's live servers against the servers the runners' states record."""

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


def reconcile(emulator: RunningEmulator, stacks: Iterable[Runner]) -> Reconciliation:
    recorded: collections.Counter[str] = collections.Counter()
    for runner in stacks:
        recorded.update(runner.server_ids())
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


def must_succeed(results: Iterable[CommandResult]) -> None:
    """Every run converged in one go; otherwise show the failing runs' endings."""
    failed = [result for result in results if result.returncode != 0]
    assert not failed, "\n\n".join(
        f"pulumi {' '.join(r.args)} exited {r.returncode}:\n{r.output[-3000:]}" for r in failed
    )
