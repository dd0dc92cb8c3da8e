"""The day Composio removes its deprecated MCP-server routes, rehearsed: the emulator, told so
through its admin surface (as ``--retire-legacy-mcp`` starts one), answers them ``410``. A
stack made before must still come to a clean end: its next create fails with one line that
says what happened and where the docs say what to do, while ``refresh`` drops the retired
server and its user URL and ``destroy`` ends with an empty stack."""

from __future__ import annotations

from pathlib import Path

from pulumi_composio.emulator.process import start_emulator
from tests.support.cli_output import assert_failed_with_one_line
from tests.support.deployment import API_KEY
from tests.support.pulumi_stack import PulumiStack

PROGRAM = """
import pulumi
from pulumi_composio import CustomMcpServer, McpServerUserUrl

server = CustomMcpServer("support", toolkits=["github"])
McpServerUserUrl("bot", server_id=server.id, user_id="support-bot")
{more}
"""


def test_retired_routes_fail_a_create_in_one_line_and_refresh_and_destroy_end_clean(
    pulumi_cli: Path, tmp_path: Path
) -> None:
    stack = PulumiStack(tmp_path / "stack")
    stack.write_program(PROGRAM.format(more=""))
    with start_emulator(api_key=API_KEY, admin_token="retire-admin") as composio:
        stack.init(api_key=API_KEY, base_url=composio.url)
        stack.up().check()
        assert len(stack.resources()) == 1

        composio.admin.change_settings(retire_legacy_mcp=True)
        stack.write_program(PROGRAM.format(more='CustomMcpServer("more", toolkits=["slack"])'))
        failed = stack.up()
        assert failed.returncode != 0
        assert_failed_with_one_line(
            failed.output,
            "more",
            "Composio API 410 (MCP_EndpointRetired)",
            "move to a Session as docs/migrating-to-sessions.md shows",
        )

        stack.refresh().check()
        assert stack.resources() == [], "a retired server is gone"
        assert stack.resources("McpServerUserUrl") == [], "and so is its URL"
        stack.destroy().check()
        assert stack.export()["deployment"].get("resources", []) == []
