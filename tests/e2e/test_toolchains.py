"""``toolchain: uv`` and ``toolchain: poetry`` in ``Pulumi.yaml``, as
docs/installation-configuration.md promises.

Each test is a user's infra repo managed by that tool: a ``pyproject.toml``, the package added
with the tool's own ``add`` from this checkout (a path dependency, built by the tool), and a
program whose ``Pulumi.yaml`` names the toolchain and no virtualenv. Pulumi's Python host then
runs the program in the tool's environment, and our dynamic-provider plugin must find that
environment too: ``PATH`` holds no Python that has the package (only the tools, the CLI and the
system's own), so a provider started anywhere else could not load the resources.
"""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

from tests.support.api_log import writes
from tests.support.cli_output import planned_steps
from tests.support.commands import run_command
from tests.support.deployment import API_KEY, Deployment
from tests.support.pulumi_stack import REPO, TOOLS_BIN, PulumiStack

PROGRAM = """\
import sys

import pulumi
import pulumi_composio
from pulumi_composio import CustomMcpServer

server = CustomMcpServer("tools", toolkits=["github", "slack"])

pulumi.export("server_id", server.id)
pulumi.export("mcp_url", server.mcp_url)
pulumi.export("python_prefix", sys.prefix)
pulumi.export("package_file", pulumi_composio.__file__)
"""
BASE_PYTHON = Path(getattr(sys, "_base_executable", sys.executable)).resolve()
"""The interpreter behind the test run's virtualenv: each tool makes its environment from it,
so neither looks for (nor downloads) another Python."""


def tool_path(tmp_path: Path) -> str:
    """``PATH`` for the user's shell: the CLI, a folder holding only ``uv`` and ``poetry``
    (installed in the test run's virtualenv by the ``dev`` extra), and the system's folders."""
    tools = tmp_path / "tools"
    tools.mkdir()
    for tool in ("uv", "poetry"):
        (tools / tool).symlink_to(Path(sys.executable).parent / tool)
    return os.pathsep.join([str(TOOLS_BIN), str(tools), "/usr/local/bin", "/usr/bin", "/bin"])


def toolchain_stack(
    tmp_path: Path, toolchain: str, requires_python: str, tool_sections: str = ""
) -> PulumiStack:
    """The user's infra repo managed by ``toolchain``: a ``pyproject.toml`` with no dependency
    yet (plus ``tool_sections``), the program, and a ``Pulumi.yaml`` naming the toolchain."""
    stack = PulumiStack(tmp_path / toolchain, project=f"with-{toolchain}", stack="dev")
    stack.env.update(
        PATH=tool_path(tmp_path),
        UV_PYTHON=str(BASE_PYTHON),
        UV_PYTHON_DOWNLOADS="never",
        POETRY_VIRTUALENVS_IN_PROJECT="true",
    )
    for variable in ("VIRTUAL_ENV", "PULUMI_PYTHON_CMD", "PYTHONPATH"):
        stack.env.pop(variable, None)
    (stack.program_dir / "Pulumi.yaml").write_text(
        textwrap.dedent(
            f"""\
            name: with-{toolchain}
            runtime:
              name: python
              options:
                toolchain: {toolchain}
            """
        )
    )
    (stack.program_dir / "pyproject.toml").write_text(
        textwrap.dedent(
            f"""\
            [project]
            name = "with-{toolchain}"
            version = "1.0.0"
            requires-python = "{requires_python}"
            dependencies = []
            """
        )
        + textwrap.dedent(tool_sections)
    )
    (stack.program_dir / "__main__.py").write_text(PROGRAM)
    return stack


def tool(stack: PulumiStack, *args: str) -> None:
    completed = run_command(args, cwd=stack.program_dir, env=stack.env, timeout=600)
    assert completed.returncode == 0, f"{' '.join(args)}:\n{completed.stdout}{completed.stderr}"


def preview_up_destroy(deployment: Deployment, stack: PulumiStack) -> None:
    stack.init(api_key=API_KEY, base_url=deployment.emulator.url)
    deployment.emulator.admin.clear_requests()
    preview = stack.preview().check()
    assert planned_steps(preview.output) == {
        ("create", "Stack", f"{stack.project}-dev"),
        ("create", "CustomMcpServer", "tools"),
    }
    assert writes(deployment.emulator.admin.requests()) == []

    stack.up().check()

    outputs = stack.outputs()
    environment = stack.program_dir / ".venv"
    assert Path(outputs["python_prefix"]).resolve() == environment.resolve()
    assert Path(outputs["package_file"]).resolve().is_relative_to(environment.resolve())
    live = deployment.api.get_server(outputs["server_id"])
    assert outputs["mcp_url"] == live.mcp_url
    assert sorted(live.toolkits) == ["github", "slack"]
    stack.destroy().check()
    assert deployment.live_server_ids() == set()


def test_toolchain_uv_runs_the_program_and_the_provider_in_uvs_environment(
    deployment: Deployment, tmp_path: Path
):
    stack = toolchain_stack(tmp_path, "uv", requires_python=">=3.11")
    # Built afresh from this checkout: uv would otherwise reuse a wheel it built earlier
    # from the same folder, since it rebuilds a path source only when pyproject.toml changes.
    tool(stack, "uv", "add", "--reinstall-package", "pulumi-composio", str(REPO))
    assert (stack.program_dir / "uv.lock").exists()

    preview_up_destroy(deployment, stack)


def test_toolchain_poetry_runs_the_program_and_the_provider_in_poetrys_environment(
    deployment: Deployment, tmp_path: Path
):
    # The package index reachable here serves PyPI's simple index but not the per-release JSON
    # pages Poetry reads from pypi.org by default ("Package pulumi (3.x) not found"), so the
    # project names the simple index as its source, as a repo behind a mirror would.
    stack = toolchain_stack(
        tmp_path,
        "poetry",
        requires_python=">=3.11,<4",
        tool_sections="""
            [tool.poetry]
            package-mode = false

            [[tool.poetry.source]]
            name = "pypi-simple"
            url = "https://pypi.org/simple/"
            priority = "primary"
            """,
    )
    tool(stack, "poetry", "env", "use", str(BASE_PYTHON))
    tool(stack, "poetry", "add", str(REPO))
    assert (stack.program_dir / "poetry.lock").exists()

    preview_up_destroy(deployment, stack)
