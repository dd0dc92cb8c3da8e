"""The fixtures every suite that drives the real CLI shares: the CLI, an emulator, a stack.

Registered for the whole test tree by ``tests/conftest.py``, so the e2e, fault and scale
suites take them by name and no conftest imports another. Every test gets its worker's
emulator (SQLite in memory) emptied and its own file-backed stack in a temp folder, so tests
are independent and can run in parallel without destroying what they made. A missing CLI
fails the tests with the command that installs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pulumi_composio.emulator.process import RunningEmulator, start_emulator
from tests.support.deployment import API_KEY, Deployment, deployed
from tests.support.missing_tools import required
from tests.support.pulumi_stack import PulumiStack, pulumi_executable


@pytest.fixture(scope="session")
def pulumi_cli() -> Path:
    return required(pulumi_executable)


@pytest.fixture(scope="session")
def running_emulator() -> Iterator[RunningEmulator]:
    """One emulator per worker process (each xdist worker has its own session)."""
    with start_emulator(api_key=API_KEY, admin_token="e2e-admin") as running:
        yield running


@pytest.fixture
def emulator(running_emulator: RunningEmulator) -> RunningEmulator:
    """The worker's emulator, emptied for this test: no servers or auth configs but the
    catalogue's, no fault plan, no logged requests. Starting one per test cost a second."""
    running_emulator.admin.reset()
    return running_emulator


@pytest.fixture
def deployment(pulumi_cli: Path, emulator: RunningEmulator, tmp_path: Path) -> Iterator[Deployment]:
    stack = PulumiStack(tmp_path / "stack")
    stack.write_program("import pulumi\n")
    with deployed(stack, emulator) as made:
        yield made
