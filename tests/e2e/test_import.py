"""Bringing servers made outside Pulumi under management.

The dynamic resources' ways (``get``, ``adopt_server_id``) against the emulator, and the import
section of docs/custom-mcp-server.md run as printed on a user's machine: a fresh
``PULUMI_HOME``, no plugin of ours on ``PATH``, the release served only under the installation
page's override (:mod:`tests.support.users_machine`), into a YAML and a TypeScript stack, with
the server made behind Pulumi's back the way docs/emulator.md shows.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from pulumi_composio.api.models import (
    AuthConfigSpec,
    CreateAuthConfigRequest,
    CreateCustomServerRequest,
    ToolkitRef,
)
from pulumi_composio.emulator.process import RunningEmulator
from pulumi_composio.native.schema import PLUGIN_DOWNLOAD_URL
from tests.support.api_log import writes
from tests.support.cli_output import assert_failed_with_one_line
from tests.support.deployment import API_KEY, Deployment, deployed
from tests.support.languages import default_hosts, language_stack, write_ts_program
from tests.support.markdown_pages import DOCS, EMULATOR, fenced_blocks
from tests.support.missing_tools import required
from tests.support.pulumi_stack import PulumiStack
from tests.support.users_machine import installed_plugins, on_a_users_machine, served
from tools.dist import version


def dashboard_server(deployment: Deployment, name: str = "Made In Dashboard") -> str:
    created = deployment.api.create_custom_server(
        CreateCustomServerRequest(name=name, toolkits=["github"], allowed_tools=[])
    )
    return created.id


def test_get_reads_an_existing_server_without_managing_it(deployment: Deployment):
    server_id = dashboard_server(deployment)
    deployment.stack.write_program(
        f"""
        import pulumi
        from pulumi_composio import CustomMcpServer

        existing = CustomMcpServer.get("existing", {server_id!r})
        pulumi.export("name", existing.name)
        pulumi.export("mcp_url", existing.mcp_url)
        pulumi.export("toolkits", existing.toolkits)
        """
    )
    deployment.stack.up().check()

    outputs = deployment.stack.outputs()
    assert outputs["name"] == "Made In Dashboard"
    assert outputs["toolkits"] == ["github"]
    assert server_id in outputs["mcp_url"]

    deployment.stack.destroy().check()
    assert deployment.live_server_ids() == {server_id}


def test_import_option_is_refused_by_the_pinned_engine_for_dynamic_resources(
    deployment: Deployment,
):
    """pulumi/pulumi#16175: the engine's import Read lacks the serialized provider.

    This test pins the engine behaviour docs/custom-mcp-server.md documents ("Import"); when
    it starts to pass differently, ``import_`` works and that page should say so.
    """
    server_id = dashboard_server(deployment)
    deployment.stack.write_program(
        f"""
        import pulumi
        from pulumi_composio import CustomMcpServer

        CustomMcpServer(
            "adopted",
            name="Made In Dashboard",
            toolkits=["github"],
            opts=pulumi.ResourceOptions(import_={server_id!r}),
        )
        """
    )
    result = deployment.stack.up()

    assert result.returncode != 0
    assert "__provider" in result.output
    assert deployment.stack.resources() == []


def test_adopt_server_id_brings_a_server_under_management_without_a_duplicate(
    deployment: Deployment,
):
    server_id = dashboard_server(deployment)
    deployment.emulator.admin.clear_requests()
    deployment.stack.write_program(
        f"""
        import pulumi
        from pulumi_composio import CustomMcpServer

        adopted = CustomMcpServer(
            "adopted", adopt_server_id={server_id!r}, toolkits=["github", "slack"]
        )
        pulumi.export("server_id", adopted.id)
        pulumi.export("name", adopted.name)
        """
    )
    deployment.stack.up().check()

    outputs = deployment.stack.outputs()
    assert outputs == {"server_id": server_id, "name": "Made In Dashboard"}
    assert [call.method for call in writes(deployment.emulator.admin.requests())] == ["PATCH"]
    assert sorted(deployment.api.get_server(server_id).toolkits) == ["github", "slack"]
    assert deployment.live_server_ids() == {server_id}

    deployment.stack.preview("--expect-no-changes").check()
    deployment.stack.destroy().check()
    assert deployment.live_server_ids() == set()


def test_adopting_an_unknown_id_fails_with_the_id_named(deployment: Deployment):
    deployment.stack.write_program(
        """
        from pulumi_composio import CustomMcpServer

        CustomMcpServer("adopted", adopt_server_id="no-such-server")
        """
    )
    result = deployment.stack.up()

    assert result.returncode != 0
    assert_failed_with_one_line(
        result.output,
        "adopted",
        "adopt_server_id: no live Composio MCP server has id 'no-such-server'",
    )


def test_a_server_with_our_default_name_but_another_configuration_is_not_taken(
    deployment: Deployment,
):
    """Taking back is for what a killed run of this stack left, which matches the program."""
    from pulumi_composio.api.models import CreateCustomServerRequest
    from pulumi_composio.naming import autoname

    default_name = autoname("tools", "organization/e2e/test/tools")
    stranger = deployment.api.create_custom_server(
        CreateCustomServerRequest(name=default_name, toolkits=["gmail"])
    )
    deployment.stack.write_program(
        """
        from pulumi_composio import CustomMcpServer

        CustomMcpServer("tools", toolkits=["github"])
        """
    )

    up = deployment.stack.up()

    assert up.returncode != 0
    assert f"named '{default_name}' already exists ({stranger.id})" in up.output
    assert deployment.live_server_ids() == {stranger.id}
    assert deployment.api.get_server(stranger.id).toolkits == ["gmail"]


RELEASE = version()
SERVER_PAGE = DOCS / "custom-mcp-server.md"
AUTH_CONFIG_PAGE = DOCS / "auth-config.md"
PLUGIN_LINE = f"pulumi plugin install resource composio {RELEASE} --server {PLUGIN_DOWNLOAD_URL}"
"""The import section's first line, which must name this release and the URL our SDKs name."""
EMULATOR_ON_THE_PAGE = "http://127.0.0.1:8787"
KEY_ON_THE_PAGE = "dev-key"
PROTECTED_NOTE = "the imported resources are marked as protected"
NOTE_ENDS = "the destroy will take effect."


@pytest.fixture(scope="module")
def mirror(release: Path) -> Iterator[str]:
    """``make dist``'s release over loopback, as an air-gapped team mirrors it."""
    with served(release) as url:
        yield url


def page_block(page: Path, start: str) -> str:
    """The one ```sh block of ``page`` that starts with ``start``."""
    found = [block for block in fenced_blocks(page, "sh") if block.startswith(start)]
    assert len(found) == 1, f"expected one sh block starting {start!r} in {page.name}"
    return found[0]


def filled_in(command: str, placeholder: str, value: str) -> str:
    assert placeholder in command, f"{placeholder} is not in {command!r}"
    return command.replace(placeholder, value)


def typed(stack: PulumiStack, line: str, *, check: bool = True) -> subprocess.CompletedProcess[str]:
    """``line`` as a user types it in the program's folder; the confirmation prompt of
    ``pulumi import`` and ``pulumi state unprotect`` is answered yes, as the user would."""
    done = subprocess.run(
        ["sh", "-c", line],
        cwd=stack.program_dir,
        env={**stack.env, "PULUMI_SKIP_CONFIRMATIONS": "true"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check:
        assert done.returncode == 0, f"{line}\n{done.stdout}{done.stderr}"
    return done


def curl_request(command: str) -> httpx.Request:
    """The HTTP request a ``curl`` command line sends: ``-X``, each ``-H``, ``-d`` and the URL
    (``-s`` only quiets curl); any other flag fails, so the page cannot say more than this
    reads."""
    words = shlex.split(command.replace("\\\n", " "))
    assert words[0] == "curl", command
    method, url, headers, body = "GET", "", {}, None
    rest = iter(words[1:])
    for word in rest:
        if word == "-X":
            method = next(rest)
        elif word == "-H":
            name, _, value = next(rest).partition(":")
            headers[name.strip()] = value.strip()
        elif word == "-d":
            body = next(rest)
        elif word != "-s":
            assert not word.startswith("-"), f"curl flag {word} is not understood here"
            url = word
    return httpx.Request(method, url, headers=headers, content=body)


def made_outside_pulumi(emulator: RunningEmulator) -> dict[str, Any]:
    """The server the emulator page's ``curl`` makes, sent to ``emulator`` with its key: by
    curl as printed where the machine has it, else the very request the command line says."""
    command = page_block(EMULATOR, "curl ")
    command = filled_in(command, EMULATOR_ON_THE_PAGE, emulator.url)
    command = filled_in(command, KEY_ON_THE_PAGE, API_KEY)
    request = curl_request(command)
    assert (request.method, request.url.path) == ("POST", "/api/v3/mcp/servers/custom")
    assert request.headers["x-api-key"] == API_KEY
    if shutil.which("curl"):
        done = subprocess.run(["sh", "-c", command], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        answer = done.stdout
    else:
        with httpx.Client() as client:
            answer = client.send(request).raise_for_status().text
    server: dict[str, Any] = json.loads(answer)
    return server


def printed_code(imported: subprocess.CompletedProcess[str]) -> str:
    """The code ``pulumi import`` printed, after its note that what it imported is protected."""
    assert PROTECTED_NOTE in imported.stdout, imported.stdout
    _, _, code = imported.stdout.rpartition(NOTE_ENDS)
    return code.strip() + "\n"


def protections(stack: PulumiStack) -> dict[str, bool]:
    """Whether each of our resources in the state is protected, by name."""
    resources = stack.export()["deployment"].get("resources") or []
    return {
        r["urn"].rpartition("::")[2]: bool(r.get("protect"))
        for r in resources
        if r["type"].startswith("composio:index:")
    }


def import_commands(server_id: str) -> tuple[str, str]:
    """The import section's two lines, the server's id in place of its placeholder."""
    plugin_line, import_line = page_block(SERVER_PAGE, PLUGIN_LINE).splitlines()
    return plugin_line, filled_in(import_line, "<server id>", server_id)


def released_by_the_page(stack: PulumiStack) -> None:
    """The section's ``pulumi state unprotect`` line as printed: the test's stack and project
    are the page's ``dev`` and ``infra``."""
    (line,) = page_block(SERVER_PAGE, "pulumi state unprotect ").splitlines()
    typed(stack, line)


def test_the_import_section_imports_into_a_yaml_stack_on_a_clean_machine(
    pulumi_cli: Path, emulator: RunningEmulator, mirror: str, tmp_path: Path
) -> None:
    """The server and auth config pages' commands, the printed YAML (with the two options
    every composio resource carries) as the program, and both ways of releasing what comes in
    protected: deleting ``protect`` and running ``up``, and ``pulumi state unprotect``."""
    stack = PulumiStack(tmp_path / "stack", project="infra", stack="dev")
    stack.write_yaml_program("resources: {}\n")
    on_a_users_machine(stack, mirror)
    with deployed(stack, emulator) as deployment:
        server_id = made_outside_pulumi(emulator)["id"]
        config_id = deployment.api.create_auth_config(
            CreateAuthConfigRequest(
                toolkit=ToolkitRef(slug="linear"),
                auth_config=AuthConfigSpec(type="use_composio_managed_auth", name="Team Linear"),
            )
        ).auth_config.id
        plugin_line, import_line = import_commands(server_id)

        without_plugin = typed(stack, import_line, check=False)
        assert without_plugin.returncode != 0
        assert "api.github.com/repos/pulumi/pulumi-composio" in without_plugin.stdout
        typed(stack, plugin_line)
        assert installed_plugins(stack.home) == [f"resource-composio-v{RELEASE}"]
        printed = [printed_code(typed(stack, import_line))]
        (config_line,) = page_block(AUTH_CONFIG_PAGE, "pulumi import ").splitlines()
        printed.append(
            printed_code(typed(stack, filled_in(config_line, "<auth config id>", config_id)))
        )

        assert protections(stack) == {"dashboard": True, "linear": True}
        resources = {k: v for code in printed for k, v in yaml.safe_load(code)["resources"].items()}
        assert resources["dashboard"]["properties"]["name"] == "Made In Dashboard"
        assert resources["linear"]["properties"]["toolkit"] == "linear"
        for resource in resources.values():
            assert resource["options"] == {"protect": True}
            resource["options"].update(version=RELEASE, pluginDownloadURL=PLUGIN_DOWNLOAD_URL)
        stack.write_yaml_program(yaml.safe_dump({"resources": resources}))
        deployment.emulator.admin.clear_requests()
        stack.preview("--expect-no-changes").check()
        assert writes(deployment.emulator.admin.requests()) == []

        del resources["linear"]["options"]["protect"]
        stack.write_yaml_program(yaml.safe_dump({"resources": resources}))
        stack.up().check()
        released_by_the_page(stack)
        assert protections(stack) == {"dashboard": False, "linear": False}
        stack.destroy().check()
        assert deployment.live_server_ids() == set()
        assert deployment.made_auth_configs() == []


def test_the_import_section_imports_into_a_typescript_stack_on_a_clean_machine(
    emulator: RunningEmulator, mirror: str, tmp_path: Path
) -> None:
    stack = required(
        lambda: language_stack(
            tmp_path / "stack", default_hosts(), "nodejs", project="infra", stack="dev"
        )
    )
    write_ts_program(stack, 'import * as composio from "pulumi-composio";\n')
    on_a_users_machine(stack, mirror)
    with deployed(stack, emulator) as deployment:
        server = made_outside_pulumi(emulator)

        for line in import_commands(server["id"]):
            done = typed(stack, line)
        printed = printed_code(done)

        assert installed_plugins(stack.home) == [f"resource-composio-v{RELEASE}"]
        assert 'new composio.CustomMcpServer("dashboard"' in printed
        assert "protect: true" in printed
        assert protections(stack) == {"dashboard": True}
        write_ts_program(stack, printed)
        deployment.emulator.admin.clear_requests()
        stack.preview("--expect-no-changes").check()
        assert writes(deployment.emulator.admin.requests()) == []
        released_by_the_page(stack)
        assert protections(stack) == {"dashboard": False}
        stack.destroy().check()
        assert deployment.live_server_ids() == set()
