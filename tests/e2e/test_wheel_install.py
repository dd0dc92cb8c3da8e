"""The package as users get it: built, installed from the wheel (or the sdist) into an infra
repo's virtualenv that already holds the newest ``pulumi``, and run by the real CLI.

Nothing here imports the checkout: the virtualenv lives in a temporary folder outside the
repo and holds only what ``pip install`` put there. pip's download cache is used, so a rerun
costs the build and the installs, not the downloads. A program running from the installed
wheel under the real CLI is the Python template's project in ``test_release.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from pulumi_composio.emulator._extra import EXTRA_MODULES
from pulumi_composio.native.resource_types import RESOURCE_TYPES
from tests.support.once import made_once
from tests.support.pulumi_stack import REPO, PulumiStack

PROJECT_VERSION = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
INSTALL_EXTRA = "pip install 'pulumi-composio[emulator]'"


def isolated_env() -> dict[str, str]:
    """The environment of a user's shell: nothing points Python at the checkout."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env.pop("VIRTUAL_ENV", None)
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=isolated_env(),
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert completed.returncode == 0, (
        f"{' '.join(map(str, command))} exited {completed.returncode}\n"
        f"{(completed.stdout + completed.stderr)[-4000:]}"
    )
    return completed


@dataclass(frozen=True)
class Distributions:
    wheel: Path
    sdist: Path


@dataclass(frozen=True)
class UserVenv:
    """A virtualenv as an infra repo has it, before and after adding our wheel."""

    path: Path
    before: dict[str, str]
    after: dict[str, str]

    @property
    def python(self) -> Path:
        return self.path / "bin" / "python"


def frozen(python: Path) -> dict[str, str]:
    """Every installed distribution (``pip list``, like ``pip freeze --all`` but also giving
    the version of one installed from a file) as normalised name -> version."""
    listing = json.loads(run(python, "-m", "pip", "list", "--format=json").stdout)
    return {item["name"].lower().replace("_", "-"): item["version"] for item in listing}


def make_venv(path: Path) -> Path:
    run(sys.executable, "-m", "venv", path)
    return path / "bin" / "python"


@pytest.fixture(scope="session")
def distributions(release: Path) -> Distributions:
    """The release's sdist and the wheel ``python -m build`` made from it (so a file the sdist
    forgot would be missing from the wheel too)."""
    (wheel,) = release.glob("pulumi_composio-*.whl")
    (sdist,) = release.glob("pulumi_composio-*.tar.gz")
    return Distributions(wheel, sdist)


@pytest.fixture(scope="session")
def user_venv(tmp_path_factory: pytest.TempPathFactory, distributions: Distributions) -> UserVenv:
    """``program/venv`` of an infra repo holding the newest ``pulumi``, then our wheel."""

    def install(repo: Path) -> None:
        python = make_venv(repo / "program" / "venv")
        run(python, "-m", "pip", "install", "--quiet", "pulumi")
        (repo / "before.json").write_text(json.dumps(frozen(python)))
        release = f"pulumi-composio=={PROJECT_VERSION}"
        links = distributions.wheel.parent
        run(python, "-m", "pip", "install", "--quiet", "--find-links", links, release)
        (repo / "after.json").write_text(json.dumps(frozen(python)))

    repo = made_once(tmp_path_factory, "infra-repo", install)
    before, after = (
        json.loads((repo / f"{when}.json").read_text()) for when in ("before", "after")
    )
    return UserVenv(repo / "program" / "venv", before, after)


def test_installing_the_wheel_changes_nothing_the_virtualenv_had(user_venv: UserVenv):
    assert not user_venv.path.is_relative_to(REPO)
    assert "pulumi-composio" not in user_venv.before
    changed = {
        name: (version, user_venv.after.get(name))
        for name, version in user_venv.before.items()
        if user_venv.after.get(name) != version
    }
    assert changed == {}, f"installing the wheel changed {changed}"
    assert user_venv.after["pulumi-composio"] == PROJECT_VERSION
    assert "pulumi" in user_venv.after


def test_the_wheel_installs_the_native_plugin_executable_which_serves_the_schema(
    pulumi_cli: Path, user_venv: UserVenv, tmp_path: Path
):
    """What a repo without a Python program installs (``pipx install`` does the same into a
    virtualenv of its own): the executable the engine runs, on the newest ``pulumi`` SDK."""
    plugin = user_venv.path / "bin" / "pulumi-resource-composio"
    assert plugin.exists()
    stack = PulumiStack(tmp_path / "schema")

    printed = stack.run("package", "get-schema", str(plugin)).check().stdout

    resources = json.loads(printed)["resources"]
    assert set(resources) == set(RESOURCE_TYPES)
    assert json.loads(printed)["version"] == PROJECT_VERSION


@pytest.mark.parametrize(
    "command",
    [["composio-emulator", "--port", "0"], ["python", "-m", "pulumi_composio.emulator"]],
    ids=["console-script", "python-m"],
)
def test_the_emulator_without_its_extra_says_how_to_install_it(
    user_venv: UserVenv, command: list[str]
):
    assert not EXTRA_MODULES & set(user_venv.after)
    completed = subprocess.run(
        [str(user_venv.path / "bin" / command[0]), *command[1:]],
        env={**isolated_env(), "COMPOSIO_EMULATOR_API_KEY": "k"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode != 0
    assert completed.stdout == ""
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    assert INSTALL_EXTRA in lines[0]
    assert "Traceback" not in completed.stderr


@pytest.fixture(scope="session")
def sdist_venv(tmp_path_factory: pytest.TempPathFactory, distributions: Distributions) -> Path:
    python = make_venv(tmp_path_factory.mktemp("from-sdist") / "venv")
    run(python, "-m", "pip", "install", "--quiet", distributions.sdist)
    return python


LIST_PACKAGE_FILES = """
import importlib.metadata, json
files = importlib.metadata.files("pulumi-composio") or []
print(json.dumps(sorted(
    str(f) for f in files if f.parts[0] == "pulumi_composio" and "__pycache__" not in f.parts
)))
"""


def installed_files(python: Path) -> list[str]:
    """The package's files as the installed distribution records them."""
    files: list[str] = json.loads(run(python, "-c", LIST_PACKAGE_FILES).stdout)
    return files


def test_the_sdist_installs_the_same_package_as_the_wheel(sdist_venv: Path, user_venv: UserVenv):
    from_sdist = installed_files(sdist_venv)
    assert from_sdist == installed_files(user_venv.python)
    assert "pulumi_composio/py.typed" in from_sdist
    assert "pulumi_composio/pulumi-plugin.json" in from_sdist
    version = run(sdist_venv, "-c", "import pulumi_composio; print(pulumi_composio.__version__)")
    assert version.stdout.strip() == PROJECT_VERSION
