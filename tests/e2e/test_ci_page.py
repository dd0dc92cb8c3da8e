"""docs/ci.md's workflow, its ``pulumi`` steps run as GitHub Actions would run them.

The workflow is read out of the page. Each job runs on a runner of its own: a fresh ``HOME``
(so ``~/.pulumi`` is the runner's), ``PATH`` with only the pinned CLI and the system, the job's
``env`` with every ``${{ secrets.NAME }}`` replaced (the emulator's key, a passphrase, a local
file backend), and a fresh copy of the checkout, which holds the program and the
``Pulumi.dev.yaml`` the page's one-time step commits. The only thing added is
``COMPOSIO_BASE_URL``, the emulator's URL, which the workflow leaves to Composio's default.
The plugin comes from the release served under the installation page's override in the pull
request's job; the merge's job gets it only from the cache the workflow keeps, with downloads
made impossible, so a cache path that missed the plugin fails the test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from pulumi_composio.emulator.process import RunningEmulator
from pulumi_composio.native.schema import PLUGIN_DOWNLOAD_URL
from tests.support.deployment import API_KEY
from tests.support.markdown_pages import DOCS, fenced_blocks
from tests.support.missing_tools import required
from tests.support.pulumi_stack import PINNED_VERSION, pulumi_executable, yaml_host
from tests.support.users_machine import (
    NOWHERE,
    documented_override,
    installed_plugins,
    served,
)
from tools.dist import version

CI_PAGE = DOCS / "ci.md"
RELEASE = version()
SECRETS = {"COMPOSIO_API_KEY": API_KEY, "PULUMI_CONFIG_PASSPHRASE": "ci-passphrase"}
PROGRAM = f"""\
name: infra
runtime: yaml
resources:
  support:
    type: composio:index:CustomMcpServer
    properties:
      name: Support From CI
      toolkits: [github]
    options:
      version: {RELEASE}
      pluginDownloadURL: {PLUGIN_DOWNLOAD_URL}
outputs:
  serverId: ${{support.id}}
"""


@pytest.fixture(scope="module")
def mirror(release: Path) -> Iterator[str]:
    """``make dist``'s release over loopback, standing in for the release page."""
    with served(release) as url:
        yield url


def workflow() -> dict[str, Any]:
    """The page's one workflow (the ```yaml block that starts ``name:``)."""
    (block,) = [b for b in fenced_blocks(CI_PAGE, "yaml") if b.startswith("name: ")]
    loaded: dict[str, Any] = yaml.safe_load(block)
    return loaded


def workstation_commands() -> list[str]:
    """The ``pulumi`` lines of the page's one-time step (``git`` and ``export`` are the
    test's to do: it commits by copying the folder and sets the variables itself)."""
    (block,) = [b for b in fenced_blocks(CI_PAGE, "sh") if b.startswith("cd infra\n")]
    return [line for line in block.splitlines() if line.startswith("pulumi ")]


def with_secrets(value: str, secrets: dict[str, str]) -> str:
    """``value`` with each ``${{ secrets.NAME }}`` as GitHub fills it in; any other
    expression fails, since the test could not honour it."""
    filled = re.sub(r"\$\{\{ secrets\.(\w+) \}\}", lambda m: secrets[m.group(1)], value)
    assert "${{" not in filled, f"{value!r} holds an expression other than a secret"
    return filled


def pulumi_steps(job: dict[str, Any], event: str) -> list[str]:
    """The job's ``run:`` lines on ``event``, in order; every one must be a ``pulumi``
    command (the CLI and the cache come from actions), and every ``if:`` an event test."""
    lines: list[str] = []
    for step in job["steps"]:
        if "if" in step:
            condition = re.fullmatch(r"github\.event_name == '(\w+)'", step["if"])
            assert condition, f"the test cannot evaluate if: {step['if']}"
            if condition.group(1) != event:
                continue
        for line in step.get("run", "").splitlines():
            assert line.startswith("pulumi "), f"a run step the test does not run: {line}"
            lines.append(line)
    return lines


def action(job: dict[str, Any], name: str) -> dict[str, Any]:
    (step,) = [s for s in job["steps"] if s.get("uses", "").startswith(f"{name}@")]
    return step


@dataclass
class Runner:
    """One job's machine: its home, its checkout of the repository and its environment."""

    home: Path
    checkout: Path
    env: dict[str, str]

    def cache_path(self, cache: dict[str, Any]) -> Path:
        """Where the cache step's ``path`` is on this runner."""
        return Path(cache["with"]["path"].replace("~", str(self.home), 1))

    def run(self, line: str, working_directory: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            ["sh", "-c", line],
            cwd=self.checkout / working_directory,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"{line}\n{done.stdout}{done.stderr}"
        return done


def runner(root: Path, repository: Path, env: dict[str, str], cli: Path) -> Runner:
    """A fresh runner: ``repository`` checked out, nothing in its home."""
    (root / "home").mkdir(parents=True)
    shutil.copytree(repository, root / "checkout")
    machine = {
        "HOME": str(root / "home"),
        # The engine finds ~/.pulumi through the user database, not $HOME: name it.
        "PULUMI_HOME": str(root / "home" / ".pulumi"),
        "PATH": os.pathsep.join([str(cli.parent), "/usr/bin", "/bin"]),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "HTTP_PROXY": NOWHERE,
        "HTTPS_PROXY": NOWHERE,
        "NO_PROXY": "127.0.0.1,localhost",
    }
    return Runner(root / "home", root / "checkout", {**machine, **env})


def test_the_ci_workflow_previews_a_pull_request_and_applies_the_merge(
    emulator: RunningEmulator, mirror: str, tmp_path: Path
) -> None:
    cli = required(pulumi_executable)
    required(yaml_host)
    assert emulator.admin is not None
    flow = workflow()
    assert set(flow.get("on") or flow[True]) == {"pull_request", "push"}
    (job,) = flow["jobs"].values()
    folder = job["defaults"]["run"]["working-directory"]
    assert action(job, "pulumi/actions")["with"]["pulumi-version"] == PINNED_VERSION.lstrip("v")
    cache = action(job, "actions/cache")
    secrets = {**SECRETS, "PULUMI_BACKEND_URL": (tmp_path / "state").as_uri()}
    env = {name: with_secrets(value, secrets) for name, value in job["env"].items()}
    env["COMPOSIO_BASE_URL"] = emulator.url
    (tmp_path / "state").mkdir()

    repository = tmp_path / "repository"
    (repository / folder).mkdir(parents=True)
    (repository / folder / "Pulumi.yaml").write_text(PROGRAM)
    workstation = runner(tmp_path / "workstation", repository, env, cli)
    for line in workstation_commands():
        workstation.run(line, folder)
    shutil.copy2(workstation.checkout / folder / "Pulumi.dev.yaml", repository / folder)

    pull_request = runner(tmp_path / "pull-request", repository, env, cli)
    pull_request.env["PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES"] = documented_override(mirror)
    previewed = [pull_request.run(line, folder) for line in pulumi_steps(job, "pull_request")]
    assert "+ composio:index:CustomMcpServer: (create)" in previewed[-1].stdout
    assert emulator.admin.servers(include_deleted=True) == []
    cached = pull_request.cache_path(cache)
    assert installed_plugins(cached.parent) == [f"resource-composio-v{RELEASE}"]

    merge = runner(tmp_path / "merge", repository, env, cli)
    shutil.copytree(cached, merge.cache_path(cache))
    for line in pulumi_steps(job, "push"):
        merge.run(line, folder)
    (server,) = emulator.admin.servers(include_deleted=True)
    assert (server["name"], server["deleted"]) == ("Support From CI", False)

    merge.run("pulumi destroy --yes", folder)
    assert [s["deleted"] for s in emulator.admin.servers(include_deleted=True)] == [True]
