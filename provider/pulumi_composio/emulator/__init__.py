"""A local, offline Composio API (MCP servers, auth configs): real HTTP, SQLite, faults.

Run it with ``composio-emulator`` (or ``python -m pulumi_composio.emulator``), or from
Python with :func:`start_emulator`. It needs the ``emulator`` extra (Starlette, uvicorn);
without it the package still imports, and ``create_app`` says what to install.
"""

from typing import TYPE_CHECKING

from .catalogue import BUILT_IN, Catalogue
from .faults import FaultPlan
from .process import EmulatorAdmin, EmulatorFailedToStart, RunningEmulator, start_emulator

if TYPE_CHECKING:
    from .app import EmulatorSettings, create_app

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


def __getattr__(name: str) -> object:
    if name in ("EmulatorSettings", "create_app"):
        from ._extra import missing_extra

        try:
            from . import app
        except ModuleNotFoundError as missing:
            missing_extra(missing, command=False)
        return getattr(app, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
