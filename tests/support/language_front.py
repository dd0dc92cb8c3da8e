"""What the TypeScript and Go end-to-end tests share: one scenario, run in each language.

A TypeScript or Go program reaches the resources through the SDK generated into ``sdk/`` and the
native plugin ``pulumi-resource-composio``; the engine runs it through the Node.js or Go language
host beside the pinned CLI (see tests/support/languages.py). Each scenario takes the
:class:`ProgramLanguage` to run in; the assertions are the same for every language.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from pulumi_composio.api.models import (
    AuthConfigSpec,
    CreateAuthConfigRequest,
    CreateCustomServerRequest,
    ToolkitRef,
)
from pulumi_composio.emulator.process import RunningEmulator
from tests.support.api_log import api_calls, writes
from tests.support.deployment import API_KEY, Deployment, deployed
from tests.support.languages import language_stack
from tests.support.mcp_clients import typescript_tool_names
from tests.support.missing_tools import required
from tests.support.program_languages import ProgramLanguage
from tests.support.pulumi_stack import PulumiStack

FIRST_KEY = "lin_api_FIRST-credential-0001"
ROTATED_KEY = "lin_api_ROTATED-credential-0002"


def language_deployment(
    emulator: RunningEmulator, make_stack: Callable[[], PulumiStack]
) -> AbstractContextManager[Deployment]:
    """The stack ``make_stack`` makes (see :func:`language_stack`), on ``emulator``, destroyed
    at the end if a test left anything of ours in it. Without the language hosts' CLI or the
    native plugin the test fails saying how to install them."""
    return deployed(required(make_stack), emulator, leftovers=deployment_resources)


def deployment_resources(stack: PulumiStack) -> list[dict[str, Any]]:
    """Every resource of ours in the stack's state."""
    return [
        r
        for r in stack.export()["deployment"].get("resources") or []
        if r["type"].startswith("composio:index:")
    ]


def assert_no_secret_in(places: dict[str, str], *secrets: str) -> None:
    needles = [*secrets, base64.b64encode(API_KEY.encode()).decode()]
    for place, text in places.items():
        for needle in needles:
            assert needle not in text, f"a secret ({needle[:8]}...) is in the {place}"


def full_setup_lifecycle(
    emulator: RunningEmulator, root: Path, hosts: str, language: ProgramLanguage
) -> None:
    """The shipped full-setup example in ``language``, start to end, as a user runs it under
    the ``hosts`` language hosts.

    preview of a new stack, plain ``up``; outputs against the live objects (the auth config
    ids wired into the server, the server id into the user URL, where the TypeScript MCP
    client is served the server's tools); no key in the state files,
    ``pulumi stack export`` or a ``-v=9`` log; a no-change preview making no API call at all;
    a key rotation and a disable, each one PATCH in place; destroy leaving nothing.
    """
    with language_deployment(
        emulator, lambda: language_stack(root, hosts, language.runtime)
    ) as deployment:
        _full_setup_lifecycle(deployment, language)


def _full_setup_lifecycle(deployment: Deployment, language: ProgramLanguage) -> None:
    stack, admin = deployment.stack, deployment.emulator.admin
    language.write_program(stack, language.example.read_text())
    stack.set_config("linearApiKey", FIRST_KEY, secret=True)

    preview = stack.preview().check()
    assert "5 to create" in preview.output, preview.output[-3000:]
    assert writes(admin.requests()) == []

    up = stack.up("-v=9", "--logtostderr", "--logflow").check()
    assert "5 created" in up.output, up.output[-3000:]

    outputs = stack.outputs()
    server = deployment.api.get_server(outputs["serverId"])
    assert outputs["mcpUrl"] == server.mcp_url
    assert outputs["cursorCommand"] == server.commands.cursor
    assert server.mcp_url in outputs["cursorCommand"]
    assert sorted(server.auth_config_ids) == sorted(
        [outputs["githubAuthConfigId"], outputs["linearAuthConfigId"]]
    )
    made = {config["id"]: config for config in deployment.made_auth_configs()}
    assert set(made) == {outputs["githubAuthConfigId"], outputs["linearAuthConfigId"]}
    assert made[outputs["githubAuthConfigId"]]["is_composio_managed"]
    assert made[outputs["linearAuthConfigId"]]["auth_scheme"] == "API_KEY"
    assert made[outputs["linearAuthConfigId"]]["credentials_set"]
    assert outputs["supportBotUrl"] == "[secret]"
    bot_url = stack.secret_output("supportBotUrl")
    assert server.mcp_url in bot_url
    assert "support-bot" in bot_url
    assert sorted(typescript_tool_names(bot_url, API_KEY)) == sorted(server.allowed_tools)

    assert len(up.output) > 10_000, "the verbose log is suspiciously short"
    assert_no_secret_in(
        {
            "state files": "".join(p.read_text(errors="replace") for p in stack.state_files()),
            "stack export": stack.run("stack", "export", "--stack", stack.stack).check().stdout,
            "verbose log": up.output,
        },
        API_KEY,
        FIRST_KEY,
    )

    admin.clear_requests()
    stack.preview("--expect-no-changes").check()
    assert api_calls(admin.requests()) == []

    linear_id = outputs["linearAuthConfigId"]
    stack.set_config("linearApiKey", ROTATED_KEY, secret=True)
    rotated = stack.up().check()
    assert "1 updated" in rotated.output, rotated.output[-3000:]
    assert [(w.method, w.path_suffix) for w in writes(admin.requests())] == [
        ("PATCH", f"/auth_configs/{linear_id}")
    ]

    admin.clear_requests()
    stack.set_config("linearEnabled", "false")
    disabled = stack.up().check()
    assert "1 updated" in disabled.output, disabled.output[-3000:]
    assert [(w.method, w.path_suffix) for w in writes(admin.requests())] == [
        ("PATCH", f"/auth_configs/{linear_id}/DISABLED")
    ]
    assert stack.outputs()["linearStatus"] == "DISABLED"
    assert stack.outputs()["serverId"] == server.id, "the server was replaced, not updated"

    stack.destroy().check()
    assert deployment.live_server_ids() == set()
    assert deployment.made_auth_configs() == []
    assert deployment_resources(stack) == []


def stack_reference(
    emulator: RunningEmulator, root: Path, hosts: str, language: ProgramLanguage
) -> None:
    """A second stack reads the first one's ``serverId`` and ``mcpUrl`` through a
    ``StackReference`` and wires the id into a resource of its own."""
    with (
        language_deployment(
            emulator,
            lambda: language_stack(
                root / "a", hosts, language.runtime, project="mcp-producer", stack="dev"
            ),
        ) as a,
        language_deployment(
            emulator,
            lambda: language_stack(
                root / "b",
                hosts,
                language.runtime,
                project="mcp-consumer",
                stack="dev",
                backend_url=a.stack.backend.as_uri(),
            ),
        ) as b,
    ):
        b.stack.set_config("producerStack", "organization/mcp-producer/dev")
        language.write_program(a.stack, language.program("producer"))
        language.write_program(b.stack, language.program("consumer"))

        a.stack.up().check()
        b.stack.up().check()

        produced, consumed = a.stack.outputs(), b.stack.outputs()
        assert consumed["producerMcpUrl"] == produced["mcpUrl"]
        on_call_url = b.stack.secret_output("onCallUrl")
        assert produced["mcpUrl"] in on_call_url
        assert "on-call" in on_call_url
        generate = [
            c for c in api_calls(emulator.admin.requests()) if c.path_suffix.endswith("/generate")
        ]
        assert len(generate) == 1

        b.stack.destroy().check()
        a.stack.destroy().check()
        assert b.live_server_ids() == set()


def import_existing(
    emulator: RunningEmulator, root: Path, hosts: str, language: ProgramLanguage
) -> None:
    """``pulumi import`` of a server and an auth config made outside Pulumi: the state gets
    them, the code Pulumi prints in ``language`` runs as the program with no change to make,
    and destroy deletes them."""
    with language_deployment(
        emulator, lambda: language_stack(root, hosts, language.runtime)
    ) as deployment:
        _import_existing(deployment, language)


def _import_existing(deployment: Deployment, language: ProgramLanguage) -> None:
    stack = deployment.stack
    server = deployment.api.create_custom_server(
        CreateCustomServerRequest(
            name="Made In Dashboard", toolkits=["github"], allowed_tools=["GITHUB_CREATE_ISSUE"]
        )
    )
    auth_config = deployment.api.create_auth_config(
        CreateAuthConfigRequest(
            toolkit=ToolkitRef(slug="notion"),
            auth_config=AuthConfigSpec(
                type="use_composio_managed_auth", name="Notion From Dashboard"
            ),
        )
    ).auth_config
    language.write_program(stack, language.program("empty"))
    spec = stack.root / "import.json"
    spec.write_text(
        json.dumps(
            {
                "resources": [
                    {
                        "type": "composio:index:CustomMcpServer",
                        "name": "dashboard",
                        "id": server.id,
                    },
                    {"type": "composio:index:AuthConfig", "name": "notion", "id": auth_config.id},
                ]
            }
        )
    )
    code_file = stack.root / "imported-code"
    imported = stack.import_resources("--file", str(spec), out=code_file).check()
    assert "2 imported" in imported.output, imported.output[-3000:]
    code = code_file.read_text()
    for expected in language.imported_code:
        assert expected in code, code

    language.write_program(stack, code)
    stack.preview("--expect-no-changes").check()

    stack.destroy().check()
    assert deployment.live_server_ids() == set()
    assert deployment.made_auth_configs() == []
