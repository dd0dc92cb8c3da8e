"""The Pulumi programs the benchmark deploys, and the servers' declared shape.

All variants declare N resources with the same logical names and the same inputs; only the
resource class differs, or, for the native front, the language (Pulumi YAML) and the plugin
that serves the program. The update step changes every resource's toolkit list, the
edit users make most often, which costs the real provider one ``PATCH`` per server.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tests.support.pulumi_stack import PulumiStack

__all__ = [
    "INITIAL",
    "OPERATIONS",
    "UPDATED",
    "Operation",
    "Spec",
    "engine_floor_program",
    "one_call_floor_program",
    "provider_program",
    "yaml_program",
]


@dataclass(frozen=True)
class Spec:
    """What every server in the stack declares; the API floor sends the same bodies."""

    toolkits: tuple[str, ...]
    allowed_tools: tuple[str, ...]


INITIAL = Spec(toolkits=("github", "slack"), allowed_tools=("GITHUB_CREATE_ISSUE",))
UPDATED = Spec(toolkits=("github", "linear", "slack"), allowed_tools=("GITHUB_CREATE_ISSUE",))


@dataclass(frozen=True)
class Operation:
    """One step of a stack's life: the program it runs against and the CLI arguments."""

    name: str
    spec: Spec
    args: Callable[[PulumiStack], list[str]]


# Each row times one engine operation alone, as the floors beside it do: `up`, `update`,
# `refresh` and `destroy` skip the preview a plain command runs first, so a row is not that
# operation plus a preview (the `preview` row times a no-change one; the e2e tests run every
# command plain, as users type them).
OPERATIONS = (
    Operation("up", INITIAL, lambda s: ["up", "--yes", "--skip-preview", "--stack", s.stack]),
    Operation("preview", INITIAL, lambda s: ["preview", "--expect-no-changes", "--stack", s.stack]),
    Operation("update", UPDATED, lambda s: ["up", "--yes", "--skip-preview", "--stack", s.stack]),
    Operation(
        "refresh", UPDATED, lambda s: ["refresh", "--yes", "--skip-preview", "--stack", s.stack]
    ),
    Operation(
        "destroy", UPDATED, lambda s: ["destroy", "--yes", "--skip-preview", "--stack", s.stack]
    ),
)
"""Every stack of the benchmark lives this life, one operation after the other."""

_PROVIDER_PROGRAM = """\
from pulumi_composio import CustomMcpServer

for index in range({count}):
    CustomMcpServer(
        f"server-{{index}}",
        toolkits={toolkits!r},
        allowed_tools={allowed_tools!r},
    )
"""

_FLOOR_PROGRAM = """\
from {module} import {resource}

for index in range({count}):
    {resource}(
        f"server-{{index}}",
        {{"toolkits": {toolkits!r}, "allowed_tools": {allowed_tools!r}}},
    )
"""


def provider_program(count: int, spec: Spec) -> str:
    """N ``CustomMcpServer``s, autonamed, as a user would write them."""
    return _PROVIDER_PROGRAM.format(
        count=count, toolkits=list(spec.toolkits), allowed_tools=list(spec.allowed_tools)
    )


def engine_floor_program(count: int, spec: Spec) -> str:
    """N no-op dynamic resources with the same inputs (see :mod:`noop`)."""
    return _floor_program("noop", "NoopResource", count, spec)


def one_call_floor_program(count: int, spec: Spec) -> str:
    """N dynamic resources with the same inputs and one API call each (see :mod:`one_call`)."""
    return _floor_program("one_call", "OneCallResource", count, spec)


def _floor_program(module: str, resource: str, count: int, spec: Spec) -> str:
    return _FLOOR_PROGRAM.format(
        module=module,
        resource=resource,
        count=count,
        toolkits=list(spec.toolkits),
        allowed_tools=list(spec.allowed_tools),
    )


def yaml_program(count: int, spec: Spec) -> str:
    """N ``composio:index:CustomMcpServer``s in Pulumi YAML, for the native front and its
    floor: which plugin serves them is decided by ``PATH``, not by the program."""
    properties = (
        f"      toolkits: [{', '.join(spec.toolkits)}]\n"
        f"      allowedTools: [{', '.join(spec.allowed_tools)}]\n"
    )
    resources = "".join(
        f"  server-{index}:\n"
        "    type: composio:index:CustomMcpServer\n"
        "    properties:\n" + properties
        for index in range(count)
    )
    return "runtime: yaml\nresources:\n" + resources if count else "runtime: yaml\n"
