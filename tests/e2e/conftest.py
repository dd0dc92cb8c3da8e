"""Fixtures for end-to-end tests: a real emulator process and a real ``pulumi`` CLI stack.

Every test gets its own emulator (SQLite in memory) and its own file-backed stack in a
temp folder, and ends by destroying what it made, so tests are independent and can run
in parallel. A missing CLI fails the tests with the command that installs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pulumi_composio import ComposioClient
from pulumi_composio.emulator.process import RunningEmulator, start_emulator
from tests.support.pulumi_stack import (
    VENV,
    PulumiMissing,
    PulumiStack,
    pulumi_executable,
    python_host,
)

API_KEY = "sk-e2e-0123456789-SECRET"
WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})


@dataclass(frozen=True)
class ApiCall:
    """One API request from the emulator's log; ``path_suffix`` drops ``/api/v3[.1]``."""

    method: str
    path: str
    status: int

    @property
    def path_suffix(self) -> str:
        for prefix in ("/api/v3.1", "/api/v3"):
            if self.path.startswith(prefix + "/"):
                return self.path[len(prefix) :]
        return self.path


def api_calls(log: list[dict[str, Any]]) -> list[ApiCall]:
    return [ApiCall(entry["method"], entry["path"], entry["status"]) for entry in log]


def writes(log: list[dict[str, Any]]) -> list[ApiCall]:
    return [call for call in api_calls(log) if call.method in WRITE_METHODS]


@dataclass
class Deployment:
    """A stack wired to an emulator, and a client to look behind Pulumi's back."""

    stack: PulumiStack
    emulator: RunningEmulator
    api: ComposioClient

    def live_server_ids(self) -> set[str]:
        return {
            server["id"]
            for server in self.emulator.admin.servers(include_deleted=True)
            if not server["deleted"]
        }


def pytest_report_header() -> list[str]:
    """Which ``pulumi`` SDK the programs and the dynamic provider run on (see ``VENV``), and
    under which Python language host (see ``TOOLS_BIN``)."""
    installed = sorted(VENV.glob("lib/python*/site-packages/pulumi-*.dist-info"))
    sdk = installed[0].name.removesuffix(".dist-info").replace("-", " ") if installed else "none"
    return [
        f"e2e programs run in {VENV} with {sdk}",
        f"e2e Python language host: {python_host()}",
    ]


@pytest.fixture(scope="session")
def pulumi_cli() -> Path:
    try:
        return pulumi_executable()
    except PulumiMissing as missing:
        pytest.fail(str(missing), pytrace=False)


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[RunningEmulator]:
    with start_emulator(api_key=API_KEY, admin_token="e2e-admin") as running:
        yield running


@pytest.fixture
def deployment(pulumi_cli: Path, emulator: RunningEmulator, tmp_path: Path) -> Iterator[Deployment]:
    stack = PulumiStack(tmp_path / "stack")
    stack.write_program("import pulumi\n")
    stack.init(api_key=API_KEY, base_url=emulator.url)
    with ComposioClient(API_KEY, base_url=emulator.url) as api:
        yield Deployment(stack, emulator, api)
        if stack.resources():
            stack.destroy().check()
