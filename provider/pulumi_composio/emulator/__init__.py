"""A local, offline Composio API (MCP servers, auth configs): real HTTP, SQLite, faults.

Run it with ``composio-emulator`` (or ``python -m pulumi_composio.emulator``), or from
Python with :func:`start_emulator`. It needs the ``emulator`` extra (Starlette, uvicorn,
the MCP server, jsonschema); without it the package still imports, and ``create_app`` and
the catalogue say what to install.
"""

from typing import TYPE_CHECKING

from .faults import FaultPlan
from .process import EmulatorAdmin, EmulatorFailedToStart, RunningEmulator, start_emulator

if TYPE_CHECKING:
    from .app import EmulatorSettings, create_app
    from .catalogue import BUILT_IN, Catalogue

_NEEDS_EXTRA = {
    "BUILT_IN": "catalogue",
    "Catalogue": "catalogue",
    "EmulatorSettings": "app",
    "create_app": "app",
}

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
    if name in _NEEDS_EXTRA:
        import importlib

        from ._extra import missing_extra

        try:
            module = importlib.import_module(f"{__name__}.{_NEEDS_EXTRA[name]}")
        except ModuleNotFoundError as missing:
            missing_extra(missing, command=False)
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
