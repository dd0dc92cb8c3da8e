"""``make demo`` as a newcomer runs it: the root project, applied twice, then torn down.

The root ``Pulumi.yaml`` names ``.venv`` relative to the project root while its program
lives in ``examples/quickstart``, which is the layout that once broke the plugin shim.
"""

from __future__ import annotations

import os
import socket
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


SERVED = [
    f"connected to {output} (with x-api-key) is served 2 tools: GITHUB_CREATE_ISSUE, "
    "SLACK_SEND_MESSAGE"
    for output in ("agent_url", "session_url")
]


VERIFIED = "event whose signature verified with the stack's webhook_secret"
SEEDED = "demo: seeding support-agent's GitHub connected account"


def served_both(output: str) -> bool:
    """The server's user URL and the session's URL were listed, in that order, last."""
    tail = output.split("demo: stack outputs")[-1]
    return tail.find(SERVED[0]) < tail.find(SERVED[1]) and tail.find(SERVED[0]) != -1


def test_demo_creates_then_changes_nothing_then_destroys(pulumi_cli: Path, tmp_path: Path):
    """Each run ends with what an MCP client is served at the agent URL output and at the
    session's, then a trigger event fired at the demo's receiver, verified with the stack's
    webhook secret; also when the emulator had to move to another port (whose URLs a refresh
    puts into the stack). The first run seeds the agent's GitHub account, saying why."""
    stack = f"e2e-demo-{os.getpid()}"
    try:
        first = run_demo("up", tmp_path, stack)
        assert "+ 6 created" in first
        assert SEEDED in first
        port = (tmp_path / "emulator.port").read_text()
        assert f"http://127.0.0.1:{port}/v3/mcp/" in first
        assert served_both(first), first[-2000:]
        receiver_port = (tmp_path / "receiver.port").read_text()
        assert f"receiver at http://localhost:{receiver_port}/composio/events got a" in first
        assert VERIFIED in first.split(SERVED[1])[-1], first[-2000:]

        second = run_demo("up", tmp_path, stack)
        assert "6 unchanged" in second
        assert SEEDED not in second
        assert "created" not in second.split("Updating")[-1]
        assert served_both(second), second[-2000:]
        assert VERIFIED in second

        with socket.create_server(("127.0.0.1", int(port))):
            moved = run_demo("up", tmp_path, stack)
        assert "refreshing the URLs" in moved
        assert served_both(moved), moved[-2000:]
        assert VERIFIED in moved
    finally:
        gone = run_demo("destroy", tmp_path, stack)
    assert "6 deleted" in gone
    assert not (REPO / f"Pulumi.{stack}.yaml").exists()
