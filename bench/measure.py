"""Run one ``pulumi`` command and measure its wall time and the memory of its process tree.

psutil is not a dependency, so the tree is watched through ``/proc``: every 50 ms the
watcher finds every descendant of the CLI (engine, language host, program, provider
plugin), adds up their resident sets (the tree's footprint at that instant) and keeps each
process's ``VmHWM`` (the kernel's own high-water mark, exact however coarse the polling).
The provider plugin, the process whose command line holds ``pulumi.dynamic`` (or, for a
native plugin, another marker the caller names), is reported on its own, since one target
is about it alone.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Measurement", "TreeWatcher", "cpu_seconds", "run_measured"]

POLL_SECONDS = 0.05
PLUGIN_MARKER = "pulumi.dynamic"
"""In the command line of the dynamic-provider host, which every dynamic provider runs in."""
_KIB_PER_MB = 1024


@dataclass
class Measurement:
    """What one CLI run took; memory in MB (MiB), zero when nothing was seen."""

    wall_s: float
    tree_peak_mb: float
    plugin_peak_mb: float
    returncode: int
    output: str

    def check(self, what: str) -> Measurement:
        """Stop the benchmark on a failed command: its figures would be meaningless."""
        if self.returncode != 0:
            raise RuntimeError(f"{what} exited {self.returncode}\n{self.output[-6000:]}")
        return self


def cpu_seconds(pid: int) -> float:
    """CPU time (user and system) the process has used so far, from ``/proc``."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _parent_map() -> dict[int, int]:
    """pid -> ppid for every process; read from ``stat``, whose 4th field is the ppid."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        # The command name (field 2) is in parentheses and may hold spaces.
        fields = stat[stat.rfind(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
    return parents


def _descendants(root: int) -> list[int]:
    parents = _parent_map()
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def _memory_kib(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) in KiB; zeros for a process that has gone or is a zombie."""
    rss = hwm = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
            elif line.startswith("VmHWM:"):
                hwm = int(line.split()[1])
    except OSError:
        pass
    return rss, hwm


def _is_plugin(pid: int, markers: tuple[str, ...]) -> bool:
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False
    return any(marker in cmdline for marker in markers)


@dataclass
class TreeWatcher:
    """Polls a process tree until stopped; see the module docstring for what it keeps."""

    root: int
    plugin_markers: tuple[str, ...] = (PLUGIN_MARKER,)
    tree_peak_kib: int = 0
    plugin_peak_kib: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(POLL_SECONDS)

    def sample(self) -> None:
        total = 0
        for pid in _descendants(self.root):
            rss, hwm = _memory_kib(pid)
            total += rss
            if hwm > self.plugin_peak_kib and _is_plugin(pid, self.plugin_markers):
                self.plugin_peak_kib = hwm
        self.tree_peak_kib = max(self.tree_peak_kib, total)


def run_measured(
    command: list[str],
    *,
    cwd: Path,
    env: dict[str, str],
    timeout: float = 900,
    plugin_markers: tuple[str, ...] = (PLUGIN_MARKER,),
) -> Measurement:
    """Run ``command`` to completion under a :class:`TreeWatcher`; the plugin is the process
    whose command line holds one of ``plugin_markers``.

    Output goes to a temporary file rather than a pipe so that a chatty command can never
    block on a full pipe while we are busy polling. The wait is a blocking ``waitpid``
    with a watchdog timer, not ``Popen.wait(timeout=...)``, whose polling loop sleeps up
    to 50 ms and would round every time up by as much.
    """
    with tempfile.TemporaryFile() as sink:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=sink, stderr=sink)
        watcher = TreeWatcher(process.pid, plugin_markers)
        watchdog = threading.Timer(timeout, process.kill)
        watcher.start()
        watchdog.start()
        try:
            returncode = process.wait()
        finally:
            wall = time.perf_counter() - started
            watchdog.cancel()
            watcher.stop()
        sink.seek(0)
        output = sink.read().decode(errors="replace")
    return Measurement(
        wall_s=wall,
        tree_peak_mb=watcher.tree_peak_kib / _KIB_PER_MB,
        plugin_peak_mb=watcher.plugin_peak_kib / _KIB_PER_MB,
        returncode=returncode,
        output=output,
    )
