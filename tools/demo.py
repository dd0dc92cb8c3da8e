"""``make demo``: the quickstart stack, applied offline with the real ``pulumi`` CLI.

It starts the Composio emulator with a database under ``.demo/``, points a local file
backend and a ``demo`` stack at it (the key stored as a secret), runs ``pulumi up`` on the
root project and prints the outputs; then, as an agent would, it connects the official MCP
client to the agent's URL output and to the session's, and prints the tools each serves.
``destroy`` tears it all down. The emulator is stopped at the end either way; its database
keeps the servers for the next run, which is therefore a no-op update, and it listens on the
same port again (kept in ``.demo/emulator.port``) so that the URLs in the stack still reach it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from pulumi_composio.emulator.process import EmulatorFailedToStart, RunningEmulator, start_emulator

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


def served_tools(url: str) -> list[str]:
    """The tools an MCP client sees at ``url``, sending the key as Composio requires."""

    async def listed() -> list[str]:
        http = httpx2.AsyncClient(headers={"x-api-key": DEMO_KEY})
        async with Client(streamable_http_client(url, http_client=http), cache=None) as client:
            return [tool.name for tool in (await client.list_tools()).tools]

    return asyncio.run(listed())


def outputs(env: dict[str, str]) -> dict[str, str]:
    command = [str(REPO / ".tools" / "bin" / "pulumi"), "stack", "output", "--json"]
    shown = subprocess.run(
        [*command, "--show-secrets", "--non-interactive"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    found: dict[str, str] = json.loads(shown.stdout)
    return found


@contextlib.contextmanager
def demo_emulator() -> Iterator[tuple[RunningEmulator, bool]]:
    """The emulator on the port of the last run where it is free; and whether it moved."""
    saved = DEMO / "emulator.port"
    wanted = int(saved.read_text()) if saved.exists() else 0
    with contextlib.ExitStack() as running:
        try:
            emulator = running.enter_context(emulator_on(wanted))
            moved = False
        except EmulatorFailedToStart:
            if not wanted:
                raise
            emulator = running.enter_context(emulator_on(0))
            moved = True
        saved.write_text(emulator.url.rsplit(":", 1)[1])
        yield emulator, moved


def emulator_on(port: int) -> contextlib.AbstractContextManager[RunningEmulator]:
    return start_emulator(api_key=DEMO_KEY, db=DEMO / "emulator.db", port=port)


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
    with demo_emulator() as (emulator, moved):
        print(f"demo: Composio emulator at {emulator.url} (database {DEMO / 'emulator.db'})")
        pulumi("stack", "select", "--create", STACK, env=env)
        pulumi("config", "set", "--secret", "composio:apiKey", DEMO_KEY, env=env)
        pulumi("config", "set", "composio:baseUrl", emulator.url, env=env)
        if moved:
            print("demo: the last run's port is taken; refreshing the URLs the stack holds")
            pulumi("refresh", "--yes", "--run-program", env=env)
        if action == "up":
            pulumi("up", "--yes", env=env)
            print("\ndemo: stack outputs")
            pulumi("stack", "output", env=env)
            shown = outputs(env)
            for output in ("agent_url", "session_url"):
                tools = served_tools(shown[output])
                print(
                    f"\ndemo: an MCP client connected to {output} (with x-api-key) is served "
                    f"{len(tools)} tools: {', '.join(tools)}"
                )
        else:
            pulumi("destroy", "--yes", "--run-program", env=env)
            pulumi("stack", "rm", "--yes", STACK, env=env)
    print("demo: emulator stopped")


if __name__ == "__main__":
    main()
