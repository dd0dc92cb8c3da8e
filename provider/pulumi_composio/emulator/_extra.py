"""What the emulator needs beyond the library, and what a user sees when it is missing.

The library itself depends on ``pulumi``, ``httpx`` and ``pydantic`` only; the emulator's
HTTP server (Starlette, uvicorn, the MCP server, jsonschema) comes with the ``emulator``
extra. Without it, ``composio-emulator`` prints one line naming the install command
instead of a traceback.
"""

from __future__ import annotations

from typing import NoReturn

__all__ = ["EXTRA_MODULES", "INSTALL_COMMAND", "missing_extra"]

INSTALL_COMMAND = "pip install 'pulumi-composio[emulator]'"
EXTRA_MODULES = frozenset({"jsonschema", "mcp", "starlette", "uvicorn"})
"""Top-level modules that only the ``emulator`` extra installs."""


def missing_extra(error: ModuleNotFoundError, *, command: bool) -> NoReturn:
    """Re-raise ``error`` in words a user can act on when the extra is what is missing.

    ``command=True`` (the ``composio-emulator`` command) exits non-zero with one line;
    otherwise (an import from Python) raises :class:`ModuleNotFoundError` saying what to
    install. Any other missing module is a real bug and propagates unchanged.
    """
    root = (error.name or "").partition(".")[0]
    if root not in EXTRA_MODULES:
        raise error
    message = f"the emulator extra is not installed (no module {root!r}); run: {INSTALL_COMMAND}"
    if command:
        raise SystemExit(f"composio-emulator: {message}") from None
    raise ModuleNotFoundError(f"pulumi_composio.emulator: {message}", name=error.name) from None
