"""Run the longest tests first, so a parallel run does not end with one worker busy alone.

xdist hands tests out in collection order, and ``make test`` runs five pytest runs at once on
two cores: a three-minute test collected last keeps the machine waiting on it after every
other run has ended. Ordering by how long each test took last time packs the run: the long
ones start while the short ones are still there to fill the gaps.

Durations come from the last run on this machine (``~/.cache/pulumi-composio``, written at the
end of every run), else from ``tests/durations.json``, the committed seed a fresh clone
starts from (``make durations`` refreshes it from the cache). A test in neither counts as
:data:`UNKNOWN` seconds, the middle of an end-to-end test's. Only the order changes, never
what runs, so stale figures cost time, not coverage.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[1] / "durations.json"
UNKNOWN = 30.0


def recorded() -> Path:
    """Where each run leaves its durations, for the next run on this machine."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "pulumi-composio" / "test-durations.json"


def _read(path: Path) -> dict[str, float]:
    """The durations a file holds; none from one that is missing or not such a map."""
    try:
        loaded = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {k: float(v) for k, v in loaded.items() if isinstance(v, int | float)}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    durations = _read(SEED) | _read(recorded())
    items.sort(key=lambda item: -durations.get(item.nodeid, UNKNOWN))


_taken: dict[str, float] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    _taken[report.nodeid] = _taken.get(report.nodeid, 0.0) + report.duration


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Keep this run's durations (the controller's, which hears every worker's reports)."""
    if hasattr(session.config, "workerinput") or not _taken:
        return
    path = recorded()
    merged = _read(path) | {nodeid: round(seconds, 1) for nodeid, seconds in _taken.items()}
    scratch = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch.write_text(json.dumps(merged, indent=0, sort_keys=True))
        os.replace(scratch, path)
    except OSError:
        scratch.unlink(missing_ok=True)
