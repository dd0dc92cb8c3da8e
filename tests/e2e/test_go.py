"""Go programs on the generated SDK (sdk/go) under the pinned CLI.

The full-setup example runs under every set of Go hosts this machine has (Pulumi's own and the
stand-in); the other scenarios under the default set (see tests/support/languages.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pulumi_composio.emulator.process import RunningEmulator
from tests.support.language_front import (
    full_setup_lifecycle,
    import_existing,
    language_deployment,
    stack_reference,
)
from tests.support.languages import GO_EXAMPLE, available_hosts, default_hosts, go, write_go_program
from tests.support.pulumi_stack import PulumiMissing

PROGRAMS = Path(__file__).parent / "programs" / "go"


@pytest.fixture(scope="module")
def go_tool() -> str:
    try:
        return go()
    except PulumiMissing as missing:
        pytest.fail(str(missing), pytrace=False)


@pytest.mark.parametrize("hosts", available_hosts())
def test_the_go_full_setup_lives_rotates_disables_and_leaves_nothing(
    hosts: str, go_tool: str, pulumi_cli: Path, emulator: RunningEmulator, tmp_path: Path
):
    try:
        with language_deployment(emulator, tmp_path, hosts, "go") as deployment:
            full_setup_lifecycle(deployment, write_go_program, (GO_EXAMPLE / "main.go").read_text())
    except PulumiMissing as missing:
        pytest.fail(str(missing), pytrace=False)


def test_a_second_go_stack_reads_the_server_through_a_stack_reference(
    go_tool: str, pulumi_cli: Path, emulator: RunningEmulator, tmp_path: Path
):
    stack_reference(
        emulator,
        tmp_path,
        default_hosts(),
        "go",
        write_go_program,
        producer_source=(PROGRAMS / "producer.go").read_text(),
        consumer_source=(PROGRAMS / "consumer.go").read_text(),
    )


def test_pulumi_import_brings_objects_under_a_go_program(
    go_tool: str, pulumi_cli: Path, emulator: RunningEmulator, tmp_path: Path
):
    with language_deployment(emulator, tmp_path, default_hosts(), "go") as deployment:
        code = import_existing(
            deployment,
            write_go_program,
            empty_program=(PROGRAMS / "empty.go").read_text(),
            code_marker='composio.NewCustomMcpServer(ctx, "dashboard"',
        )
    assert '"example.com/pulumi-composio/sdk/go/composio"' in code
    assert 'composio.NewAuthConfig(ctx, "notion"' in code
