"""Without the ``emulator`` extra the library imports and the emulator says what to install.

The installed-wheel test (tests/e2e/test_wheel_install.py) proves this on a real install;
here the extra's modules are hidden from a fresh interpreter, which takes a second.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from pulumi_composio.emulator._extra import EXTRA_MODULES, INSTALL_COMMAND

_HIDE_EXTRA = f"""
import importlib.abc, sys
class _Hide(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {sorted(EXTRA_MODULES)!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, _Hide())
"""


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _HIDE_EXTRA + code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_library_and_the_emulator_package_import_without_the_extra() -> None:
    completed = _python(
        "import pulumi_composio, pulumi_composio.emulator, pulumi_composio.native\n"
        "print(sorted(m for m in sys.modules if m.partition('.')[0] in "
        f"{sorted(EXTRA_MODULES)!r}))"
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == "[]"


@pytest.mark.parametrize("name", ["BUILT_IN", "Catalogue", "create_app", "EmulatorSettings"])
def test_what_needs_the_extra_names_the_install_command(name: str) -> None:
    completed = _python(f"import pulumi_composio.emulator as e\ne.{name}")
    assert completed.returncode != 0
    assert completed.stderr.strip().splitlines()[-1].endswith(INSTALL_COMMAND)


def test_the_command_without_the_extra_prints_one_line() -> None:
    completed = _python(
        "import runpy\nrunpy.run_module('pulumi_composio.emulator', run_name='__main__')"
    )
    assert completed.returncode != 0
    [line] = completed.stderr.strip().splitlines()
    assert line.startswith("composio-emulator: the emulator extra is not installed (no module ")
    assert line.endswith(f"); run: {INSTALL_COMMAND}")
