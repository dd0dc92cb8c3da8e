"""Where one ``pulumi up`` of N servers spends its time, from the engine's own log.

``run.py`` says how far the provider is from its floors; this says why. It runs one
create of N servers (and of N no-op resources, for comparison) with the engine's verbose
log (``-v=7 --logflow``, JSON lines with microsecond timestamps) and cuts the run into
phases: CLI and program start-up, the plugin's launch, the plugin's first call (which
unpickles the provider and so imports its package), the window in which the creates run,
and the shutdown. It also times the import of the provider package on its own, counts the
state checkpoints and weighs the state, since the file backend rewrites the whole state
after every step. ``make bench`` does not run it: ``.venv/bin/python bench/profile_up.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from api_floor import calls_from_log  # noqa: E402
from programs import INITIAL, engine_floor_program, provider_program  # noqa: E402
from run import ADMIN_TOKEN, API_KEY  # noqa: E402

from pulumi_composio.emulator.process import start_emulator  # noqa: E402
from tests.support.pulumi_stack import VENV, PulumiStack  # noqa: E402

_PROVIDER_CALL = re.compile(r"Provider\[\w+\]\.(\w+)\((urn:[^)]*)\) (executing|success)")
_VERBOSE = ("-v=7", "--logtostderr", "--logflow")


@dataclass
class Event:
    seconds: float
    message: str


def _timestamp(text: str) -> datetime:
    """Go's RFC 3339 with up to nine fractional digits; Python takes at most six."""
    whole, _, rest = text.rstrip("Z").partition(".")
    return datetime.fromisoformat(f"{whole}.{(rest + '000000')[:6]}")


def parse_log(text: str) -> list[Event]:
    """The engine's JSON log lines as (seconds since the first line, message)."""
    events, start = [], None
    for line in text.splitlines():
        if not line.startswith("{"):
            continue
        entry = json.loads(line)
        stamp = _timestamp(entry["time"])
        start = start or stamp
        events.append(Event((stamp - start).total_seconds(), entry.get("msg", "")))
    return events


def _first(events: list[Event], needle: str) -> float:
    return next((e.seconds for e in events if needle in e.message), float("nan"))


def provider_calls(events: list[Event]) -> dict[str, list[tuple[float, float]]]:
    """Per provider method, (start, duration) of each call, as the engine saw it."""
    spans: dict[tuple[str, str], dict[str, float]] = {}
    for event in events:
        match = _PROVIDER_CALL.match(event.message)
        if match:
            method, urn, phase = match.groups()
            spans.setdefault((method, urn), {})[phase] = event.seconds
    calls: dict[str, list[tuple[float, float]]] = {}
    for (method, _urn), span in spans.items():
        if "executing" in span and "success" in span:
            duration = span["success"] - span["executing"]
            calls.setdefault(method, []).append((span["executing"], duration))
    return {method: sorted(found) for method, found in calls.items()}


def phases(events: list[Event]) -> dict[str, float]:
    """The run cut into consecutive phases that add up to the total, in seconds."""
    calls = provider_calls(events)
    checks, creates = calls.get("Check", []), calls.get("Create", [])
    nan = float("nan")
    marks = {
        "program": _first(events, "langhost[python].Run("),
        "registered": _first(events, "registering resource: ty=pulumi-python:dynamic"),
        "check": checks[0][0] if checks else nan,
        "checked": checks[0][0] + checks[0][1] if checks else nan,
        "create": creates[0][0] if creates else nan,
        "created": max((s + d for s, d in creates), default=nan),
        "exit": events[-1].seconds,
    }
    return {
        "CLI start -> language host runs the program": marks["program"],
        "-> program registers its first resource (python, imports)": marks["registered"]
        - marks["program"],
        "-> first Check starts (plugin launch: python, pulumi.dynamic)": marks["check"]
        - marks["registered"],
        "first Check (unpickles the provider: imports its package)": marks["checked"]
        - marks["check"],
        "-> first Create starts": marks["create"] - marks["checked"],
        "first Create start -> last Create end": marks["created"] - marks["create"],
        "last Create end -> exit (shutdown, last checkpoint)": marks["exit"] - marks["created"],
        "total (engine log)": marks["exit"],
        "Create median (engine view, includes queueing for the 4 workers)": statistics.median(
            d for _, d in creates
        )
        if creates
        else nan,
        "Check median": statistics.median(d for _, d in checks) if checks else nan,
        "checkpoints written": float(sum(e.message.startswith("Saved stack") for e in events)),
    }


def import_seconds(statement: str, *, repeats: int = 5) -> float:
    """Best-of wall time of a fresh interpreter running ``statement``."""
    best = float("inf")
    env = {**os.environ, "PYTHONPATH": str(BENCH)}
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([str(VENV / "bin" / "python"), "-c", statement], env=env, check=True)
        best = min(best, time.perf_counter() - started)
    return best


def _state_bytes(stack: PulumiStack) -> int:
    """Size of the stack's current checkpoint (not its backups or history)."""
    return sum(path.stat().st_size for path in stack.state_files() if path.name == "bench.json")


def profile(size: int, latency_ms: float, root: Path) -> dict[str, Any]:
    with start_emulator(api_key=API_KEY, admin_token=ADMIN_TOKEN) as emulator:
        emulator.admin.set_faults(latency_ms=latency_ms)
        provider = PulumiStack(root / "provider", project="profile-provider", stack="bench")
        provider.write_program(provider_program(size, INITIAL))
        provider.init(api_key=API_KEY, base_url=emulator.url)
        floor = PulumiStack(root / "floor", project="profile-floor", stack="bench")
        floor.env["PYTHONPATH"] = str(BENCH)
        floor.write_program(engine_floor_program(size, INITIAL))
        floor.run("stack", "init", floor.stack).check()
        result: dict[str, Any] = {"size": size, "latency_ms": latency_ms}
        for name, stack in (("provider", provider), ("engine floor", floor)):
            emulator.admin.clear_requests()
            started = time.perf_counter()
            run = stack.up(*_VERBOSE).check()
            wall = time.perf_counter() - started
            log = emulator.admin.requests()
            state = _state_bytes(stack)
            result[name] = {
                "wall_s": wall,
                "phases": phases(parse_log(run.stderr)),
                "api_calls": dict(Counter(call.kind for call in calls_from_log(log))),
                "state_bytes_per_resource": state / size,
            }
            stack.destroy().check()
    result["imports"] = {
        "python -c pass": import_seconds("pass"),
        "import pulumi.dynamic": import_seconds("import pulumi, pulumi.dynamic"),
        "import pulumi.dynamic + pulumi_composio": import_seconds(
            "import pulumi, pulumi.dynamic, pulumi_composio"
        ),
    }
    return result


def markdown(result: dict[str, Any]) -> str:
    lines = [
        f"# Where one `pulumi up` of {result['size']} servers spends its time",
        "",
        f"Latency {result['latency_ms']:.0f} ms per API request; from the engine's `-v=7` log "
        "(verbose logging itself adds a little). Seconds unless stated.",
        "",
        "| phase | provider | engine floor |",
        "|---|---|---|",
    ]
    provider, floor = result["provider"], result["engine floor"]
    for phase, value in provider["phases"].items():
        lines.append(f"| {phase} | {value:.3f} | {floor['phases'][phase]:.3f} |")
    lines.append(f"| wall (CLI start to exit) | {provider['wall_s']:.3f} | {floor['wall_s']:.3f} |")
    lines.append(
        f"| state bytes per resource | {provider['state_bytes_per_resource']:.0f} | "
        f"{floor['state_bytes_per_resource']:.0f} |"
    )
    lines += ["", f"API calls of the provider's up: {provider['api_calls']}", "", "Imports:", ""]
    lines += [f"- `{what}`: {seconds:.3f} s" for what, seconds in result["imports"].items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=50)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--out", type=Path, default=BENCH / "results")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="pulumi-composio-profile-"))
    try:
        result = profile(args.size, args.latency_ms, root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    text = markdown(result)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "profile.md").write_text(text)
    (args.out / "profile.json").write_text(json.dumps(result, indent=2) + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
