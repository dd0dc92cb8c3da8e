"""docs/importing-a-project.md as a user runs it: a Composio project made with Composio's own
Python SDK, then the page's three commands, as printed, in a stack's program folder.

The YAML test and the TypeScript and Go scenarios share it; each then checks the code that
``pulumi import`` wrote in its language.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pulumi_composio.native.schema import plugin_version
from tests.support.commands import run_command
from tests.support.composio_sdk import run_flow
from tests.support.deployment import API_KEY, Deployment
from tests.support.markdown_pages import DOCS, block_starting
from tests.support.native_program import install_plugin
from tests.support.pulumi_stack import PulumiStack

PAGE = DOCS / "importing-a-project.md"
COMMANDS = block_starting(PAGE, "sh", "# 1. List each type's objects")
YAML_OUT = "--out imported.yaml"


def make_project(deployment: Deployment) -> dict[str, str]:
    """An auth config, a server using it and a session, made by ``composio`` 0.30: their ids."""
    made: dict[str, str] = run_flow("make_project", deployment.emulator.url, API_KEY)
    return made


def with_plugin_and_key(deployment: Deployment) -> PulumiStack:
    """The stack, with the plugin installed by name (as the page's first prerequisite does
    from the release) and the key in the environment, as the page's shell has them."""
    stack = deployment.stack
    install_plugin(stack)
    stack.env.update(COMPOSIO_API_KEY=API_KEY, COMPOSIO_BASE_URL=deployment.emulator.url)
    return stack


def run_the_page(stack: PulumiStack, out: str = "imported.yaml") -> str:
    """The page's commands in the program's folder (the import written to ``out``, as the
    page says for each language); the code ``pulumi import`` wrote."""
    assert f"composio@{plugin_version()}" in COMMANDS, "the page names another release"
    assert shutil.which("jq"), "the page's second command needs jq: apt install jq (or brew)"
    commands = COMMANDS.replace(YAML_OUT, f"--out {out}")
    done = run_command(
        ["bash", "-euo", "pipefail", "-c", commands],
        cwd=stack.program_dir,
        env=stack.env,
        timeout=600,
    )
    assert done.returncode == 0, f"the page's commands failed:\n{done.stdout[-3000:]}{done.stderr}"
    return Path(stack.program_dir, out).read_text()
