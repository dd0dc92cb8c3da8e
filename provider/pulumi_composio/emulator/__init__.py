"""A local, offline Composio MCP API: real HTTP, SQLite state, injectable faults.

Run it with ``composio-emulator`` (or ``python -m pulumi_composio.emulator``), or from
Python with :func:`start_emulator`. It needs the ``emulator`` extra (Starlette, uvicorn).
"""

from .app import EmulatorSettings, create_app
from .catalogue import BUILT_IN, Catalogue
from .faults import FaultPlan
from .process import EmulatorAdmin, EmulatorFailedToStart, RunningEmulator, start_emulator

__all__ = [
    "BUILT_IN",
    "Catalogue",
    "EmulatorAdmin",
    "EmulatorFailedToStart",
    "EmulatorSettings",
    "FaultPlan",
    "RunningEmulator",
    "create_app",
    "start_emulator",
]
