"""A Python program of one server on the dynamic provider, exporting every output of it.

The lifecycle and secrets tests deploy it with different names and lists and compare each
output with what the API holds.
"""

from __future__ import annotations

SERVER_PROGRAM = """
    import pulumi
    from pulumi_composio import CustomMcpServer

    server = CustomMcpServer(
        "support-tools",
        name={name!r},
        toolkits={toolkits!r},
        allowed_tools={allowed_tools!r},
        auth_config_ids=["ac_github_default"],
    )
    pulumi.export("server_id", server.id)
    for output in ("name", "toolkits", "allowed_tools", "mcp_url"):
        pulumi.export(output, getattr(server, output))
    for client in ("cursor", "claude", "windsurf"):
        pulumi.export(client, server.commands[client])
"""


def server_program(
    name: str = "Support Tools",
    toolkits: tuple[str, ...] = ("github", "slack"),
    allowed_tools: tuple[str, ...] = ("GITHUB_CREATE_ISSUE",),
) -> str:
    return SERVER_PROGRAM.format(
        name=name, toolkits=list(toolkits), allowed_tools=list(allowed_tools)
    )
