"""Programs that declare a fleet of servers, for the fault and scale suites.

Both suites count what a run leaves behind, so the programs are plain: ``count`` autonamed
servers with one set of toolkits, then one server per fixed name, which may be told to adopt
an existing server (``adopt`` maps the fixed name's index to its id). Both builders take the
same arguments, so a test written once runs on either front: :func:`dynamic_fleet_program`
declares the servers with the dynamic provider (``from pulumi_composio import
CustomMcpServer``), :func:`native_fleet_program` by type token, through the native plugin.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from tests.support.native_program import native_program

__all__ = ["dynamic_fleet_program", "native_fleet_program"]


def dynamic_fleet_program(
    count: int,
    toolkits: Sequence[str] = ("github",),
    *,
    prefix: str = "server",
    fixed_names: Iterable[str] = (),
    adopt: Mapping[int, str] | None = None,
    gate: Path | None = None,
) -> str:
    """``count`` autonamed servers ``{prefix}-NN``, then one server ``fixed-N`` per fixed name,
    adopting the server ``adopt[N]`` where given.

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
            CustomMcpServer(
                f"fixed-{{i}}",
                name=name,
                adopt_server_id={dict(adopt or {})!r}.get(i),
                toolkits={list(toolkits)!r},
            )
            for i, name in enumerate({list(fixed_names)!r})
        ]
        pulumi.export("count", len(servers))
        """


def native_fleet_program(
    count: int,
    toolkits: Sequence[str] = ("github",),
    *,
    fixed_names: Iterable[str] = (),
    adopt: Mapping[int, str] | None = None,
) -> str:
    """``count`` autonamed servers ``server-NN``, then one server ``fixed-N`` per fixed name,
    adopting the server ``adopt[N]`` where given; declared through the native plugin."""
    return native_program(
        f"""
        for i in range({count}):
            composio("CustomMcpServer", f"server-{{i:02d}}", toolkits={list(toolkits)!r})
        for i, name in enumerate({list(fixed_names)!r}):
            composio(
                "CustomMcpServer",
                f"fixed-{{i}}",
                name=name,
                adoptServerId={dict(adopt or {})!r}.get(i),
                toolkits={list(toolkits)!r},
            )
        """
    )
