"""The TypeScript compiler on programs using the generated SDK (sdk/nodejs): its types catch
misuse. The scenarios TypeScript shares with Go are in test_typescript_and_go.py."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support.commands import run_command
from tests.support.languages import TS_EXAMPLE, ready_typescript, write_ts_program
from tests.support.missing_tools import required
from tests.support.pulumi_stack import PulumiStack

PROGRAMS = Path(__file__).parent / "programs" / "typescript"


@pytest.fixture(scope="module")
def node_modules() -> Path:
    """The example's dependencies, installed once (``npm ci`` from the npm cache)."""
    return required(ready_typescript)


def tsc(stack: PulumiStack) -> subprocess.CompletedProcess[str]:
    compiler = stack.program_dir / "node_modules" / ".bin" / "tsc"
    return run_command([str(compiler), "--noEmit", "-p", "."], cwd=stack.program_dir)


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

    write_ts_program(stack, (TS_EXAMPLE / "index.ts").read_text())
    assert tsc(stack).returncode == 0, tsc(stack).stdout
