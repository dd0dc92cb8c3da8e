"""The release as users install it: from ``make dist``'s files only, by name.

A fresh ``PULUMI_HOME``, no ``pulumi-resource-composio`` on ``PATH`` and automatic plugin
acquisition on, as on any machine: the engine fetches the plugin archive from the schema's
``pluginDownloadURL``, which ``PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES`` redirects to a loopback
HTTP server of the release's folder, the way an air-gapped team mirrors it.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pulumi_composio.emulator.process import RunningEmulator
from pulumi_composio.native.schema import PLUGIN_DOWNLOAD_URL
from tests.support.api_log import writes
from tests.support.deployment import Deployment, deployed
from tests.support.languages import TS_EXAMPLE, default_hosts, language_stack, node, npm
from tests.support.missing_tools import required
from tests.support.pulumi_stack import PulumiStack
from tools.dist import host_platform, version

RELEASE = version()


@pytest.fixture(scope="session")
def mirror(release: Path) -> Iterator[str]:
    """The release folder over loopback HTTP, as a release page or an artifact store serves it."""
    handler = functools.partial(QuietHandler, directory=str(release))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def as_a_user(stack: PulumiStack, mirror: str | None = None) -> None:
    """The CLI as on a user's machine: no plugin of ours anywhere, downloads allowed."""
    tools = {str(stack.pulumi.parent), str(Path(node()).parent), str(Path(npm()).parent)}
    stack.env["PATH"] = os.pathsep.join([*sorted(tools), "/usr/bin", "/bin"])
    assert shutil.which("pulumi-resource-composio", path=stack.env["PATH"]) is None
    stack.env.pop("PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION")
    if mirror:
        stack.env["PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES"] = f".*={mirror}"


def installed_plugins(stack: PulumiStack) -> list[str]:
    plugins = stack.home / "plugins"
    return sorted(p.name for p in plugins.iterdir() if p.is_dir()) if plugins.exists() else []


def test_the_release_holds_every_file_at_one_version_with_their_sums(release: Path):
    manifest = json.loads((release / "release.json").read_text())
    archive = f"pulumi-resource-composio-v{RELEASE}-{host_platform()}.tar.gz"
    assert manifest["version"] == RELEASE
    assert {
        archive,
        f"pulumi_composio-{RELEASE}-py3-none-any.whl",
        f"pulumi_composio-{RELEASE}.tar.gz",
        f"pulumi-composio-{RELEASE}.tgz",
    } <= set(manifest["files"])
    sums = dict(
        reversed(line.split("  ")) for line in (release / "SHA256SUMS").read_text().splitlines()
    )
    assert set(sums) == {p.name for p in release.iterdir() if p.name not in {"SHA256SUMS", ".made"}}
    assert manifest["go"]["tag"] == f"sdk/go/v{RELEASE}"


YAML_PROGRAM = f"""
    resources:
      support:
        type: composio:index:CustomMcpServer
        properties:
          name: Released Support
          toolkits: [github]
        options:
          version: {RELEASE}
    outputs:
      serverId: ${{support.id}}
    """


def test_a_yaml_program_gets_the_plugin_from_the_mirror_and_runs_its_lifecycle(
    deployment: Deployment, mirror: str
):
    stack, admin = deployment.stack, deployment.emulator.admin
    as_a_user(stack, mirror)
    stack.write_yaml_program(YAML_PROGRAM)

    stack.preview().check()
    assert installed_plugins(stack) == [f"resource-composio-v{RELEASE}"]
    stack.up().check()
    server_id = stack.outputs()["serverId"]
    assert deployment.live_server_ids() == {server_id}
    admin.clear_requests()
    stack.preview("--expect-no-changes").check()
    assert writes(admin.requests()) == []
    stack.destroy().check()
    assert deployment.live_server_ids() == set()


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


TS_PROGRAM = """\
import * as composio from "pulumi-composio";

const support = new composio.CustomMcpServer("support", {
    name: "Released TypeScript Support",
    toolkits: ["github"],
});
export const serverId = support.id;
"""


def ts_package(release: Path) -> dict[str, object]:
    """A program's package.json as a user writes it, the SDK from the release's tarball and
    the rest at the example's versions (so npm finds them in its cache)."""
    example = json.loads((TS_EXAMPLE / "package.json").read_text())
    tarball = release / f"pulumi-composio-{RELEASE}.tgz"
    return {
        "name": "released-ts",
        "private": True,
        "main": "index.ts",
        "dependencies": {**example["dependencies"], "pulumi-composio": f"file:{tarball}"},
        "devDependencies": example["devDependencies"],
    }


def npm_run(stack: PulumiStack, *args: str) -> None:
    done = stack_command(stack, npm(), *args, "--no-audit", "--no-fund", "--prefer-offline")
    assert done.returncode == 0, f"npm {' '.join(args)} failed:\n{done.stdout}{done.stderr}"


def stack_command(stack: PulumiStack, *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=stack.program_dir, env=stack.env, capture_output=True, text=True, timeout=600
    )


def test_a_typescript_program_installs_the_compiled_sdk_and_the_engine_fetches_the_plugin(
    release: Path, mirror: str, emulator: RunningEmulator, tmp_path: Path
):
    stack = required(lambda: language_stack(tmp_path / "stack", default_hosts(), "nodejs"))
    as_a_user(stack, mirror)
    program = stack.program_dir
    (program / "package.json").write_text(json.dumps(ts_package(release), indent=4) + "\n")
    shutil.copy2(TS_EXAMPLE / "tsconfig.json", program / "tsconfig.json")
    (program / "index.ts").write_text(TS_PROGRAM)

    npm_run(stack, "install", "--ignore-scripts")
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

    with deployed(stack, emulator) as deployment:
        stack.preview().check()
        assert installed_plugins(stack) == [f"resource-composio-v{RELEASE}"]
        stack.up().check()
        assert deployment.live_server_ids() == {stack.outputs()["serverId"]}
        stack.destroy().check()
        assert deployment.live_server_ids() == set()
