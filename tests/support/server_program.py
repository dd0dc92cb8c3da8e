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
    pulumi.export("name", server.name)
    pulumi.export("toolkits", server.toolkits)
    pulumi.export("allowed_tools", server.allowed_tools)
    pulumi.export("mcp_url", server.mcp_url)
    pulumi.export("cursor", server.commands["cursor"])
    pulumi.export("claude", server.commands["claude"])
    pulumi.export("windsurf", server.commands["windsurf"])
"""


def server_program(
    name: str = "Support Tools",
    toolkits: tuple[str, ...] = ("github", "slack"),
    allowed_tools: tuple[str, ...] = ("GITHUB_CREATE_ISSUE",),
) -> str:
    return SERVER_PROGRAM.format(
        name=name, toolkits=list(toolkits), allowed_tools=list(allowed_tools)
    )
