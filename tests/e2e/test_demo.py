"""``make demo`` as a newcomer runs it: the root project, applied twice, then torn down.

The root ``Pulumi.yaml`` names ``.venv`` relative to the project root while its program
lives in ``examples/quickstart``, which is the layout that once broke the plugin shim.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.pulumi_stack import REPO


def run_demo(action: str, folder: Path, stack: str) -> str:
    env = {**os.environ, "COMPOSIO_DEMO_DIR": str(folder), "COMPOSIO_DEMO_STACK": stack}
    completed = subprocess.run(
        [sys.executable, str(REPO / "tools" / "demo.py"), action],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-4000:]
    return output


def test_demo_creates_then_changes_nothing_then_destroys(pulumi_cli: Path, tmp_path: Path):
    stack = f"e2e-demo-{os.getpid()}"
    try:
        first = run_demo("up", tmp_path, stack)
        assert "+ 2 created" in first
        assert "mcp_url" in first
        assert "https://mcp.composio.dev/composio/server/" in first

        second = run_demo("up", tmp_path, stack)
        assert "2 unchanged" in second
        assert "created" not in second.split("Updating")[-1]
    finally:
        gone = run_demo("destroy", tmp_path, stack)
    assert "2 deleted" in gone
    assert not (REPO / f"Pulumi.{stack}.yaml").exists()
