"""The plugin folder route: ``packages:`` in ``Pulumi.yaml`` naming ``provider/plugin``.

Pulumi starts a source plugin (a folder with ``PulumiPlugin.yaml``, ``runtime: python``)
through the Python language host's ``RunPlugin``. The test runs under the project's stand-in
host, which every machine has, and under Pulumi's own host where ``make setup`` found it
(``../shared/pulumi-hosts``), so a user's machine and CI check the same route.

The folder is copied as a user's checkout has it, with its ``venv`` being the repo's
virtualenv (``pulumi install`` makes it from ``requirements.txt`` for users), and the
executable ``pulumi-resource-composio`` is kept off ``PATH``: the engine can only have
started the plugin from the folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.support.deployment import Deployment
from tests.support.native_program import native_program
from tests.support.pulumi_stack import (
    REPO,
    STAND_IN_BIN,
    TOOLS_BIN,
    VENV,
    runs_pulumis_own_python_host,
)

PLUGIN = REPO / "provider" / "plugin"
HOSTS = {"stand-in": STAND_IN_BIN}
if runs_pulumis_own_python_host(TOOLS_BIN):
    HOSTS["pulumi"] = TOOLS_BIN


@pytest.mark.parametrize("engine_bin", list(HOSTS.values()), ids=list(HOSTS))
def test_a_project_names_the_plugin_folder_in_packages_and_up_runs_it(
    deployment: Deployment, tmp_path: Path, engine_bin: Path
):
    plugin = tmp_path / "composio-plugin"
    shutil.copytree(PLUGIN, plugin, ignore=shutil.ignore_patterns("venv", "__pycache__"))
    (plugin / "venv").symlink_to(VENV)
    stack = deployment.stack
    # The executable off PATH (make puts the virtualenv's bin there), so only the folder serves.
    elsewhere = [p for p in os.environ["PATH"].split(os.pathsep) if Path(p) != VENV / "bin"]
    stack.pulumi = engine_bin / "pulumi"
    stack.env["PATH"] = os.pathsep.join([str(engine_bin), *elsewhere])
    assert VENV / "bin" not in [Path(p) for p in stack.env["PATH"].split(os.pathsep)]
    stack.write_program(
        native_program(
            """
            server = composio("CustomMcpServer", "from-folder", toolkits=["github"])
            pulumi.export("server_id", server.id)
            """
        )
    )
    with (stack.program_dir / "Pulumi.yaml").open("a") as project:
        project.write(f"packages:\n  composio: {plugin}\n")

    up = stack.up().check()

    assert "pulumi-resource-composio from $PATH" not in up.output
    server_id = stack.outputs()["server_id"]
    assert deployment.live_server_ids() == {server_id}
    stack.destroy().check()
    assert deployment.live_server_ids() == set()
