"""Start the emulator as a real child process and talk to its admin surface.

Tests, the demo and the benchmarks all need "an emulator on a free loopback port, now,
and gone afterwards"; :func:`start_emulator` is that, as a context manager. Keys travel
to the child in its environment, never on its command line.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

__all__ = [
    "READY_PREFIX",
    "EmulatorAdmin",
    "EmulatorFailedToStart",
    "RunningEmulator",
    "start_emulator",
]

READY_PREFIX = "composio-emulator ready at "
"""The start of the one line the emulator prints once it accepts connections."""


class EmulatorFailedToStart(RuntimeError):
    """The child process exited or stayed silent; the message carries its stderr."""


class EmulatorAdmin:
    """The ``/_emulator/`` surface: request log, faults, each family's records, reset."""

    def __init__(self, url: str, token: str) -> None:
        self._http = httpx.Client(
            base_url=url + "/_emulator", headers={"authorization": f"Bearer {token}"}, timeout=30
        )

    def close(self) -> None:
        self._http.close()

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._http.request(method, path, **kwargs)
        response.raise_for_status()
        return response.json()

    def requests(self) -> list[dict[str, Any]]:
        """Every API request so far: ``method``, ``path``, ``query``, ``status``, ``fault``,
        ``time`` (when it arrived, Unix seconds) and ``request_id``."""
        return list(self._json("GET", "/requests")["requests"])

    def held(self) -> int:
        """How many requests (or answers) wait on the fault plan's ``hold`` now."""
        return int(self._json("GET", "/requests")["held"])

    def clear_requests(self) -> None:
        self._json("DELETE", "/requests")

    def records(self, family: str, *, include_deleted: bool = False) -> list[dict[str, Any]]:
        """The admin view of a family (``"servers"``, ``"auth_configs"``, ...): its live
        records, oldest first, or every one with ``include_deleted``."""
        params = {"include_deleted": "true" if include_deleted else "false"}
        return list(self._json("GET", f"/{family}", params=params)[family])

    def servers(self, *, include_deleted: bool = False) -> list[dict[str, Any]]:
        """Every server as ``GET /mcp/{id}`` shows it."""
        return self.records("servers", include_deleted=include_deleted)

    def auth_configs(self, *, include_deleted: bool = False) -> list[dict[str, Any]]:
        """Every auth config as the API shows it (credentials redacted), with ``deleted`` and
        ``credentials_set``; the catalogue's seeded ones included."""
        return self.records("auth_configs", include_deleted=include_deleted)

    def set_faults(self, **plan: Any) -> dict[str, Any]:
        """Replace the fault plan (see :class:`~.faults.FaultPlan`); no arguments clears it."""
        return dict(self._json("PUT", "/faults", json=plan))

    def change_settings(self, **changes: Any) -> None:
        """Change the running emulator's ``api_key``, ``read_only_key`` (``None`` revokes it)
        or ``retire_legacy_mcp``, without a restart (see :class:`~.admin.SettingsChange`)."""
        self._json("PATCH", "/settings", json=changes)

    def seed_connected_account(
        self, user_id: str, auth_config_id: str = "ac_github_default"
    ) -> dict[str, Any]:
        """An active connected account of ``user_id`` on ``auth_config_id`` (by default the
        catalogue's Composio-managed GitHub config), as if the user had just gone through
        Composio's connect flow, which needs a browser and so cannot run offline. A
        ``Trigger`` needs one for its user. Answers the account as the API shows it."""
        body = {"user_id": user_id, "auth_config_id": auth_config_id}
        return dict(self._json("POST", "/connected_accounts", json=body))

    def fire_trigger(self, trigger_id: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Deliver an event of trigger ``trigger_id`` with ``payload`` to the project's webhook
        subscription, signed with its secret. Answers once the receiver has answered: what
        was sent (``url``, ``headers``, ``body``) and the receiver's ``status``."""
        return dict(self._json("POST", f"/triggers/{trigger_id}/fire", json=payload))

    def reset(self) -> None:
        self._json("POST", "/reset")


@dataclass
class RunningEmulator:
    url: str
    """``http://127.0.0.1:PORT``, the base URL to give a client or ``composio:baseUrl``."""
    process: subprocess.Popen[bytes]
    _admin: EmulatorAdmin | None

    @property
    def admin(self) -> EmulatorAdmin:
        if self._admin is None:
            raise RuntimeError("this emulator was started without an admin token")
        return self._admin

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextmanager
def start_emulator(
    *,
    api_key: str,
    read_only_key: str | None = None,
    admin_token: str | None = None,
    db: str | Path = ":memory:",
    catalogue: Path | None = None,
    mcp_base_url: str | None = None,
    require_mcp_api_key: bool = True,
    retire_legacy_mcp: bool = False,
    host: str = "127.0.0.1",
    port: int = 0,
    startup_timeout: float = 60.0,
) -> Iterator[RunningEmulator]:
    """Run ``composio-emulator`` until the block ends; ``port=0`` takes a free port."""
    env = {**os.environ, "COMPOSIO_EMULATOR_API_KEY": api_key}
    for variable, value in (
        ("COMPOSIO_EMULATOR_READ_ONLY_KEY", read_only_key),
        ("COMPOSIO_EMULATOR_ADMIN_TOKEN", admin_token),
    ):
        env.pop(variable, None)
        if value:
            env[variable] = value
    command = [sys.executable, "-m", "pulumi_composio.emulator"]
    command += ["--host", host, "--port", str(port), "--db", str(db)]
    if catalogue is not None:
        command += ["--catalogue", str(catalogue)]
    if mcp_base_url is not None:
        command += ["--mcp-base-url", mcp_base_url]
    if not require_mcp_api_key:
        command += ["--no-require-mcp-api-key"]
    if retire_legacy_mcp:
        command += ["--retire-legacy-mcp"]
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=stderr)
        try:
            url = _await_ready(process, startup_timeout)
        except EmulatorFailedToStart as failure:
            process.kill()
            process.wait()
            stderr.seek(0)
            detail = stderr.read().decode(errors="replace").strip()
            raise EmulatorFailedToStart(f"{failure}\n{detail}".strip()) from None
        running = RunningEmulator(
            url, process, EmulatorAdmin(url, admin_token) if admin_token else None
        )
        try:
            yield running
        finally:
            running.stop()


def _await_ready(process: subprocess.Popen[bytes], timeout: float) -> str:
    assert process.stdout is not None
    stdout = process.stdout
    found: list[str] = []

    def read_ready_line() -> None:
        for raw in stdout:
            line = raw.decode(errors="replace").strip()
            if line.startswith(READY_PREFIX):
                found.append(line[len(READY_PREFIX) :])
                return

    reader = threading.Thread(target=read_ready_line, daemon=True)
    reader.start()
    reader.join(timeout)
    if found:
        return found[0]
    if not reader.is_alive():  # stdout closed: the child is exiting, let it finish
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
    if process.poll() is not None:
        raise EmulatorFailedToStart(f"composio-emulator exited with code {process.returncode}")
    raise EmulatorFailedToStart(f"composio-emulator printed no ready line within {timeout:.0f}s")
