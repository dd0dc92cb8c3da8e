"""The release as users install it: from ``make dist``'s files only, by name, into projects
that ``pulumi new`` makes from the templates (``templates/<language>``) outside the clone.

A fresh ``PULUMI_HOME``, no ``pulumi-resource-composio`` on ``PATH`` and automatic plugin
acquisition on, as on any machine: the engine fetches the plugin archive from the URL the
program's SDK names (a YAML program names it on each resource), and only under the override
line the installation page prints for air-gapped teams, anchored on our ``pluginDownloadURL``,
does that URL lead to a loopback HTTP server of the release's folder. A program that would ask
Pulumi's own download host instead fails. Each package manager finds the release's package the
way the installation page says: pip through ``PIP_FIND_LINKS``, npm from the tarball, Go
through a ``GOPROXY`` that serves the release's ``goproxy/`` folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pulumi_composio import ComposioClient
from pulumi_composio.emulator.process import RunningEmulator
from pulumi_composio.native.schema import GO_MODULE, PLUGIN_DOWNLOAD_URL
from tests.support.api_log import writes
from tests.support.deployment import API_KEY, Deployment
from tests.support.languages import default_hosts, go, language_stack, node, npm
from tests.support.missing_tools import required
from tests.support.pulumi_stack import REPO, CommandResult, PulumiStack, yaml_host
from tests.support.users_machine import documented_override, installed_plugins, served
from tools.dist import host_platform, version

RELEASE = version()
TEMPLATES = REPO / "templates"


@pytest.fixture(scope="session")
def mirror(release: Path) -> Iterator[str]:
    """The release folder over loopback HTTP, as a release page or an artifact store serves it."""
    with served(release) as url:
        yield url


def as_a_user(stack: PulumiStack, mirror: str | None = None) -> None:
    """The CLI as on a user's machine: no plugin of ours anywhere, downloads allowed, nothing
    pointing Python at the checkout; with ``mirror``, the release served only under the
    installation page's override."""
    tools = {stack.pulumi.parent, Path(node()).parent, Path(npm()).parent, Path(go()).parent}
    stack.env["PATH"] = os.pathsep.join([*sorted(map(str, tools)), "/usr/bin", "/bin"])
    assert shutil.which("pulumi-resource-composio", path=stack.env["PATH"]) is None
    stack.env.pop("PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION")
    for variable in [key for key in stack.env if key.startswith("PYTHON")]:
        del stack.env[variable]
    stack.env.pop("VIRTUAL_ENV", None)
    if mirror:
        stack.env["PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES"] = documented_override(mirror)


def new_project(stack: PulumiStack, language: str, *extra: str) -> CommandResult:
    """``pulumi new ./templates/<language>`` in the stack's (empty) folder, outside the clone,
    as the installation page prints it for a script: ``--yes`` takes the template's defaults."""
    assert not stack.program_dir.is_relative_to(REPO)
    (stack.program_dir / "Pulumi.yaml").unlink(missing_ok=True)
    return stack.run(
        "new", str(TEMPLATES / language), "--name", stack.project, "--yes", *extra
    ).check()


@contextmanager
def made_from_template(
    stack: PulumiStack, emulator: RunningEmulator, language: str
) -> Iterator[Deployment]:
    """The stack ``pulumi new`` makes from ``language``'s template, its base URL the emulator's
    (``--config``) and its key set as the page says (``config set --secret``)."""
    new_project(
        stack, language, "--stack", stack.stack, "--config", f"composio:baseUrl={emulator.url}"
    )
    stack.set_config("composio:apiKey", API_KEY, secret=True)
    with deployment_of(stack, emulator) as deployment:
        yield deployment


@contextmanager
def deployment_of(stack: PulumiStack, emulator: RunningEmulator) -> Iterator[Deployment]:
    """``stack``, already configured, as a :class:`Deployment`, with its key kept encrypted;
    destroyed at the end if anything is left in it."""
    settings = (stack.program_dir / f"Pulumi.{stack.stack}.yaml").read_text()
    assert API_KEY not in settings
    assert "composio:apiKey:\n    secure:" in settings
    with ComposioClient(API_KEY, base_url=emulator.url) as api:
        try:
            yield Deployment(stack, emulator, api)
        finally:
            if stack.resources():
                stack.destroy().check()


def runs_its_lifecycle(deployment: Deployment, *, plugin: bool = True) -> CommandResult:
    """``preview`` (fetching the plugin when the program needs it), plain ``up``, the server
    live with the template's tools, a no-change ``preview`` with no write, ``destroy`` leaving
    nothing live; the first preview, for what else it showed."""
    stack, admin = deployment.stack, deployment.emulator.admin
    first_preview = stack.preview().check()
    assert installed_plugins(stack.home) == ([f"resource-composio-v{RELEASE}"] if plugin else [])
    stack.up().check()
    outputs = stack.outputs()
    assert deployment.live_server_ids() == {outputs["serverId"]}
    live = deployment.api.get_server(outputs["serverId"])
    assert live.mcp_url == outputs["mcpUrl"]
    assert sorted(live.allowed_tools) == ["GITHUB_CREATE_ISSUE", "GITHUB_LIST_REPOSITORY_ISSUES"]
    admin.clear_requests()
    stack.preview("--expect-no-changes").check()
    assert writes(admin.requests()) == []
    stack.destroy().check()
    assert deployment.live_server_ids() == set()
    return first_preview


def test_the_release_holds_every_file_at_one_version_with_their_sums(release: Path):
    manifest = json.loads((release / "release.json").read_text())
    archive = f"pulumi-resource-composio-v{RELEASE}-{host_platform()}.tar.gz"
    assert manifest["version"] == RELEASE
    assert {
        archive,
        f"pulumi_composio-{RELEASE}-py3-none-any.whl",
        f"pulumi_composio-{RELEASE}.tar.gz",
        f"pulumi-composio-{RELEASE}.tgz",
        f"pulumi-composio-policy-{RELEASE}.tar.gz",  # run by tests/e2e/test_policy.py
    } <= set(manifest["files"])
    sums = dict(
        reversed(line.split("  ")) for line in (release / "SHA256SUMS").read_text().splitlines()
    )
    files = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    assert set(sums) == files - {"SHA256SUMS", ".made"}
    assert manifest["go"]["tag"] == f"sdk/go/v{RELEASE}"
    module = release / manifest["go"]["proxy"] / GO_MODULE / "@v"
    assert (module / "list").read_text().split() == [f"v{RELEASE}"]
    assert {p.name for p in module.iterdir()} >= {f"v{RELEASE}.{k}" for k in ("info", "mod", "zip")}


def test_a_yaml_project_from_its_template_gets_the_plugin_from_the_mirror_and_runs(
    mirror: str, emulator: RunningEmulator, tmp_path: Path
):
    required(yaml_host)
    stack = PulumiStack(tmp_path / "stack", project="released-yaml")
    as_a_user(stack, mirror)
    with made_from_template(stack, emulator, "yaml") as deployment:
        runs_its_lifecycle(deployment)


def test_a_python_project_from_its_template_installs_the_wheel_and_runs(
    release: Path, mirror: str, emulator: RunningEmulator, tmp_path: Path
):
    """pip finds the release's wheel through ``PIP_FIND_LINKS`` while ``pulumi new`` fills
    the project's virtualenv; the dynamic provider needs no plugin.

    Run as from a shell where that virtualenv is activated, whose ``PATH`` holds the wheel's
    own ``pulumi-resource-composio``: the package's ``pulumi-plugin.json`` tells Pulumi's
    Python host it is no provider SDK, so the engine neither looks for a ``composio`` plugin
    nor warns "using pulumi-resource-composio from $PATH"."""
    stack = PulumiStack(tmp_path / "stack", project="released-python")
    as_a_user(stack, mirror)
    stack.env["PIP_FIND_LINKS"] = str(release)
    stack.env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    with made_from_template(stack, emulator, "python") as deployment:
        venv = stack.program_dir / "venv"
        installed = sorted(p.name for p in venv.glob("lib/python*/site-packages/pulumi_composio-*"))
        assert installed == [f"pulumi_composio-{RELEASE}.dist-info"]
        stack.env["PATH"] = os.pathsep.join([str(venv / "bin"), stack.env["PATH"]])
        preview = runs_its_lifecycle(deployment, plugin=False)
        assert "from $PATH" not in preview.output


def test_a_go_project_from_its_template_gets_the_sdk_from_the_release_proxy_and_runs(
    release: Path, mirror: str, emulator: RunningEmulator, tmp_path: Path
):
    """``go mod tidy`` (what ``pulumi new`` runs) finds the SDK by its module path in the
    release's ``goproxy/`` folder, everything else in the usual proxy and module cache."""
    stack = required(
        lambda: language_stack(tmp_path / "stack", default_hosts(), "go", project="released-go")
    )
    as_a_user(stack, mirror)
    usual = stack.env.get("GOPROXY") or "https://proxy.golang.org,direct"
    stack.env["GOPROXY"] = f"{(release / 'goproxy').as_uri()},{usual}"
    stack.env["GONOSUMDB"] = "github.com/pulumi-composio"
    with made_from_template(stack, emulator, "go") as deployment:
        go_sum = (stack.program_dir / "go.sum").read_text()
        assert f"{GO_MODULE} v{RELEASE} h1:" in go_sum
        runs_its_lifecycle(deployment)


def test_the_archive_installs_from_its_file_and_serves_the_schema_by_bare_name(
    release: Path, tmp_path: Path
):
    stack = PulumiStack(tmp_path / "stack")
    as_a_user(stack)
    archive = release / f"pulumi-resource-composio-v{RELEASE}-{host_platform()}.tar.gz"
    stack.run("plugin", "install", "resource", "composio", RELEASE, "--file", str(archive)).check()

    schema = json.loads(stack.run("package", "get-schema", "composio").check().stdout)
    assert schema["version"] == RELEASE
    assert schema["pluginDownloadURL"] == PLUGIN_DOWNLOAD_URL
    listed = stack.run("plugin", "ls", "--json").check().stdout
    assert [(p["name"], p["version"]) for p in json.loads(listed)] == [("composio", RELEASE)]


def npm_run(stack: PulumiStack, *args: str) -> None:
    done = stack_command(stack, npm(), *args, "--no-audit", "--no-fund", "--prefer-offline")
    assert done.returncode == 0, f"npm {' '.join(args)} failed:\n{done.stdout}{done.stderr}"


def stack_command(stack: PulumiStack, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=stack.program_dir, env=stack.env, capture_output=True, text=True, timeout=600
    )


def test_a_typescript_project_from_its_template_installs_the_compiled_tarball_and_runs(
    release: Path, mirror: str, emulator: RunningEmulator, tmp_path: Path
):
    """From a release's files, as the installation page says: ``pulumi new --generate-only``
    (npm has no folder to search as pip's ``--find-links``), ``npm install`` of the tarball,
    then the stack; the engine fetches the plugin the package's ``package.json`` names."""
    stack = required(
        lambda: language_stack(tmp_path / "stack", default_hosts(), "nodejs", project="released-ts")
    )
    as_a_user(stack, mirror)
    program = stack.program_dir
    new_project(stack, "typescript", "--generate-only")
    tarball = release / f"pulumi-composio-{RELEASE}.tgz"

    npm_run(stack, "install", "--ignore-scripts", str(tarball))
    manifest = json.loads((program / "package.json").read_text())
    dependency = manifest["dependencies"]["pulumi-composio"]
    assert (program / dependency.removeprefix("file:")).resolve() == tarball.resolve()
    installed = program / "node_modules" / "pulumi-composio"
    manifest = json.loads((installed / "package.json").read_text())
    assert "scripts" not in manifest
    assert manifest["pulumi"]["server"] == PLUGIN_DOWNLOAD_URL
    assert (installed / "index.js").exists()
    assert (installed / "index.d.ts").exists()
    assert [p.name for p in installed.glob("*.ts") if not p.name.endswith(".d.ts")] == []
    compiled = stack_command(stack, str(program / "node_modules" / ".bin" / "tsc"), "--noEmit")
    assert compiled.returncode == 0, compiled.stdout
    shutil.rmtree(program / "node_modules")
    npm_run(stack, "ci")

    stack.init(api_key=API_KEY, base_url=emulator.url)
    with deployment_of(stack, emulator) as deployment:
        runs_its_lifecycle(deployment)
