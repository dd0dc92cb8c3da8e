"""Composio's own Python SDK, ``composio`` 0.30, running the trigger and webhook flows of
``composio_sdk_trigger_flows.py`` in its own virtualenv (:mod:`.composio_sdk` makes it)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

from tests.support.composio_sdk import sdk_python

__all__ = ["run_trigger_flow"]

FLOWS = Path(__file__).with_name("composio_sdk_trigger_flows.py")


def run_trigger_flow(flow: str, base_url: str, api_key: str, *args: str) -> Any:
    """What trigger flow ``flow`` of the SDK saw against ``base_url``, decoded from its JSON."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("COMPOSIO_")}
    done = subprocess.run(
        [str(sdk_python()), str(FLOWS), flow, base_url, api_key, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        check=False,
    )
    assert done.returncode == 0, f"composio 0.30 flow {flow} failed:\n{done.stderr[-4000:]}"
    return json.loads(done.stdout)
