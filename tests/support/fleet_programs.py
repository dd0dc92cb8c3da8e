"""Programs that declare a fleet of servers, for the fault and scale suites.

Both suites count what a run leaves behind, so the programs are plain: ``count`` autonamed
servers with one set of toolkits. :func:`dynamic_fleet_program` declares them with the
dynamic provider (``from pulumi_composio import CustomMcpServer``),
:func:`native_fleet_program` by type token, through the native plugin.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from tests.support.native_program import native_program

__all__ = ["dynamic_fleet_program", "native_fleet_program"]


def dynamic_fleet_program(
    count: int,
    toolkits: Sequence[str] = ("github",),
    *,
    prefix: str = "server",
    fixed_names: Iterable[str] = (),
    gate: Path | None = None,
) -> str:
    """``count`` autonamed servers ``{prefix}-NN``, then one server ``fixed-N`` per fixed name.

    With ``gate``, the program first writes ``gate/started`` and then waits until
    ``gate/release`` exists: its run holds the stack's lock (taken before the program
    starts) for exactly as long as the test needs, with no clock or API timeout involved.
    """
    wait = (
        f"""
        import pathlib, time

        gate = pathlib.Path({str(gate)!r})
        (gate / "started").touch()
        while not (gate / "release").exists():
            time.sleep(0.05)
        """
        if gate
        else ""
    )
    return f"""{wait}
        import pulumi
        from pulumi_composio import CustomMcpServer

        servers = [
            CustomMcpServer(f"{prefix}-{{i:02d}}", toolkits={list(toolkits)!r})
            for i in range({count})
        ]
        servers += [
            CustomMcpServer(f"fixed-{{i}}", name=name, toolkits={list(toolkits)!r})
            for i, name in enumerate({list(fixed_names)!r})
        ]
        pulumi.export("count", len(servers))
        """


def native_fleet_program(count: int, toolkits: Sequence[str] = ("github",)) -> str:
    """``count`` autonamed servers ``server-NN``, declared through the native plugin."""
    return native_program(
        f"""
        for i in range({count}):
            composio("CustomMcpServer", f"server-{{i:02d}}", toolkits={list(toolkits)!r})
        """
    )
