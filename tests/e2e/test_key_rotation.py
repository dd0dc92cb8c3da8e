"""docs/secrets.md's key rotation, its commands run as printed while the key changes under them.

The emulator holds one write key (and may hold a read-only one), so at each step of the
procedure it is told (through its admin surface, one process throughout, so the URL in the
stack's config stays good) the keys Composio would accept at that moment: the old key; the new
key with the old one still good; the new key alone. What must hold: after ``config set`` and
``up``, with the old key revoked, ``refresh`` and ``destroy`` work, since the update recorded
the new key.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from pulumi_composio.emulator.process import RunningEmulator, start_emulator
from tests.support.markdown_pages import DOCS, fenced_blocks
from tests.support.pulumi_stack import PulumiStack
from tests.support.users_machine import typed

SECRETS_PAGE = DOCS / "secrets.md"
OLD_KEY = "ck_rotation_old_1f2e3d"
NEW_KEY = "ck_rotation_new_9a8b7c"
ADMIN_TOKEN = "rotation-admin"


def rotation_commands() -> list[str]:
    """The page's rotation lines, the new key in place of its placeholder."""
    start = "pulumi config set --secret composio:apiKey <new key>\n"
    (block,) = [b for b in fenced_blocks(SECRETS_PAGE, "sh") if b.startswith(start)]
    return block.replace("<new key>", NEW_KEY).splitlines()


def live_servers(emulator: RunningEmulator) -> list[str]:
    return [s["id"] for s in emulator.admin.servers(include_deleted=True) if not s["deleted"]]


def test_the_rotation_procedure_leaves_refresh_and_destroy_working_on_the_new_key_alone(
    pulumi_cli: Path, tmp_path: Path
) -> None:
    stack = PulumiStack(tmp_path / "stack")
    stack.write_program(
        """
        import pulumi
        from pulumi_composio import CustomMcpServer

        server = CustomMcpServer("support", toolkits=["github"])
        pulumi.export("server_id", server.id)
        """
    )
    with start_emulator(api_key=OLD_KEY, admin_token=ADMIN_TOKEN) as composio:
        stack.init(api_key=OLD_KEY, base_url=composio.url)
        stack.up().check()
        server_id = stack.outputs()["server_id"]

        composio.admin.change_settings(api_key=NEW_KEY, read_only_key=OLD_KEY)
        for line in rotation_commands():
            typed(stack, line)

        composio.admin.change_settings(read_only_key=None)
        revoked = httpx.get(f"{composio.url}/api/v3/mcp/servers", headers={"x-api-key": OLD_KEY})
        assert revoked.status_code == 401, "the old key is revoked"
        assert live_servers(composio) == [server_id]
        stack.refresh().check()
        stack.destroy().check()
        assert live_servers(composio) == []
