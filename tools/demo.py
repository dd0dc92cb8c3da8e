"""``make demo``: the quickstart stack, applied offline with the real ``pulumi`` CLI.

It starts the Composio emulator with a database under ``.demo/``, points a local file
backend and a ``demo`` stack at it (the key stored as a secret), runs ``pulumi up`` on the
root project and prints the outputs; then, as an agent would, it connects the official MCP
client to the agent's URL output and to the session's, and prints the tools each serves.
Last, it fires the trigger through the emulator's admin route at a receiver of its own (the
subscription's ``webhookUrl``) and checks the delivery's signature with the stack's
``webhook_secret``. The trigger needs the agent's GitHub connected account, which a user makes
with Composio's connect flow in a browser: offline, the demo seeds it through the admin route
before ``pulumi up``, once. ``destroy`` tears it all down. The emulator is stopped at the end
either way; its database keeps the servers for the next run, which is therefore a no-op
update, and it listens on the same port again (kept in ``.demo/emulator.port``, the receiver's
in ``.demo/receiver.port``) so that the URLs in the stack still reach them.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import hashlib
import hmac
import json
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from pulumi_composio.emulator.process import EmulatorFailedToStart, RunningEmulator, start_emulator

REPO = Path(__file__).resolve().parents[1]
DEMO = Path(os.environ.get("COMPOSIO_DEMO_DIR") or REPO / ".demo")
STACK = os.environ.get("COMPOSIO_DEMO_STACK") or "demo"
"""Tests run the demo with their own folder and stack so that they never touch yours."""
DEMO_KEY = "demo-local-key-not-a-secret-elsewhere"
DEMO_ADMIN = "demo-local-admin-not-a-secret-elsewhere"
AGENT = "support-agent"
"""The quickstart's user: its trigger is on this user's GitHub account."""
ISSUE_OPENED = {"action": "opened", "number": 1, "title": "The demo's first issue"}


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
    return start_emulator(
        api_key=DEMO_KEY, admin_token=DEMO_ADMIN, db=DEMO / "emulator.db", port=port
    )


@contextlib.contextmanager
def receiver() -> Iterator[tuple[str, queue.Queue[tuple[dict[str, str], str]]]]:
    """The team's webhook receiver, on the port of the last run where it is free: its URL and
    the deliveries (headers, raw body) it got, which it answers 204."""
    deliveries: queue.Queue[tuple[dict[str, str], str]] = queue.Queue()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"])).decode()
            deliveries.put(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return

    saved = DEMO / "receiver.port"
    wanted = int(saved.read_text()) if saved.exists() else 0
    try:
        server = ThreadingHTTPServer(("127.0.0.1", wanted), Handler)
    except OSError:
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    saved.write_text(str(port))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://localhost:{port}/composio/events", deliveries
    finally:
        server.shutdown()
        server.server_close()


def connect_agents_github(emulator: RunningEmulator) -> None:
    """Seed the agent's GitHub connected account, unless the database has one already."""
    accounts = emulator.admin.records("connected_accounts")
    if any(a["user_id"] == AGENT and a["status"] == "ACTIVE" for a in accounts):
        return
    print(
        f"demo: seeding {AGENT}'s GitHub connected account through the emulator's admin route:"
        " the trigger lives on it, and Composio's connect flow needs a browser"
    )
    emulator.admin.seed_connected_account(AGENT)


def signature_verifies(headers: dict[str, str], body: str, secret: str) -> bool:
    """Standard webhooks, as Composio signs: a ``v1,`` HMAC-SHA256 of ``id.timestamp.body``."""
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.{body}".encode()
    expected = base64.b64encode(hmac.new(secret.encode(), signed, hashlib.sha256).digest())
    given = [part.removeprefix("v1,") for part in headers["webhook-signature"].split()]
    return any(hmac.compare_digest(expected.decode(), part) for part in given)


def fire_trigger(
    emulator: RunningEmulator,
    shown: dict[str, str],
    deliveries: queue.Queue[tuple[dict[str, str], str]],
) -> None:
    """Fire the trigger, as a new GitHub issue would, and check what the receiver got."""
    fired = emulator.admin.fire_trigger(shown["trigger_id"], ISSUE_OPENED)
    headers, body = deliveries.get_nowait()  # the admin route answers after the receiver
    verified = signature_verifies(headers, body, shown["webhook_secret"])
    print(
        f"\ndemo: fired GITHUB_ISSUE_ADDED_EVENT; the receiver at {fired['url']} got a "
        f"{json.loads(body)['type']} event whose signature "
        + ("verified with the stack's webhook_secret" if verified else "DID NOT VERIFY")
    )
    if not verified:
        sys.exit("demo: the delivery's signature did not verify with the stack's secret")


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
    with demo_emulator() as (emulator, moved), receiver() as (webhook_url, deliveries):
        print(f"demo: Composio emulator at {emulator.url} (database {DEMO / 'emulator.db'})")
        pulumi("stack", "select", "--create", STACK, env=env)
        pulumi("config", "set", "--secret", "composio:apiKey", DEMO_KEY, env=env)
        pulumi("config", "set", "composio:baseUrl", emulator.url, env=env)
        pulumi("config", "set", "webhookUrl", webhook_url, env=env)
        if moved:
            print("demo: the last run's port is taken; refreshing the URLs the stack holds")
            pulumi("refresh", "--yes", "--run-program", env=env)
        if action == "up":
            connect_agents_github(emulator)
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
            fire_trigger(emulator, shown, deliveries)
        else:
            pulumi("destroy", "--yes", "--run-program", env=env)
            pulumi("stack", "rm", "--yes", STACK, env=env)
    print("demo: emulator stopped")


if __name__ == "__main__":
    main()
