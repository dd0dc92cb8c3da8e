"""TypeScript programs on the generated SDK (sdk/nodejs) under the pinned CLI.

The full-setup example runs under every set of Node.js hosts this machine has (Pulumi's own
and the stand-ins); the other scenarios under the default set (see tests/support/languages.py).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pulumi_composio.emulator.process import RunningEmulator
from tests.support.language_front import (
    full_setup_lifecycle,
    import_existing,
    language_deployment,
    stack_reference,
)
from tests.support.languages import (
    TS_EXAMPLE,
    available_hosts,
    default_hosts,
    node,
    ts_node_modules,
    write_ts_program,
)
from tests.support.pulumi_stack import PulumiMissing, PulumiStack

PROGRAMS = Path(__file__).parent / "programs" / "typescript"


def fail_missing(missing: PulumiMissing) -> None:
    pytest.fail(str(missing), pytrace=False)


@pytest.fixture(scope="module")
def node_modules() -> Path:
    """The example's dependencies, installed once (``npm ci`` from the npm cache)."""
    try:
        node()
    except PulumiMissing as missing:
        fail_missing(missing)
    return ts_node_modules()


def example_source() -> str:
    return (TS_EXAMPLE / "index.ts").read_text()


@pytest.mark.parametrize("hosts", available_hosts())
def test_the_typescript_full_setup_lives_rotates_disables_and_leaves_nothing(
    hosts: str, node_modules: Path, pulumi_cli: Path, emulator: RunningEmulator, tmp_path: Path
):
    try:
        with language_deployment(emulator, tmp_path, hosts, "nodejs") as deployment:
            full_setup_lifecycle(deployment, write_ts_program, example_source())
    except PulumiMissing as missing:
        fail_missing(missing)


def test_a_second_typescript_stack_reads_the_server_through_a_stack_reference(
    node_modules: Path, pulumi_cli: Path, emulator: RunningEmulator, tmp_path: Path
):
    stack_reference(
        emulator,
        tmp_path,
        default_hosts(),
        "nodejs",
        write_ts_program,
        producer_source=(PROGRAMS / "producer.ts").read_text(),
        consumer_source=(PROGRAMS / "consumer.ts").read_text(),
    )


def test_pulumi_import_brings_objects_under_a_typescript_program(
    node_modules: Path, pulumi_cli: Path, emulator: RunningEmulator, tmp_path: Path
):
    with language_deployment(emulator, tmp_path, default_hosts(), "nodejs") as deployment:
        code = import_existing(
            deployment,
            write_ts_program,
            empty_program="export {};\n",
            code_marker='new composio.CustomMcpServer("dashboard"',
        )
    assert 'import * as composio from "pulumi-composio";' in code
    assert 'new composio.AuthConfig("notion"' in code


def tsc(stack: PulumiStack) -> subprocess.CompletedProcess[str]:
    compiler = stack.program_dir / "node_modules" / ".bin" / "tsc"
    return subprocess.run(
        [str(compiler), "--noEmit", "-p", "."],
        cwd=stack.program_dir,
        capture_output=True,
        text=True,
        check=False,
    )


def test_tsc_rejects_a_program_that_misuses_the_sdk_types_and_accepts_the_example(
    node_modules: Path, tmp_path: Path
):
    stack = PulumiStack(tmp_path / "types")
    write_ts_program(stack, (PROGRAMS / "type_errors.ts").read_text())

    checked = tsc(stack)

    assert checked.returncode != 0
    errors = checked.stdout
    assert "index.ts(3,46): error TS2322: Type 'string' is not assignable" in errors, errors
    assert (
        "error TS2561: Object literal may only specify known properties, but 'allowedTool' does "
        "not exist in type 'CustomMcpServerArgs'. Did you mean to write 'allowedTools'?" in errors
    ), errors
    assert "Property 'toolkit' is missing" in errors, errors
    assert "Type 'Output<string>' is not assignable to type 'number'" in errors, errors

    write_ts_program(stack, example_source())
    assert tsc(stack).returncode == 0, tsc(stack).stdout
