"""Pulumi's YAML language host runs `runtime: yaml` programs under the pinned CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.missing_tools import required
from tests.support.pulumi_stack import PulumiStack, yaml_host


@pytest.fixture
def yaml_stack(pulumi_cli: Path, tmp_path: Path) -> PulumiStack:
    required(yaml_host)
    stack = PulumiStack(tmp_path / "yaml")
    stack.write_yaml_program("outputs: {}\n")
    stack.run("stack", "init", stack.stack).check()
    return stack


def test_a_yaml_program_previews_and_runs_with_the_pinned_yaml_host(yaml_stack: PulumiStack):
    yaml_stack.write_yaml_program(
        """
        config:
          greeting:
            type: string
            default: hello
        variables:
          shout: ${greeting}, yaml
        outputs:
          message: ${shout}
        """
    )

    preview = yaml_stack.preview().check()
    assert "message: " in preview.output
    yaml_stack.up().check()

    assert yaml_stack.outputs() == {"message": "hello, yaml"}
    about = yaml_stack.run("about", "--stack", yaml_stack.stack).check().stdout
    assert "language  yaml  1.25.0" in " ".join(about.split("\n"))


def test_the_yaml_host_is_the_one_beside_the_engine_so_no_path_warning(yaml_stack: PulumiStack):
    """The engine warns "using pulumi-language-yaml from $PATH" on every run when the host it
    finds on PATH is not the file beside its own binary (tools/install-yaml-host.sh)."""
    yaml_stack.write_yaml_program("outputs:\n  answer: 42\n")

    preview = yaml_stack.preview().check()

    assert "from $PATH" not in preview.output
    assert yaml_host().resolve() == yaml_stack.pulumi.resolve().parent / "pulumi-language-yaml"
