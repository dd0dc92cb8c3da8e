"""Upgrades change nothing: every stack a release recorded, taken over by this checkout's code.

``tools/record_upgrade_stacks.py`` records, per release, the whole setup as a Python program on
the dynamic resources and as a YAML program on the native plugin (``tests/data/upgrade/``, its
README says how). Here each recording is imported into a new stack beside an emulator holding
the recorded objects, and the code of this checkout must preview, apply and refresh it with no
change and without writing to the API: an upgrade that would update or replace a user's
servers, or just call the API to do so, fails here before it is released. The refresh also
loads the dynamic resources' provider classes from where the recorded state names them, as
refresh and destroy do for a user. One stack per recording, driven through all three commands,
keeps the module to one set-up each.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pulumi_composio.emulator.process import RunningEmulator, start_emulator
from tests.support.api_log import writes
from tests.support.missing_tools import required
from tests.support.native_program import require_native_plugin
from tests.support.pulumi_stack import PulumiStack, with_virtualenv, yaml_host
from tools.record_upgrade_stacks import RECORDINGS, Recording, recordings

RECORDED = recordings()
ADMIN_TOKEN = "upgrade-admin"


@dataclass
class Upgraded:
    """A recorded stack imported into a new backend, beside an emulator on its database."""

    recording: Recording
    stack: PulumiStack
    emulator: RunningEmulator


def _parameters() -> list[Recording | None]:
    """Every recording, or one ``None`` that fails the test: pytest skips a test whose
    parameter list is empty, and a missing recording must never read as a pass."""
    return list(RECORDED) or [None]


@pytest.fixture(params=_parameters(), ids=lambda r: r.name if r else "no-recording")
def upgraded(
    request: pytest.FixtureRequest, pulumi_cli: Path, tmp_path: Path
) -> Iterator[Upgraded]:
    """The recording of ``request.param`` imported into a new stack, the emulator's key being
    the one the recorded config holds (read back through the recorded passphrase, so no file
    holds it in clear)."""
    recording: Recording | None = request.param
    if recording is None:
        pytest.fail(
            f"no recorded stack in {RECORDINGS}: run `.venv/bin/python "
            "tools/record_upgrade_stacks.py` (see tests/data/upgrade/README.md)",
            pytrace=False,
        )
    if missing := recording.missing():
        pytest.fail(f"{recording.folder} lacks {', '.join(missing)}: record it again")
    metadata = recording.metadata
    stack = PulumiStack(tmp_path / "stack", project=metadata.project, stack=metadata.stack)
    stack.env["PULUMI_CONFIG_PASSPHRASE"] = metadata.passphrase
    if metadata.program == "yaml":
        required(yaml_host)
        required(lambda: require_native_plugin(stack))
    for source in recording.program_files():
        shutil.copy(source, stack.program_dir / source.name)
    settings = stack.program_dir / "Pulumi.yaml"
    settings.write_text(with_virtualenv(settings.read_text()))
    stack.run("stack", "init", metadata.stack).check()
    config = stack.run("config", "get", "composio:apiKey", "--stack", metadata.stack)
    api_key = config.check().stdout.strip()
    database = tmp_path / recording.database.name
    shutil.copy(recording.database, database)
    with start_emulator(api_key=api_key, admin_token=ADMIN_TOKEN, db=database) as emulator:
        state = str(recording.state)
        stack.run("stack", "import", "--file", state, "--stack", metadata.stack).check()
        stack.set_config("composio:apiKey", api_key, secret=True)
        stack.set_config("composio:baseUrl", emulator.url)
        yield Upgraded(recording, stack, emulator)


def _resources(stack: PulumiStack) -> dict[str, Any]:
    """The resources in state by URN, with the id each names on Composio's side."""
    deployment = stack.export()["deployment"]
    return {r["urn"]: r.get("id") for r in deployment.get("resources") or []}


def test_a_recorded_stack_previews_applies_and_refreshes_with_no_change(upgraded: Upgraded):
    stack, admin = upgraded.stack, upgraded.emulator.admin
    recorded, recorded_url = _resources(stack), upgraded.recording.metadata.base_url
    admin.clear_requests()

    stack.preview("--expect-no-changes").check()
    assert writes(admin.requests()) == [], "the preview of an upgraded stack wrote to the API"

    stack.up("--expect-no-changes").check()
    assert writes(admin.requests()) == [], "the up of an upgraded stack wrote to the API"
    assert _resources(stack) == recorded
    if upgraded.emulator.url != recorded_url:
        assert recorded_url not in json.dumps(stack.export()), (
            "after the up the state still names the recording's emulator, so a refresh would "
            "not be judged against this one"
        )

    admin.clear_requests()
    stack.refresh("--expect-no-changes").check()
    assert {(w.method, w.path_suffix) for w in writes(admin.requests())} <= {
        ("POST", "/mcp/servers/generate")
    }, "the refresh of an upgraded stack wrote to the API"
    assert _resources(stack) == recorded
