"""``make demo``: the quickstart stack, applied offline with the real ``pulumi`` CLI.

It starts the Composio emulator with a database under ``.demo/``, points a local file
backend and a ``demo`` stack at it (the key stored as a secret), runs ``pulumi up`` on the
root project and prints the outputs; ``destroy`` tears it all down. The emulator is
stopped at the end either way, and its database keeps the servers for the next run, which
is therefore a no-op update.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from pulumi_composio.emulator.process import start_emulator

REPO = Path(__file__).resolve().parents[1]
DEMO = Path(os.environ.get("COMPOSIO_DEMO_DIR") or REPO / ".demo")
STACK = os.environ.get("COMPOSIO_DEMO_STACK") or "demo"
"""Tests run the demo with their own folder and stack so that they never touch yours."""
DEMO_KEY = "demo-local-key-not-a-secret-elsewhere"


def pulumi(*args: str, env: dict[str, str], check: bool = True) -> int:
    """Run the pinned CLI at the repo root, streaming its output to the terminal."""
    command = [str(REPO / ".tools" / "bin" / "pulumi"), *args, "--non-interactive"]
    returncode = subprocess.run(command, cwd=REPO, env=env, check=False).returncode
    if check and returncode != 0:
        sys.exit(f"demo: `pulumi {' '.join(args)}` failed with exit code {returncode}")
    return returncode


def demo_env() -> dict[str, str]:
    (DEMO / "state").mkdir(parents=True, exist_ok=True)
    (DEMO / "pulumi-home").mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "PATH": f"{REPO / '.tools' / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "PULUMI_BACKEND_URL": (DEMO / "state").as_uri(),
        "PULUMI_HOME": str(DEMO / "pulumi-home"),
        "PULUMI_CONFIG_PASSPHRASE": "demo",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DIY_BACKEND_NO_LEGACY_WARNING": "true",
    }
    for variable in ("COMPOSIO_API_KEY", "COMPOSIO_USER_API_KEY", "COMPOSIO_BASE_URL"):
        env.pop(variable, None)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("action", choices=["up", "destroy"])
    action = parser.parse_args().action
    env = demo_env()
    with start_emulator(api_key=DEMO_KEY, db=DEMO / "emulator.db") as emulator:
        print(f"demo: Composio emulator at {emulator.url} (database {DEMO / 'emulator.db'})")
        pulumi("stack", "select", "--create", STACK, env=env)
        pulumi("config", "set", "--secret", "composio:apiKey", DEMO_KEY, env=env)
        pulumi("config", "set", "composio:baseUrl", emulator.url, env=env)
        if action == "up":
            pulumi("up", "--yes", env=env)
            print("\ndemo: stack outputs")
            pulumi("stack", "output", env=env)
        else:
            pulumi("destroy", "--yes", "--run-program", env=env)
            pulumi("stack", "rm", "--yes", STACK, env=env)
    print("demo: emulator stopped")


if __name__ == "__main__":
    main()
