"""A database file an older emulator wrote keeps its records under this one.

Emulators up to 0.1 kept servers and auth configs in tables of their own; this one keeps
every family's records in one document store. The recorded 0.1.0 stacks' databases
(``tests/data/upgrade/0.1.0/``) are such files: what they hold must come back through the API
and the admin views, deleted records included, as they were. Later recordings were written in
the document store already.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import httpx
import pytest

from pulumi_composio.emulator import start_emulator
from tests.support.emulator_keys import ADMIN_TOKEN, API_KEY

RECORDED = sorted((Path(__file__).parents[1] / "data" / "upgrade").glob("0.1.*/*/emulator.db"))


def rows(database: Path, table: str) -> list[dict[str, object]]:
    with sqlite3.connect(database) as connection:
        cursor = connection.execute(f"SELECT * FROM {table} ORDER BY seq")  # noqa: S608
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def test_there_are_recorded_databases_to_read() -> None:
    assert RECORDED, "no tests/data/upgrade/0.1.*/*/emulator.db"


@pytest.mark.parametrize("recorded", RECORDED, ids=lambda p: "/".join(p.parts[-3:-1]))
def test_a_0_1_database_keeps_its_servers_and_auth_configs(recorded: Path, tmp_path: Path) -> None:
    database = tmp_path / "emulator.db"
    shutil.copy(recorded, database)
    servers, configs = rows(database, "servers"), rows(database, "auth_configs")

    with start_emulator(api_key=API_KEY, admin_token=ADMIN_TOKEN, db=database) as emulator:
        shown = emulator.admin.servers(include_deleted=True)
        shown_configs = emulator.admin.auth_configs(include_deleted=True)
        live = [s for s in servers if not s["deleted"]]
        with httpx.Client(base_url=emulator.url, headers={"x-api-key": API_KEY}) as http:
            fetched = [http.get(f"/api/v3/mcp/{s['id']}").json() for s in live]

    assert [(s["id"], s["name"], s["deleted"]) for s in shown] == [
        (s["id"], s["name"], bool(s["deleted"])) for s in servers
    ]
    assert [s["toolkits"] for s in fetched] == [json.loads(str(s["toolkits"])) for s in live]
    assert [s["updated_at"] for s in fetched] == [s["updated_at"] for s in live]
    recorded_configs = [json.loads(str(c["document"])) for c in configs]
    kept = shown_configs[: len(recorded_configs)]  # a newer catalogue may seed more after them
    assert [(c["id"], c["name"], c["status"], c["deleted"]) for c in kept] == [
        (c["id"], c["name"], c["status"], c["deleted"]) for c in recorded_configs
    ]
