"""Runs in the background: waiting on one, and killing one the way a dying machine would.

Pulumi's plugins run in process groups of their own, so a signal to the CLI's group would
leave them behind; a machine that dies takes them along. Used by the fault and scale suites.
"""

from __future__ import annotations

import collections
import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

__all__ = ["descendants", "kill_process_tree", "wait_while_running"]


def descendants(root: int) -> list[int]:
    """Every process below ``root``, from ``/proc``."""
    children: dict[int, list[int]] = collections.defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children[int(fields[1])].append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        for child in children[todo.pop()]:
            found.append(child)
            todo.append(child)
    return found


def kill_process_tree(root: int) -> None:
    """SIGKILL ``root`` and every process below it."""
    for pid in [root, *descendants(root)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def wait_while_running(
    what: str, done: Callable[[], bool], process: subprocess.Popen[bytes]
) -> None:
    """Until ``done()``, failing if ``process`` ends first; the deadline only ends a hung
    test, it never decides one."""
    deadline = time.monotonic() + 300
    while not done():
        assert process.poll() is None, f"the run ended before {what}"
        assert time.monotonic() < deadline, f"the run never got to: {what}"
        time.sleep(0.05)
