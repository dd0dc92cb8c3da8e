"""Fixtures for end-to-end tests: a real emulator process and a real ``pulumi`` CLI stack.

Every test gets its own emulator (SQLite in memory) and its own file-backed stack in a
temp folder, and ends by destroying what it made, so tests are independent and can run
in parallel. A missing CLI fails the tests with the command that installs it. Every test
here carries the ``e2e`` mark.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pulumi_composio.emulator.process import RunningEmulator, start_emulator
from tests.support.deployment import API_KEY, Deployment, deployed
from tests.support.missing_tools import required
from tests.support.native_program import require_native_plugin
from tests.support.pulumi_stack import (
    VENV,
    PulumiStack,
    pulumi_executable,
    python_host,
    yaml_host,
)

HERE = Path(__file__).parent


def pytest_report_header() -> list[str]:
    """Which ``pulumi`` SDK the programs and the dynamic provider run on (see ``VENV``), and
    under which Python language host (see ``TOOLS_BIN``)."""
    installed = sorted(VENV.glob("lib/python*/site-packages/pulumi-*.dist-info"))
    sdk = installed[0].name.removesuffix(".dist-info").replace("-", " ") if installed else "none"
    return [
        f"e2e programs run in {VENV} with {sdk}",
        f"e2e Python language host: {python_host()}",
    ]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """``-m e2e`` selects this suite, ``-m "not e2e"`` leaves it out."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def pulumi_cli() -> Path:
    return required(pulumi_executable)


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[RunningEmulator]:
    with start_emulator(api_key=API_KEY, admin_token="e2e-admin") as running:
        yield running


@pytest.fixture
def deployment(pulumi_cli: Path, emulator: RunningEmulator, tmp_path: Path) -> Iterator[Deployment]:
    stack = PulumiStack(tmp_path / "stack")
    stack.write_program("import pulumi\n")
    with deployed(stack, emulator) as made:
        yield made


@pytest.fixture
def yaml_deployment(deployment: Deployment) -> Deployment:
    """``deployment`` for a YAML program, served by the native plugin: the test fails with the
    command that installs Pulumi's YAML host or the plugin when either is missing."""
    required(yaml_host)
    required(lambda: require_native_plugin(deployment.stack))
    return deployment
