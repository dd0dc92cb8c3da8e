"""The figures of each scale scenario: printed, and kept in ``tests/scale/results/last-run.md``.

Each scenario replaces its own row of the table (under a file lock, since pytest-xdist
workers write at the same time), so the file always holds the latest run of every scenario.
That file is not tracked, so ``make test`` leaves the work tree clean; ``make test-scale``
copies it to the committed reference, ``results/latest.md``. Wall times are reported, never
asserted.
"""

from __future__ import annotations

import collections
import datetime
import fcntl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.reconciliation import Reconciliation

RESULTS = Path(__file__).parent / "results" / "last-run.md"
HEADER = """# Scale suite: latest figures

Written by the scale suite (`make test-scale`, also part of `make test`): one row per scenario,
replaced by each run. Runners are separate `pulumi` processes sharing one PostgreSQL 18 state
backend and one emulator. *faults* counts injected 5xx, 429, drops and commit-then-500; *429s*
counts every 429 (the rate limiter's and the injected ones); *dup* counts live servers beyond the
first of each name; *wall* is the slowest runner.

| scenario | shape | requests | faults | 429s | lost | dup | orphaned | wall s | outcome | when |
|---|---|---|---|---|---|---|---|---|---|---|
"""


@dataclass(frozen=True)
class ScenarioFigures:
    scenario: str
    shape: str
    requests: int
    faults: int
    throttled: int
    outcome: Reconciliation
    wall_seconds: float
    note: str

    @classmethod
    def from_log(
        cls,
        scenario: str,
        shape: str,
        log: list[dict[str, Any]],
        outcome: Reconciliation,
        wall_seconds: float,
        note: str = "",
    ) -> ScenarioFigures:
        kinds = collections.Counter(entry["fault"] for entry in log)
        return cls(
            scenario=scenario,
            shape=shape,
            requests=len(log),
            faults=kinds["status"] + kinds["drop"] + kinds["commit_then_fail"],
            throttled=sum(entry["status"] == 429 for entry in log),
            outcome=outcome,
            wall_seconds=wall_seconds,
            note=note,
        )

    def line(self) -> str:
        o = self.outcome
        return (
            f"{self.scenario}: {self.shape}, {self.requests} requests, {self.faults} faults, "
            f"{self.throttled} 429s, lost={o.lost} duplicated={o.duplicated} "
            f"orphaned={o.orphaned}, {self.wall_seconds:.1f}s; {self.note}"
        )

    def row(self) -> str:
        o = self.outcome
        when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        cells = [
            self.scenario,
            self.shape,
            self.requests,
            self.faults,
            self.throttled,
            o.lost,
            o.duplicated,
            o.orphaned,
            f"{self.wall_seconds:.1f}",
            self.note,
            when,
        ]
        return "| " + " | ".join(str(cell) for cell in cells) + " |"


def record(figures: ScenarioFigures) -> None:
    """Print the scenario's line and replace its row in the results file."""
    print(f"\n{figures.line()}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a+") as results:
        fcntl.flock(results, fcntl.LOCK_EX)
        results.seek(0)
        rows = {
            line.split("|")[1].strip(): line
            for line in results.read().splitlines()
            if line.startswith("| ") and not line.startswith(("| scenario", "|---"))
        }
        rows[figures.scenario] = figures.row()
        results.seek(0)
        results.truncate()
        results.write(HEADER + "\n".join(rows[name] for name in sorted(rows)) + "\n")
