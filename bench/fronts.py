"""Both fronts side by side: the dynamic provider, the native plugin, and the native floor.

The dynamic-provider host serves 4 calls at once whatever ``--parallel`` says; a native plugin
serves as many as the engine sends. So at Composio-like latency (300 ms) the two fronts part
ways as N grows, and the gap depends on the engine's parallelism: each size runs at the
engine's default (4 x cores) and at ``--parallel 32``.

Per (latency, N, parallelism, repeat), three stacks live the benchmark's usual life (create,
a no-change preview, an update of every server, refresh, destroy), one operation at a time in
turn, so that a machine that slows down during the run affects all three alike:

- dynamic: N ``CustomMcpServer``s in a Python program (the dynamic front), on an emulator;
- native: the same N servers in a Pulumi YAML program, served by the real native plugin
  ``pulumi-resource-composio`` (found on ``PATH``, as users install it), on its own emulator;
- native floor: the same YAML program served by :mod:`native_floor`, a no-op plugin of the
  same name whose every operation sleeps one round trip: the least a native plugin can take.

Each front has an emulator of its own so that its request log (the calls per operation)
holds its own calls only. Each run checks that the operation did what it says (N live
servers after an up, none after a destroy), so a run that quietly did nothing cannot
flatter a ratio.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from api_floor import calls_from_log, count_calls, listing_wait_s
from measure import PLUGIN_MARKER, Measurement, cpu_seconds, run_measured
from native_floor import LATENCY_VARIABLE, PLUGIN_NAME, write_launcher
from programs import INITIAL, OPERATIONS, Operation, provider_program, yaml_program
from report import FrontSample

from pulumi_composio.emulator.process import RunningEmulator
from tests.support.pulumi_stack import PulumiStack

__all__ = [
    "FrontEmulators",
    "FrontRun",
    "front_lifecycle",
    "native_plugin",
    "plugin_start_text",
    "warm_up_fronts",
]

NATIVE_MARKERS = (PLUGIN_NAME, "pulumi_composio.native")
"""In the command line of the real plugin: its console script, or its module."""
FLOOR_MARKERS = ("native_floor.py",)


@dataclass(frozen=True)
class FrontRun:
    """One lifecycle's settings: latency per request, N, and ``--parallel`` (0: default)."""

    latency_ms: float
    size: int
    parallel: int
    repeat: int


@dataclass(frozen=True)
class FrontEmulators:
    dynamic: RunningEmulator
    native: RunningEmulator


@dataclass(frozen=True)
class FrontStacks:
    dynamic: PulumiStack
    native: PulumiStack
    native_floor: PulumiStack


def native_plugin(env_path: str) -> Path:
    """The real plugin the native stack's engine will start, or a ``RuntimeError`` saying how
    to get it: a bench that measured the floor twice would report a meaningless ratio."""
    found = shutil.which(PLUGIN_NAME, path=env_path)
    if found is None:
        raise RuntimeError(
            f"{PLUGIN_NAME} is not on PATH: `make setup` installs it with the package "
            "(or run with NATIVE_SIZES= to leave the native front out)"
        )
    return Path(found)


def new_front_stacks(
    root: Path, emulators: FrontEmulators, api_key: str, latency_ms: float
) -> FrontStacks:
    """The three stacks, each in its own folder and backend; only the floor's ``PATH`` starts
    with the no-op plugin's launcher, and only its plugin reads the latency to sleep."""
    dynamic = PulumiStack(root / "dynamic", project="bench-dynamic", stack="bench")
    dynamic.write_program(provider_program(0, INITIAL))
    dynamic.init(api_key=api_key, base_url=emulators.dynamic.url)
    native = PulumiStack(root / "native", project="bench-native", stack="bench")
    native_plugin(native.env["PATH"])
    native.write_yaml_program(yaml_program(0, INITIAL))
    native.init(api_key=api_key, base_url=emulators.native.url)
    floor = PulumiStack(root / "native-floor", project="bench-native-floor", stack="bench")
    launcher = write_launcher(root / "native-floor-bin")
    floor.env["PATH"] = f"{launcher.parent}:{floor.env['PATH']}"
    floor.env[LATENCY_VARIABLE] = f"{latency_ms:g}"
    floor.write_yaml_program(yaml_program(0, INITIAL))
    floor.run("stack", "init", floor.stack).check()
    return FrontStacks(dynamic, native, floor)


def _args(operation: Operation, stack: PulumiStack, parallel: int) -> list[str]:
    return operation.args(stack) + (["--parallel", str(parallel)] if parallel else [])


def _measured(
    stack: PulumiStack, operation: Operation, parallel: int, markers: tuple[str, ...]
) -> Measurement:
    args = _args(operation, stack, parallel)
    command = [str(stack.pulumi), "--non-interactive", "--color", "never", *args]
    return run_measured(
        command, cwd=stack.program_dir, env=stack.env, plugin_markers=markers
    ).check(f"{stack.project}: pulumi {' '.join(args)}")


def _expected_live(operation: Operation, size: int) -> int:
    """Servers that must be live on the emulator after the operation."""
    return 0 if operation.name == "destroy" else size


def _check_live(what: str, operation: Operation, size: int, live: int) -> None:
    expected = _expected_live(operation, size)
    if live != expected:
        raise RuntimeError(
            f"{what}, {operation.name} of N={size}: {live} live servers, expected {expected}"
        )


def _live_servers(emulator: RunningEmulator) -> int:
    return len(emulator.admin.servers())


def _floor_resources(stack: PulumiStack) -> int:
    return len(stack.resources())


def measure_front_operation(
    run: FrontRun, operation: Operation, stacks: FrontStacks, emulators: FrontEmulators
) -> FrontSample:
    """Dynamic, native, native floor, for one operation of one lifecycle."""
    stacks.dynamic.write_program(provider_program(run.size, operation.spec))
    stacks.native.write_yaml_program(yaml_program(run.size, operation.spec))
    stacks.native_floor.write_yaml_program(yaml_program(run.size, operation.spec))
    emulators.dynamic.admin.clear_requests()
    emulators.native.admin.clear_requests()
    dynamic = _measured(stacks.dynamic, operation, run.parallel, (PLUGIN_MARKER,))
    emulator_cpu = cpu_seconds(emulators.native.process.pid)
    native = _measured(stacks.native, operation, run.parallel, NATIVE_MARKERS)
    emulator_cpu = cpu_seconds(emulators.native.process.pid) - emulator_cpu
    floor = _measured(stacks.native_floor, operation, run.parallel, FLOOR_MARKERS)
    _check_live("dynamic front", operation, run.size, _live_servers(emulators.dynamic))
    _check_live("native front", operation, run.size, _live_servers(emulators.native))
    _check_live("native floor", operation, run.size, _floor_resources(stacks.native_floor))
    native_log = emulators.native.admin.requests()
    return FrontSample(
        latency_ms=run.latency_ms,
        size=run.size,
        parallel=run.parallel,
        operation=operation.name,
        repeat=run.repeat,
        dynamic_s=dynamic.wall_s,
        native_s=native.wall_s,
        native_floor_s=floor.wall_s,
        dynamic_calls=count_calls(calls_from_log(emulators.dynamic.admin.requests())),
        native_calls=count_calls(calls_from_log(native_log)),
        native_listing_wait_s=listing_wait_s(native_log),
        native_emulator_cpu_s=emulator_cpu,
        dynamic_plugin_mb=dynamic.plugin_peak_mb,
        native_plugin_mb=native.plugin_peak_mb,
        native_floor_plugin_mb=floor.plugin_peak_mb,
        native_tree_mb=native.tree_peak_mb,
    )


def front_lifecycle(
    run: FrontRun,
    emulators: FrontEmulators,
    api_key: str,
    scratch: Path,
    progress: Callable[[FrontSample], None],
) -> list[FrontSample]:
    """One full life of the three stacks, on fresh emulator stores."""
    for emulator in (emulators.dynamic, emulators.native):
        emulator.admin.reset()
        emulator.admin.set_faults(latency_ms=run.latency_ms)
    prefix = f"fronts-l{run.latency_ms:g}-n{run.size}-p{run.parallel}-r{run.repeat}-"
    root = Path(tempfile.mkdtemp(prefix=prefix, dir=scratch))
    try:
        stacks = new_front_stacks(root, emulators, api_key, run.latency_ms)
        samples = []
        for operation in OPERATIONS:
            sample = measure_front_operation(run, operation, stacks, emulators)
            progress(sample)
            samples.append(sample)
        return samples
    finally:
        shutil.rmtree(root, ignore_errors=True)


def warm_up_fronts(emulators: FrontEmulators, api_key: str, scratch: Path) -> None:
    """One unmeasured create and destroy of each, so that no measured run alone pays for
    cold disk caches and the first bytecode compilation of the plugins."""
    for emulator in (emulators.dynamic, emulators.native):
        emulator.admin.reset()
    root = Path(tempfile.mkdtemp(prefix="fronts-warm-up-", dir=scratch))
    try:
        stacks = new_front_stacks(root, emulators, api_key, 0)
        stacks.dynamic.write_program(provider_program(1, INITIAL))
        stacks.native.write_yaml_program(yaml_program(1, INITIAL))
        stacks.native_floor.write_yaml_program(yaml_program(1, INITIAL))
        for stack in (stacks.dynamic, stacks.native, stacks.native_floor):
            stack.up().check()
            stack.destroy().check()
    finally:
        shutil.rmtree(root, ignore_errors=True)


_TIMED_IMPORTS = """
import time
start = time.perf_counter()
import {module}
loaded = time.perf_counter()
{then}
print(loaded - start, time.perf_counter() - loaded)
"""
_SERVICES = """
from pulumi_composio.native.resource_types import RESOURCE_TYPES
for kind in RESOURCE_TYPES.values():
    kind.service_class()
"""


def _timed_imports(module: str, then: str = "pass", repeats: int = 5) -> tuple[float, float]:
    """Median seconds, over fresh interpreters, to import ``module`` and then run ``then``."""
    code = _TIMED_IMPORTS.format(module=module, then=then)
    runs = [
        tuple(
            float(x)
            for x in subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout.split()
        )
        for _ in range(repeats)
    ]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def plugin_start_text() -> str:
    """What each native plugin's imports cost on this machine: the part of a start-up that
    differs between the real plugin and the floor (both wait for the same engine)."""
    floor, _ = _timed_imports("pulumi.provider.experimental.server")
    native, services = _timed_imports("pulumi_composio.native.server", _SERVICES)
    return (
        f"native plugin {native:.2f} s before it serves, then {services:.2f} s of its "
        f"services' imports at Configure; no-op native plugin {floor:.2f} s "
        "(median of 5 fresh interpreters)"
    )
