"""Composio's own Python SDK, ``composio`` 0.30, in a virtualenv of its own, driven by scripts.

``composio`` 0.30 pins ``composio-client`` 2.0.0rc19, whose client is built with ``auth=``
where the 1.43 in ``.venv`` (the dev extra, which the other official-SDK tests use) takes
``api_key=``: the two cannot share one environment. So the SDK is installed once, at the exact
versions of ``constraints/composio-sdk.txt``, into ``.venvs/composio-sdk-<digest>`` (a new
digest when the pins change), shared by xdist workers under a file lock, and each test runs
a scenario of ``composio_sdk_flows.py`` there, reading back what the SDK saw as JSON.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.support.languages import REPO

__all__ = ["TRIGGER_FLOWS", "run_flow", "sdk_python"]

PINS = REPO / "constraints" / "composio-sdk.txt"
FLOWS = Path(__file__).with_name("composio_sdk_flows.py")
TRIGGER_FLOWS = Path(__file__).with_name("composio_sdk_trigger_flows.py")
"""The trigger and webhook flows, in a script of their own."""
VENVS = REPO / ".venvs"


def sdk_python() -> Path:
    """The Python of the virtualenv holding ``composio`` 0.30, made on first use."""
    digest = hashlib.sha256(PINS.read_bytes()).hexdigest()[:12]
    venv = VENVS / f"composio-sdk-{digest}"
    python = venv / "bin" / "python"
    VENVS.mkdir(exist_ok=True)
    with (VENVS / "composio-sdk.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (venv / ".ready").exists():
            return python
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        install = [str(python), "-m", "pip", "install", "--quiet", "-r", str(PINS)]
        subprocess.run(install, check=True)
        (venv / ".ready").touch()
    return python


def run_flow(flow: str, base_url: str, api_key: str, *args: str, script: Path = FLOWS) -> Any:
    """What scenario ``flow`` of ``script`` saw against ``base_url``, decoded from its JSON."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("COMPOSIO_")}
    done = subprocess.run(
        [str(sdk_python()), str(script), flow, base_url, api_key, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        check=False,
    )
    assert done.returncode == 0, f"composio 0.30 flow {flow} failed:\n{done.stderr[-4000:]}"
    return json.loads(done.stdout)
