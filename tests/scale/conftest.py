"""Fixtures for the scale suite: one PostgreSQL per test session, one emulator per test.

The PostgreSQL server is shared by the session's scenarios; each scenario keeps its stacks
in a state table of its own, so they stay apart while running side by side.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from pulumi_composio.emulator.process import RunningEmulator
from tests.scale.team import Team
from tests.support.postgres_backend import PostgresMissing, PostgresStateBackend, running_postgres

__all__ = ["postgres", "team"]


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresStateBackend]:
    try:
        with running_postgres() as server:
            yield server
    except PostgresMissing as missing:
        pytest.fail(str(missing), pytrace=False)


@pytest.fixture
def team(
    pulumi_cli: Path,
    postgres: PostgresStateBackend,
    emulator: RunningEmulator,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> Team:
    # PostgreSQL cuts names at 63 bytes, and Pulumi names an index after the table.
    table = "state_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:40]
    return Team(tmp_path, postgres, table, emulator)
