"""``make bench``: what ``pulumi up`` and friends cost as N grows, against their floors.

For each N, one stack of N ``CustomMcpServer``s (the provider) and one of N no-op dynamic
resources (the engine floor) go through the same life: create, a no-change preview, an
update of every resource, refresh, destroy. Each operation runs the provider first, then
the engine floor, then the API floor (the provider's own HTTP calls for that operation,
replayed by a plain httpx script), so that a machine that slows down or speeds up during
the run affects the three alike and cancels out of the ratios.

The emulator adds a fixed latency to every API request, standing in for the network.
Results go to ``bench/results/latest.{json,md}``; see :mod:`report` for the targets.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from api_floor import ApiFloor, calls_from_log, count_calls  # noqa: E402
from measure import Measurement, run_measured  # noqa: E402
from programs import INITIAL, UPDATED, Spec, engine_floor_program, provider_program  # noqa: E402
from report import Sample, fold, table, targets, targets_text, write_results  # noqa: E402

from pulumi_composio.emulator.process import RunningEmulator, start_emulator  # noqa: E402
from tests.support.pulumi_stack import PulumiStack  # noqa: E402

API_KEY = "sk-bench-0123456789-SECRET"
ADMIN_TOKEN = secrets.token_hex(16)
BUSY_LOAD = 0.5
"""Load average per core above which the machine was busy at start: noted in the md."""


@dataclass(frozen=True)
class Operation:
    """One step of a stack's life: the program it runs against and the CLI arguments."""

    name: str
    spec: Spec
    args: Callable[[PulumiStack], list[str]]


OPERATIONS = (
    Operation("up", INITIAL, lambda s: ["up", "--yes", "--skip-preview", "--stack", s.stack]),
    Operation("preview", INITIAL, lambda s: ["preview", "--expect-no-changes", "--stack", s.stack]),
    Operation("update", UPDATED, lambda s: ["up", "--yes", "--skip-preview", "--stack", s.stack]),
    Operation(
        "refresh", UPDATED, lambda s: ["refresh", "--yes", "--skip-preview", "--stack", s.stack]
    ),
    Operation(
        "destroy", UPDATED, lambda s: ["destroy", "--yes", "--skip-preview", "--stack", s.stack]
    ),
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,10,50,100", help="comma-separated N values")
    parser.add_argument("--latency-ms", type=float, default=50.0, help="added per API request")
    parser.add_argument("--repeats", type=int, default=1, help="lifecycles per N (median)")
    parser.add_argument("--out", type=Path, default=BENCH / "results")
    parser.add_argument(
        "--from-json",
        type=Path,
        help="re-render the table and reports from a saved latest.json instead of measuring",
    )
    args = parser.parse_args(argv)
    args.sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    return args


def run_pulumi(stack: PulumiStack, args: list[str]) -> Measurement:
    """One measured CLI run in the stack's folder, environment and backend."""
    command = [str(stack.pulumi), "--non-interactive", "--color", "never", *args]
    return run_measured(command, cwd=stack.program_dir, env=stack.env).check(
        f"{stack.project}: pulumi {' '.join(args)}"
    )


def new_stacks(root: Path, emulator: RunningEmulator) -> tuple[PulumiStack, PulumiStack]:
    """A provider stack wired to the emulator and an engine-floor stack that imports noop."""
    provider = PulumiStack(root / "provider", project="bench-provider", stack="bench")
    provider.write_program(provider_program(0, INITIAL))
    provider.init(api_key=API_KEY, base_url=emulator.url)
    floor = PulumiStack(root / "floor", project="bench-floor", stack="bench")
    floor.env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(BENCH), floor.env.get("PYTHONPATH")])
    )
    floor.write_program(engine_floor_program(0, INITIAL))
    floor.run("stack", "init", floor.stack).check()
    return provider, floor


def kinds(log: list[dict[str, Any]]) -> dict[str, int]:
    """Calls by what they do (list, create, get, update, delete), for the JSON."""
    return dict(Counter(call.kind for call in calls_from_log(log)))


def measure_operation(
    size: int,
    repeat: int,
    operation: Operation,
    stacks: tuple[PulumiStack, PulumiStack],
    emulator: RunningEmulator,
    api_floor: ApiFloor,
) -> Sample:
    """Provider, then engine floor, then API floor, for one operation at one size."""
    provider, floor = stacks
    provider.write_program(provider_program(size, operation.spec))
    floor.write_program(engine_floor_program(size, operation.spec))
    emulator.admin.clear_requests()
    provider_run = run_pulumi(provider, operation.args(provider))
    log = emulator.admin.requests()
    engine_run = run_pulumi(floor, operation.args(floor))
    calls = calls_from_log(log)
    api_s = api_floor.replay(calls, operation.spec) if calls else 0.0
    return Sample(
        size=size,
        operation=operation.name,
        repeat=repeat,
        provider_s=provider_run.wall_s,
        engine_s=engine_run.wall_s,
        api_s=api_s,
        calls=count_calls(calls),
        calls_by_kind=kinds(log),
        provider_plugin_mb=provider_run.plugin_peak_mb,
        provider_tree_mb=provider_run.tree_peak_mb,
        engine_plugin_mb=engine_run.plugin_peak_mb,
        engine_tree_mb=engine_run.tree_peak_mb,
    )


def lifecycle(
    size: int, repeat: int, emulator: RunningEmulator, latency_ms: float, scratch: Path
) -> list[Sample]:
    """One full life of both stacks at one size, on a fresh emulator store."""
    emulator.admin.reset()
    emulator.admin.set_faults(latency_ms=latency_ms)
    root = Path(tempfile.mkdtemp(prefix=f"n{size}-r{repeat}-", dir=scratch))
    try:
        stacks = new_stacks(root, emulator)
        api_floor = ApiFloor(emulator.url, API_KEY)
        samples = []
        for operation in OPERATIONS:
            sample = measure_operation(size, repeat, operation, stacks, emulator, api_floor)
            print(_progress(sample), flush=True)
            samples.append(sample)
        return samples
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _progress(sample: Sample) -> str:
    return (
        f"  N={sample.size:<4} {sample.operation:<8} provider {sample.provider_s:6.2f} s  "
        f"engine {sample.engine_s:6.2f} s  API {sample.api_s:5.2f} s  "
        f"calls {sample.calls['total']:<4} plugin {sample.provider_plugin_mb:4.0f} MB"
    )


def warm_up(emulator: RunningEmulator, scratch: Path) -> None:
    """One unmeasured create and destroy of each variant, so that the first measured run
    does not alone pay for cold disk caches and Python's first bytecode compilation."""
    emulator.admin.reset()
    root = Path(tempfile.mkdtemp(prefix="warm-up-", dir=scratch))
    try:
        for stack, program in zip(
            new_stacks(root, emulator), (provider_program, engine_floor_program), strict=True
        ):
            stack.write_program(program(1, INITIAL))
            stack.up().check()
            stack.destroy().check()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _first_line(command: list[str]) -> str:
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    return (completed.stdout or completed.stderr).strip().splitlines()[0]


def machine(args: argparse.Namespace, load_at_start: tuple[float, float, float]) -> dict[str, Any]:
    """What the md says about where and how the figures were taken."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    mem_kib = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    cores = os.cpu_count() or 1
    busy = load_at_start[0] / cores > BUSY_LOAD
    return {
        "cpu": cpu,
        "cores": cores,
        "ram_gib": round(mem_kib / 1024 / 1024, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pulumi": _first_line([str(REPO / ".tools" / "bin" / "pulumi"), "version"]),
        "date_utc": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
        "latency_ms": args.latency_ms,
        "sizes": args.sizes,
        "repeats": args.repeats,
        "load_average_at_start": " ".join(f"{x:.2f}" for x in load_at_start)
        + (" (above 0.5 per core: not idle at start, figures are noisier)" if busy else ""),
    }


NOTES = """\
- Times are wall seconds of the whole CLI command (start-up included), median over repeats.
- `up` and `destroy` use `--skip-preview`; `preview` uses `--expect-no-changes`; all use the
  default `--parallel`, a local file backend and `PULUMI_CONFIG_PASSPHRASE`.
- The API floor replays the provider's logged calls per server (lookup, create, read,
  update, delete in that order) on 4 threads sharing one `httpx.Client`; it is 0 when the
  provider made no call.
- prov/max(floors) is the ratio the create target is about.
- Peak RSS is sampled every 50 ms; a process's growth in its last 50 ms before exit can be
  missed (the plugin's VmHWM is otherwise exact).
- With `--repeats 1` a single slow command (another process taking the CPU) moves the
  linear-growth figures a lot, the smallest N's most; use `--repeats 3` to judge them.
- The engine floor itself grows faster than linearly: the file backend rewrites the whole
  state after every step (about 2N+5 checkpoints for a create of N), so a bigger state per
  resource costs more at large N. `PULUMI_SKIP_CHECKPOINTS=true` removes most of that.
- Where the time of one create goes (start-up, imports, API-bound window, shutdown):
  `bench/profile_up.py` writes `profile.md` beside this file."""


def rerender(saved: Path, out: Path) -> int:
    """Rebuild the reports from saved samples, so that a change to the report's logic
    does not need the machine to spend another run measuring."""
    data = json.loads(saved.read_text())
    samples = [Sample(**sample) for sample in data["samples"]]
    return report(samples, data["machine"], out)


def report(samples: list[Sample], info: dict[str, Any], out: Path) -> int:
    rows = fold(samples)
    found = targets(rows)
    write_results(out, samples, rows, found, info, NOTES)
    print()
    print(table(rows))
    print()
    print(targets_text(found))
    print(f"\nwrote {out / 'latest.json'} and {out / 'latest.md'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.from_json is not None:
        return rerender(args.from_json, args.out)
    load_at_start = os.getloadavg()
    started = time.perf_counter()
    samples: list[Sample] = []
    scratch = Path(tempfile.mkdtemp(prefix="pulumi-composio-bench-"))
    try:
        with start_emulator(api_key=API_KEY, admin_token=ADMIN_TOKEN) as emulator:
            print("warming up", flush=True)
            warm_up(emulator, scratch)
            for size in args.sizes:
                for repeat in range(args.repeats):
                    print(f"N={size} repeat {repeat + 1}/{args.repeats}", flush=True)
                    samples += lifecycle(size, repeat, emulator, args.latency_ms, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    elapsed = time.perf_counter() - started
    info = machine(args, load_at_start)
    info["load_average_at_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    info["bench_wall_minutes"] = round(elapsed / 60, 1)
    return report(samples, info, args.out)


if __name__ == "__main__":
    sys.exit(main())
