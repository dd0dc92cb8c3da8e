"""The YAML program of the overview page (docs/_index.md) runs as printed, under the pinned CLI
and its YAML host."""

from __future__ import annotations

from tests.support.deployment import Deployment
from tests.support.markdown_pages import OVERVIEW, whole_yaml_program


def test_the_overview_yaml_program_comes_up_with_its_outputs_and_goes(
    yaml_deployment: Deployment,
):
    stack = yaml_deployment.stack
    stack.write_yaml_program(whole_yaml_program(OVERVIEW))
    stack.set_config("linearApiKey", "lin_api_OVERVIEW-0001", secret=True)

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
