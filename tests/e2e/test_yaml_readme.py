"""The README's YAML program runs as printed, under the pinned CLI and its YAML host."""

from __future__ import annotations

import re

from tests.support.deployment import Deployment
from tests.support.pulumi_stack import REPO


def readme_yaml_program() -> str:
    """The one ```yaml block of the README that is a whole YAML program."""
    blocks = re.findall(r"```yaml\n(.*?)```", (REPO / "README.md").read_text(), flags=re.DOTALL)
    programs = [block for block in blocks if re.search(r"^runtime: yaml$", block, re.MULTILINE)]
    assert len(programs) == 1, f"expected one YAML program in the README, found {len(programs)}"
    return programs[0]


def test_the_readme_yaml_program_comes_up_with_its_outputs_and_goes(yaml_deployment: Deployment):
    stack = yaml_deployment.stack
    stack.write_yaml_program(readme_yaml_program())
    stack.set_config("linearApiKey", "lin_api_README-0001", secret=True)

    stack.up().check()

    outputs = stack.outputs()
    (server_id,) = yaml_deployment.live_server_ids()
    server = yaml_deployment.api.get_server(server_id)
    assert outputs["mcpUrl"] == server.mcp_url
    assert outputs["cursor"] == server.commands.cursor
    assert outputs["botUrl"] == "[secret]"
    assert stack.secret_output("botUrl").startswith(server.mcp_url)
    (linear,) = yaml_deployment.made_auth_configs()
    assert server.auth_config_ids == [linear["id"]]
    assert linear["credentials_set"]

    stack.preview("--expect-no-changes").check()
    stack.destroy().check()
    assert yaml_deployment.live_server_ids() == set()
    assert yaml_deployment.made_auth_configs() == []
