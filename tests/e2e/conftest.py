"""The end-to-end suite's own hooks and fixtures; the CLI, emulator and stack fixtures it
shares with the fault and scale suites are in :mod:`tests.support.cli_fixtures`. Every test
here carries the ``e2e`` mark.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.deployment import Deployment
from tests.support.missing_tools import required
from tests.support.native_program import require_native_plugin, served_from_the_plugin_cache
from tests.support.once import made_once
from tests.support.pulumi_stack import CLI_VERSION, TOOLS_BIN, VENV, python_host, yaml_host
from tools.dist import build_release, host_platform

HERE = Path(__file__).parent


def pytest_report_header() -> list[str]:
    """Which Pulumi CLI the tests drive (see ``CLI_VERSION``), which ``pulumi`` SDK the
    programs and the dynamic provider run on (see ``VENV``), and under which Python language
    host (see ``TOOLS_BIN``)."""
    installed = sorted(VENV.glob("lib/python*/site-packages/pulumi-*.dist-info"))
    sdk = installed[0].name.removesuffix(".dist-info").replace("-", " ") if installed else "none"
    return [
        f"e2e Pulumi CLI: {CLI_VERSION}, in {TOOLS_BIN}",
        f"e2e programs run in {VENV} with {sdk}",
        f"e2e Python language host: {python_host()}",
    ]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """``-m e2e`` selects this suite, ``-m "not e2e"`` leaves it out."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def yaml_deployment(deployment: Deployment) -> Deployment:
    """``deployment`` for a YAML program, served by the native plugin from the stack's plugin
    cache: the test fails with the command that installs Pulumi's YAML host or the plugin when
    either is missing."""
    required(yaml_host)
    required(lambda: require_native_plugin(deployment.stack))
    served_from_the_plugin_cache(deployment.stack)
    return deployment


@pytest.fixture(scope="session")
def release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``tools/dist.py`` (``make dist``) for this machine's platform, once per run."""
    return made_once(tmp_path_factory, "release", lambda out: build_release(out, [host_platform()]))
