"""What the YAML end-to-end tests share: a YAML program served by the native plugin.

A Pulumi YAML program has no Python in it: Pulumi's YAML language host reads ``Pulumi.yaml``
and the engine starts the native plugin ``pulumi-resource-composio``, which it finds on the
stack's ``PATH`` (the package installs it into the virtualenv's ``bin``, as ``pip`` or
``pipx`` does for users). The stack, emulator and cleanup are the ``deployment`` fixture's.
"""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from pulumi_composio.emulator import BUILT_IN
from tests.e2e.conftest import Deployment
from tests.support.pulumi_stack import VENV, CommandResult, PulumiMissing, PulumiStack, yaml_host

NATIVE_PLUGIN = "pulumi-resource-composio"


def require_yaml_front(deployment: Deployment) -> Deployment:
    """``deployment`` once the YAML host and the native plugin are both there; otherwise the
    test fails with the command that installs what is missing, never a skip."""
    try:
        yaml_host()
    except PulumiMissing as missing:
        pytest.fail(str(missing), pytrace=False)
    if shutil.which(NATIVE_PLUGIN, path=deployment.stack.env["PATH"]) is None:
        pytest.fail(
            f"the native plugin {NATIVE_PLUGIN} is not on the stack's PATH (nor in "
            f"{VENV / 'bin'}): run `make setup`, which installs it with the package",
            pytrace=False,
        )
    return deployment


def plain_up(stack: PulumiStack, *extra: str) -> CommandResult:
    """``pulumi up --yes`` as users type it: the engine previews first, with the outputs of
    resources not yet made unknown, and changes nothing if that preview fails."""
    return stack.run("up", "--yes", "--stack", stack.stack, *extra)


def show_secret_output(stack: PulumiStack, name: str) -> str:
    """One stack output in clear, as ``pulumi stack output NAME --show-secrets`` prints it."""
    shown = stack.run("stack", "output", name, "--show-secrets", "--stack", stack.stack)
    return shown.check().stdout.strip()


def made_auth_configs(deployment: Deployment) -> list[dict[str, Any]]:
    """Live auth configs other than the emulator's seeded catalogue: the ones a stack made."""
    return [
        config
        for config in deployment.emulator.admin.auth_configs()
        if not config["deleted"] and config["id"] not in BUILT_IN.auth_configs
    ]
