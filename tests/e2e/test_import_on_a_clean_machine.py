"""The import section of docs/custom-mcp-server.md, run as printed on a user's machine.

A fresh ``PULUMI_HOME``, no plugin of ours on ``PATH``, the release served only under the
installation page's override (:mod:`tests.support.users_machine`), into a YAML and a TypeScript
stack, with the server made behind Pulumi's back the way docs/emulator.md shows. Apart from
tests/e2e/test_import.py, which tools/sdk_ends.py runs at both ends of the SDK range: these
programs are YAML and TypeScript, served by the released plugin, so one run is enough.
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

from pulumi_composio.api.models import AuthConfigSpec, CreateAuthConfigRequest, ToolkitRef
from pulumi_composio.emulator.process import RunningEmulator
from pulumi_composio.native.schema import PLUGIN_DOWNLOAD_URL
from tests.support.api_log import writes
from tests.support.deployment import API_KEY, deployed
from tests.support.languages import default_hosts, language_stack, write_ts_program
from tests.support.markdown_pages import DOCS, EMULATOR, fenced_blocks
from tests.support.missing_tools import required
from tests.support.pulumi_stack import PulumiStack
from tests.support.users_machine import installed_plugins, on_a_users_machine, served, typed
from tools.dist import version

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
