"""Every input of every resource wired from another resource's output, at ``pulumi preview``.

On a new stack nothing exists yet, so at preview every output of one resource that feeds
another is unknown. Users wire outputs into inputs all the time (``auth_config_ids=[github.id]``,
``server_id=server.id``); each such input, whole or as one element of a list or one value
of a mapping, must pass the preview and be checked once it is known. Every type and every
input is tried, from the one table of samples that a unit test holds complete.
"""

from __future__ import annotations

from typing import Any

from pulumi_composio.native.resource_types import RESOURCE_TYPES, ResourceType
from tests.support.api_log import writes
from tests.support.deployment import Deployment
from tests.support.sample_inputs import HIDDEN_INPUTS, SAMPLE_INPUTS

PRELUDE = """
import pulumi
from pulumi_composio import *

source = AuthConfig("source", toolkit="github")


def later(value):
    # Known only once `source` exists: unknown at the preview of a new stack.
    return source.id.apply(lambda _: value)
"""

WIRED = """
AuthConfig("adopted", toolkit="github", adopt_auth_config_id=source.id)
wired = CustomMcpServer(
    "wired", toolkits=["github"], auth_config_ids=[source.id, "ac_slack_default"]
)
CustomMcpServer("adopted", adopt_server_id=wired.id, toolkits=["github"])
McpServerUserUrl("for-a-user", server_id=wired.id, user_id=later("support-bot"))
McpServerUserUrl("for-an-account", server_id=wired.id, connected_account_id=later("ca_1"))
Session(
    "wired",
    user_id="support-bot",
    toolkits=["github"],
    auth_configs={"github": source.id},
    direct_tools=True,
)
"""
"""Outputs of real resources wired into inputs, by hand: ids into lists, maps and
adoptions, a server's id into its user URLs."""
WIRED_RESOURCES = 6


def declared(kind: ResourceType, name: str, inputs: dict[str, str]) -> str:
    """``Name("name", key=expression, ...)``, the Python class of ``kind``."""
    arguments = "".join(f"    {key}={expression},\n" for key, expression in inputs.items())
    return f"{kind.name}(\n    {name!r},\n{arguments})\n"


def nested_unknown(value: Any) -> str:
    """``value`` as an expression with each list element and mapping value unknown."""
    if isinstance(value, list):
        return "[" + ", ".join(f"later({item!r})" for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key!r}: later({item!r})" for key, item in value.items()) + "}"
    return repr(value)


def every_input_unknown() -> tuple[str, int]:
    """A program declaring each type twice from its sample (tests/support/sample_inputs.py),
    every input whole-unknown, then each list element and mapping value unknown (when it has
    any), beside :data:`WIRED`; and how many resources the preview creates (with the stack)."""
    declarations = []
    for kind in RESOURCE_TYPES.values():
        sample = {
            key: value
            for key, value in SAMPLE_INPUTS[kind.token].items()
            if key not in HIDDEN_INPUTS
        }
        declarations.append(
            declared(kind, "whole", {key: f"later({value!r})" for key, value in sample.items()})
        )
        if any(isinstance(value, (list, dict)) for value in sample.values()):
            nested = {key: nested_unknown(value) for key, value in sample.items()}
            declarations.append(declared(kind, "nested", nested))
    program = PRELUDE + "\n" + "\n".join(declarations) + WIRED
    return program, len(["stack", "source"]) + len(declarations) + WIRED_RESOURCES


def test_a_preview_with_every_input_unknown_passes_and_writes_nothing(deployment: Deployment):
    stack = deployment.stack
    program, resources = every_input_unknown()
    stack.write_program(program)

    preview = stack.preview().check()

    assert "has a problem" not in preview.output
    assert f"{resources} to create" in preview.output, preview.output
    assert writes(deployment.emulator.admin.requests()) == []


def test_a_known_value_that_breaks_a_rule_still_fails_once_it_is_known(deployment: Deployment):
    stack = deployment.stack
    stack.write_program(
        """
        from pulumi_composio import AuthConfig, CustomMcpServer

        source = AuthConfig("source", toolkit="github")
        CustomMcpServer("tools", toolkits=["github"], auth_config_ids=[source.id, "not an id!"])
        """
    )

    preview = stack.preview()

    assert preview.returncode != 0
    assert "auth_config_ids[1] is 'not an id!'" in preview.output
    assert writes(deployment.emulator.admin.requests()) == []
