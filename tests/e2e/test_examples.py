"""The shipped examples run as written, under the real CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.e2e.conftest import API_KEY, Deployment
from tests.support.pulumi_stack import REPO, VENV, PulumiStack


def copy_example(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    pulumi_yaml = target / "Pulumi.yaml"
    pulumi_yaml.write_text(pulumi_yaml.read_text().replace("../../../.venv", str(VENV)))
    return target


def test_the_quickstart_exports_the_server_id_url_and_three_commands(deployment: Deployment):
    deployment.stack.write_program((REPO / "examples/quickstart/__main__.py").read_text())
    deployment.stack.up().check()

    outputs = deployment.stack.outputs()
    live = deployment.api.get_server(outputs["server_id"])
    assert outputs["mcp_url"] == live.mcp_url
    assert outputs["cursor_command"] == live.commands.cursor
    assert outputs["claude_command"] == live.commands.claude
    assert outputs["windsurf_command"] == live.commands.windsurf


def test_stack_b_receives_stack_a_mcp_url_through_a_stack_reference(
    deployment: Deployment, tmp_path: Path
):
    example = REPO / "examples" / "two-stacks"
    producer = PulumiStack(tmp_path / "a", project="mcp-producer", stack="dev")
    consumer = PulumiStack(tmp_path / "b", project="mcp-consumer", stack="dev")
    consumer.backend = producer.backend
    consumer.env["PULUMI_BACKEND_URL"] = producer.backend.as_uri()
    for stack, part in ((producer, "producer"), (consumer, "consumer")):
        shutil.rmtree(stack.program_dir)
        copy_example(example / part, stack.program_dir)
        stack.init(api_key=API_KEY, base_url=deployment.emulator.url)
    consumer.set_config("producerStack", "organization/mcp-producer/dev")

    producer.up().check()
    consumer.up().check()

    a, b = producer.outputs(), consumer.outputs()
    assert b["engineering_mcp_url"] == a["engineering_mcp_url"]
    assert a["engineering_mcp_url"] in b["cursor_mcp_json"]
    staging = [
        s for s in deployment.emulator.admin.servers() if s["mcp_url"] == b["staging_mcp_url"]
    ]
    assert [sorted(s["toolkits"]) for s in staging] == [sorted(a["engineering_toolkits"])]

    consumer.destroy().check()
    producer.destroy().check()
    assert deployment.live_server_ids() == set()
