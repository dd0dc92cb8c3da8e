"""The Pulumi programs the benchmark deploys, and the servers' declared shape.

All three variants declare N resources with the same logical names and the same inputs; only
the resource class differs. The update step changes every resource's toolkit list, the
edit users make most often, which costs the real provider one ``PATCH`` per server.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "INITIAL",
    "UPDATED",
    "Spec",
    "engine_floor_program",
    "one_call_floor_program",
    "provider_program",
]


@dataclass(frozen=True)
class Spec:
    """What every server in the stack declares; the API floor sends the same bodies."""

    toolkits: tuple[str, ...]
    allowed_tools: tuple[str, ...]


INITIAL = Spec(toolkits=("github", "slack"), allowed_tools=("GITHUB_CREATE_ISSUE",))
UPDATED = Spec(toolkits=("github", "linear", "slack"), allowed_tools=("GITHUB_CREATE_ISSUE",))

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
