"""``make bench``: what ``pulumi up`` and friends cost as N grows, against their floors.

For each N, three stacks go through the same life (create, a no-change preview, an update
of every resource, refresh, destroy): N ``CustomMcpServer``s (the provider), N no-op
dynamic resources (the engine floor, :mod:`noop`) and N dynamic resources that make one
API call per operation and nothing else (the one-call floor, :mod:`one_call`: what any
provider must pay). Each operation runs the provider first, then the engine floor, then
the one-call floor, then the API floor (the provider's own HTTP calls for that operation,
replayed by a plain httpx script, :mod:`api_floor`), so that a machine that slows down or
speeds up during the run affects all four alike and cancels out of the ratios.

Each emulator adds a fixed latency to every API request, standing in for the network. The
provider, the one-call floor and the API floor each talk to an emulator of their own, so
that the floors' servers never show up in the provider's listings and the provider's
request log (from which the calls per operation are counted) holds only its own calls.
Sizes run at the main latency (50 ms); a few sizes run again at a slow latency (300 ms,
nearer to Composio's real one), where API time dominates the engine's.

Then both fronts side by side (:mod:`fronts`): the dynamic provider, the native plugin
serving a Pulumi YAML program, and a no-op native plugin (the native floor), at the slow
latency, at the engine's default parallelism and at ``--parallel 32``.
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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from api_floor import ApiFloor, calls_from_log, count_calls  # noqa: E402
from fronts import (  # noqa: E402
    FrontEmulators,
    FrontRun,
    front_lifecycle,
    native_plugin,
    plugin_start_text,
    warm_up_fronts,
)
from measure import Measurement, run_measured  # noqa: E402
from one_call import KEY_VARIABLE, URL_VARIABLE  # noqa: E402
from programs import (  # noqa: E402
    INITIAL,
    OPERATIONS,
    Operation,
    engine_floor_program,
    one_call_floor_program,
    provider_program,
)
from report import (  # noqa: E402
    FrontSample,
    Sample,
    fold,
    fold_fronts,
    front_targets,
    fronts_table,
    table,
    targets,
    targets_text,
    write_results,
)

from pulumi_composio.emulator.process import RunningEmulator, start_emulator  # noqa: E402
from tests.support.pulumi_stack import PulumiStack  # noqa: E402

API_KEY = "sk-bench-0123456789-SECRET"
ADMIN_TOKEN = secrets.token_hex(16)
REFERENCE_REPEATS = 3
"""Repeats of the reference run; fewer is a quick check, written outside the repository."""
BUSY_LOAD = 0.5
"""Load average per core above which the machine was busy at start: noted in the md."""


@dataclass(frozen=True)
class Stacks:
    """The three stacks of one lifecycle, each in its own folder and backend."""

    provider: PulumiStack
    engine_floor: PulumiStack
    one_call_floor: PulumiStack


@dataclass(frozen=True)
class Emulators:
    """One emulator per variant that calls the API; see the module docstring for why."""

    provider: RunningEmulator
    one_call_floor: RunningEmulator
    api_floor: RunningEmulator

    def all(self) -> tuple[RunningEmulator, ...]:
        return (self.provider, self.one_call_floor, self.api_floor)


def _sizes(text: str) -> list[int]:
    return [int(size) for size in text.split(",") if size.strip()]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,10,50,100", help="comma-separated N values")
    parser.add_argument("--latency-ms", type=float, default=50.0, help="added per API request")
    parser.add_argument(
        "--slow-sizes",
        default="50",
        help="N values run again at --slow-latency-ms (empty: none)",
    )
    parser.add_argument("--slow-latency-ms", type=float, default=300.0)
    parser.add_argument(
        "--native-sizes",
        default="50,100",
        help="N values of the fronts' comparison (dynamic, native, native floor); empty: none",
    )
    parser.add_argument("--native-latency-ms", type=float, default=300.0)
    parser.add_argument(
        "--native-parallel",
        default="0,32",
        help="--parallel values of the fronts' comparison; 0 is the engine's default",
    )
    parser.add_argument(
        "--repeats", type=int, default=REFERENCE_REPEATS, help="lifecycles per N (median)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        help=f"where latest.{{json,md}} go; default bench/results with {REFERENCE_REPEATS} or "
        "more repeats, else a new temporary folder, so a quick check never replaces the "
        "reference results",
    )
    parser.add_argument(
        "--from-json",
        type=Path,
        help="re-render the table and reports from a saved latest.json instead of measuring",
    )
    args = parser.parse_args(argv)
    args.sizes = _sizes(args.sizes)
    args.slow_sizes = _sizes(args.slow_sizes)
    args.native_sizes = _sizes(args.native_sizes)
    args.native_parallel = _sizes(args.native_parallel)
    if args.out is None:
        args.out = (
            BENCH / "results"
            if args.repeats >= REFERENCE_REPEATS
            else Path(tempfile.mkdtemp(prefix="pulumi-composio-bench-results-"))
        )
    return args


def runs(args: argparse.Namespace) -> list[tuple[float, int]]:
    """(latency, N) pairs in the order they run: the main latency's sizes, then the slow."""
    found = [(args.latency_ms, size) for size in args.sizes]
    found += [(args.slow_latency_ms, size) for size in args.slow_sizes]
    return found


def front_runs(args: argparse.Namespace) -> list[tuple[float, int, int]]:
    """(latency, N, parallel) triples of the fronts' comparison, in the order they run."""
    return [
        (args.native_latency_ms, size, parallel)
        for parallel in args.native_parallel
        for size in args.native_sizes
    ]


def run_pulumi(stack: PulumiStack, args: list[str]) -> Measurement:
    """One measured CLI run in the stack's folder, environment and backend."""
    command = [str(stack.pulumi), "--non-interactive", "--color", "never", *args]
    return run_measured(command, cwd=stack.program_dir, env=stack.env).check(
        f"{stack.project}: pulumi {' '.join(args)}"
    )


def _floor_stack(folder: Path, project: str, program: str) -> PulumiStack:
    """A stack whose program imports a resource from this folder (noop or one_call)."""
    floor = PulumiStack(folder, project=project, stack="bench")
    floor.env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(BENCH), floor.env.get("PYTHONPATH")])
    )
    floor.write_program(program)
    floor.run("stack", "init", floor.stack).check()
    return floor


def new_stacks(root: Path, emulators: Emulators) -> Stacks:
    """The provider wired to its emulator, the engine floor, and the one-call floor wired
    (through the plugin's environment, never state) to the one-call floor's emulator."""
    provider = PulumiStack(root / "provider", project="bench-provider", stack="bench")
    provider.write_program(provider_program(0, INITIAL))
    provider.init(api_key=API_KEY, base_url=emulators.provider.url)
    engine_floor = _floor_stack(root / "floor", "bench-floor", engine_floor_program(0, INITIAL))
    one_call_floor = _floor_stack(
        root / "one-call", "bench-one-call", one_call_floor_program(0, INITIAL)
    )
    one_call_floor.env[URL_VARIABLE] = emulators.one_call_floor.url
    one_call_floor.env[KEY_VARIABLE] = API_KEY
    return Stacks(provider, engine_floor, one_call_floor)


def kinds(log: list[dict[str, Any]]) -> dict[str, int]:
    """Calls by what they do (list, create, get, update, delete), for the JSON."""
    return dict(Counter(call.kind for call in calls_from_log(log)))


def check_one_call_floor(operation: Operation, size: int, log: list[dict[str, Any]]) -> None:
    """Stop the run unless the one-call floor made exactly one successful call per resource
    (none for the preview): a floor that silently skipped its calls would flatter nothing
    but would make every ratio against it meaningless."""
    expected = 0 if operation.name == "preview" else size
    failed = [entry for entry in log if not 200 <= entry["status"] < 300]
    if len(log) != expected or failed:
        raise RuntimeError(
            f"one-call floor, {operation.name} of N={size}: {len(log)} calls "
            f"({len(failed)} failed), expected {expected}"
        )


def measure_operation(
    latency_ms: float,
    size: int,
    repeat: int,
    operation: Operation,
    stacks: Stacks,
    emulators: Emulators,
    api_floor: ApiFloor,
) -> Sample:
    """Provider, engine floor, one-call floor, API floor, for one operation at one size."""
    stacks.provider.write_program(provider_program(size, operation.spec))
    stacks.engine_floor.write_program(engine_floor_program(size, operation.spec))
    stacks.one_call_floor.write_program(one_call_floor_program(size, operation.spec))
    emulators.provider.admin.clear_requests()
    provider_run = run_pulumi(stacks.provider, operation.args(stacks.provider))
    log = emulators.provider.admin.requests()
    engine_run = run_pulumi(stacks.engine_floor, operation.args(stacks.engine_floor))
    emulators.one_call_floor.admin.clear_requests()
    one_call_run = run_pulumi(stacks.one_call_floor, operation.args(stacks.one_call_floor))
    check_one_call_floor(operation, size, emulators.one_call_floor.admin.requests())
    calls = calls_from_log(log)
    api_s = api_floor.replay(calls, operation.spec) if calls else 0.0
    return Sample(
        latency_ms=latency_ms,
        size=size,
        operation=operation.name,
        repeat=repeat,
        provider_s=provider_run.wall_s,
        engine_s=engine_run.wall_s,
        one_call_s=one_call_run.wall_s,
        api_s=api_s,
        calls=count_calls(calls),
        calls_by_kind=kinds(log),
        provider_plugin_mb=provider_run.plugin_peak_mb,
        provider_tree_mb=provider_run.tree_peak_mb,
        engine_plugin_mb=engine_run.plugin_peak_mb,
        engine_tree_mb=engine_run.tree_peak_mb,
        one_call_plugin_mb=one_call_run.plugin_peak_mb,
    )


def lifecycle(
    latency_ms: float, size: int, repeat: int, emulators: Emulators, scratch: Path
) -> list[Sample]:
    """One full life of the three stacks at one size, on fresh emulator stores."""
    for emulator in emulators.all():
        emulator.admin.reset()
        emulator.admin.set_faults(latency_ms=latency_ms)
    root = Path(tempfile.mkdtemp(prefix=f"l{latency_ms:g}-n{size}-r{repeat}-", dir=scratch))
    try:
        stacks = new_stacks(root, emulators)
        api_floor = ApiFloor(emulators.api_floor.url, API_KEY)
        samples = []
        for operation in OPERATIONS:
            sample = measure_operation(
                latency_ms, size, repeat, operation, stacks, emulators, api_floor
            )
            print(_progress(sample), flush=True)
            samples.append(sample)
        return samples
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _front_progress(sample: FrontSample) -> None:
    parallel = f"--parallel {sample.parallel}" if sample.parallel else "default"
    print(
        f"  {sample.latency_ms:g} ms N={sample.size:<4} {parallel:<13} {sample.operation:<8} "
        f"dynamic {sample.dynamic_s:6.2f} s  native {sample.native_s:6.2f} s  "
        f"native floor {sample.native_floor_s:6.2f} s  native calls "
        f"{sample.native_calls['total']:<4} plugin {sample.native_plugin_mb:4.0f} MB",
        flush=True,
    )


def measure_fronts(args: argparse.Namespace, scratch: Path) -> list[FrontSample]:
    """The fronts' comparison, on two emulators of its own (one per front)."""
    samples: list[FrontSample] = []
    if not args.native_sizes:
        return samples
    with (
        start_emulator(api_key=API_KEY, admin_token=ADMIN_TOKEN) as dynamic_emulator,
        start_emulator(api_key=API_KEY, admin_token=ADMIN_TOKEN) as native_emulator,
    ):
        emulators = FrontEmulators(dynamic_emulator, native_emulator)
        print("warming up both fronts", flush=True)
        warm_up_fronts(emulators, API_KEY, scratch)
        for latency_ms, size, parallel in front_runs(args):
            for repeat in range(args.repeats):
                print(
                    f"fronts: {latency_ms:g} ms, N={size}, parallel {parallel or 'default'}, "
                    f"repeat {repeat + 1}/{args.repeats}",
                    flush=True,
                )
                run = FrontRun(latency_ms, size, parallel, repeat)
                samples += front_lifecycle(run, emulators, API_KEY, scratch, _front_progress)
    return samples


def _progress(sample: Sample) -> str:
    return (
        f"  {sample.latency_ms:g} ms N={sample.size:<4} {sample.operation:<8} "
        f"provider {sample.provider_s:6.2f} s  engine {sample.engine_s:6.2f} s  "
        f"one-call {sample.one_call_s:6.2f} s  API {sample.api_s:5.2f} s  "
        f"calls {sample.calls['total']:<4} plugin {sample.provider_plugin_mb:4.0f} MB"
    )


def warm_up(emulators: Emulators, scratch: Path) -> None:
    """One unmeasured create and destroy of each variant, so that the first measured run
    does not alone pay for cold disk caches and Python's first bytecode compilation."""
    for emulator in emulators.all():
        emulator.admin.reset()
    root = Path(tempfile.mkdtemp(prefix="warm-up-", dir=scratch))
    try:
        stacks = new_stacks(root, emulators)
        for stack, program in (
            (stacks.provider, provider_program),
            (stacks.engine_floor, engine_floor_program),
            (stacks.one_call_floor, one_call_floor_program),
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
        "runs": "; ".join(
            f"{latency:g} ms per request: N={','.join(str(size) for size in sizes)}"
            for latency, sizes in (
                (args.latency_ms, args.sizes),
                (args.slow_latency_ms, args.slow_sizes),
            )
            if sizes
        ),
        "fronts": (
            f"{args.native_latency_ms:g} ms per request: N="
            f"{','.join(str(size) for size in args.native_sizes)}; parallel "
            + ", ".join(
                f"{p}" if p else f"default ({4 * cores} = 4 x cores)" for p in args.native_parallel
            )
            if args.native_sizes
            else "not run"
        ),
        "plugin_imports": plugin_start_text() if args.native_sizes else "not run",
        "repeats": args.repeats,
        "load_average_at_start": " ".join(f"{x:.2f}" for x in load_at_start)
        + (" (above 0.5 per core: not idle at start, figures are noisier)" if busy else ""),
    }


NOTES = """\
- Times are wall seconds of the whole CLI command (start-up included), median over repeats.
- `up`, `update`, `refresh` and `destroy` use `--skip-preview`, so each row is that operation
  alone (a plain command previews first; the `preview` row times one); `preview` uses
  `--expect-no-changes`; all use the default `--parallel`, a local file backend and
  `PULUMI_CONFIG_PASSPHRASE`.
- The one-call floor's resources each make one real HTTP request per operation (create:
  the provider's `POST`; read during refresh: one `GET`; update: one `PATCH`; delete: one
  `DELETE`; diff: none) through one shared `httpx.Client`, to an emulator of their own
  with the same latency. A real request rather than a sleep of the latency, because the
  HTTP client, the loopback round trip and the emulator's work cost every provider CPU too.
  prov/one-call is the ratio the create targets are about; a refresh served from listings
  may beat this floor (it makes fewer calls than one per server). Each run checks, on the
  floor's emulator's request log, that it made exactly one successful call per resource.
- The slow run (300 ms per request, nearer Composio's real latency) shows where API time
  dominates engine time; the create targets are judged at 50 ms, the call budgets at both.
- The API floor replays the provider's logged calls per server (lookup, create, read,
  update, delete in that order) on 4 threads sharing one `httpx.Client`, against an
  emulator of its own; it is 0 when the provider made no call.
- Provider, one-call floor and API floor each have their own emulator (same latency), so
  the floors' servers never appear in the provider's listings and the call counts, taken
  from the provider emulator's request log, are the provider's alone.
- Peak RSS is sampled every 50 ms; a process's growth in its last 50 ms before exit can be
  missed (the plugin's VmHWM is otherwise exact).
- With `--repeats 1` a single slow command (another process taking the CPU) moves the
  linear-growth figures a lot, the smallest N's most; use `--repeats 3` to judge them.
- The engine floor itself grows faster than linearly: the file backend rewrites the whole
  state after every step (about 2N+5 checkpoints for a create of N), so a bigger state per
  resource costs more at large N. `PULUMI_SKIP_CHECKPOINTS=true` removes most of that.
- Where the time of one create goes (start-up, imports, API-bound window, shutdown):
  `bench/profile_up.py` writes `profile.md` beside this file.
- Both fronts: the dynamic and the native front each have an emulator of their own (same
  latency); every operation is checked to have left N live servers (none after destroy) on
  its emulator, and the native floor N resources in its state. The native floor's plugin
  sleeps the latency in create, read, update and delete instead of calling an emulator:
  native/floor therefore also holds what the real plugin's HTTP client and the emulator's
  own CPU cost on this machine. `--parallel` is given to every command of a lifecycle; the
  dynamic front's host serves 4 calls at once whatever it says. The native plugin is the
  `pulumi-resource-composio` first on `PATH` (the package's, in `.venv/bin`)."""


def rerender(saved: Path, out: Path) -> int:
    """Rebuild the reports from saved samples, so that a change to the report's logic
    does not need the machine to spend another run measuring."""
    data = json.loads(saved.read_text())
    latency = data["machine"].get("latency_ms", 50.0)
    samples = [Sample(**{"latency_ms": latency, **sample}) for sample in data["samples"]]
    fronts = [FrontSample(**sample) for sample in data.get("front_samples", [])]
    return report(samples, data["machine"], out, fronts)


def report(
    samples: list[Sample],
    info: dict[str, Any],
    out: Path,
    front_samples: list[FrontSample],
) -> int:
    rows = fold(samples)
    front_rows = fold_fronts(front_samples)
    found = targets(rows) + front_targets(front_rows)
    write_results(out, samples, rows, found, info, NOTES, front_samples, front_rows)
    print()
    print(table(rows))
    if front_rows:
        print()
        print(fronts_table(front_rows))
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
        if args.native_sizes:  # before minutes of measuring, not after
            print(f"native plugin: {native_plugin(PulumiStack(scratch / 'probe').env['PATH'])}")
        with (
            start_emulator(api_key=API_KEY, admin_token=ADMIN_TOKEN) as provider_emulator,
            start_emulator(api_key=API_KEY, admin_token=ADMIN_TOKEN) as one_call_emulator,
            start_emulator(api_key=API_KEY, admin_token=ADMIN_TOKEN) as api_emulator,
        ):
            emulators = Emulators(provider_emulator, one_call_emulator, api_emulator)
            print("warming up", flush=True)
            warm_up(emulators, scratch)
            for latency_ms, size in runs(args):
                for repeat in range(args.repeats):
                    print(
                        f"{latency_ms:g} ms, N={size}, repeat {repeat + 1}/{args.repeats}",
                        flush=True,
                    )
                    samples += lifecycle(latency_ms, size, repeat, emulators, scratch)
        front_samples = measure_fronts(args, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    elapsed = time.perf_counter() - started
    info = machine(args, load_at_start)
    info["load_average_at_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    info["bench_wall_minutes"] = round(elapsed / 60, 1)
    return report(samples, info, args.out, front_samples)


if __name__ == "__main__":
    sys.exit(main())
