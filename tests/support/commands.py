"""Running a command line in a project folder, as a user's shell would, to its end."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path


def run_command(
    argv: Sequence[str],
    *,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """``argv`` run in ``cwd``, its output captured as text; the caller judges the exit code,
    so a failure can be shown with what the command printed."""
    return subprocess.run(
        argv, cwd=cwd, env=env, timeout=timeout, capture_output=True, text=True, check=False
    )
