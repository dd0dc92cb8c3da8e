"""The four functions under the real CLI, in every language: Python (in the program's process,
with no plugin), YAML (``fn::invoke``), TypeScript and Go (the generated SDKs).

One program per language (tests/e2e/programs/*/functions.*) builds a server's allowed tools
from ``getTools``, reads a server made elsewhere (through the API, before the program) with
``getCustomMcpServer`` by name and exports its ``mcpUrl``, and exports what ``getToolkit`` and
``getAuthConfig`` answer. Its preview shows the looked-up values; then a missing server and a
bad argument (both from stack config, so the program stays one) fail the preview with a
message naming them. The Python and YAML programs of docs/functions.md run as printed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from pulumi_composio.api.models import CreateCustomServerRequest
from pulumi_composio.emulator.process import RunningEmulator
from tests.support.api_log import writes
from tests.support.cli_output import diagnostics, python_tracebacks
from tests.support.deployment import Deployment
from tests.support.language_front import language_deployment
from tests.support.languages import default_hosts, language_stack
from tests.support.markdown_pages import DOCS, whole_python_program, whole_yaml_program
from tests.support.missing_tools import required
from tests.support.program_languages import LANGUAGES, PROGRAMS, ProgramLanguage
from tests.support.pulumi_stack import VENV

FUNCTIONS_PAGE = DOCS / "functions.md"
ELSEWHERE = "Made Elsewhere"
ISSUE_TOOLS = ["GITHUB_CREATE_ISSUE", "GITHUB_LIST_REPOSITORY_ISSUES"]


def uses_the_four_functions(deployment: Deployment, function_name: Callable[[str], str]) -> None:
    """The scenario, on a stack whose program is already written; ``function_name`` spells a
    function as the language's messages do (``get_tools`` or ``getTools``)."""
    stack, api, admin = deployment.stack, deployment.api, deployment.emulator.admin
    made = api.create_custom_server(CreateCustomServerRequest(name=ELSEWHERE, toolkits=["slack"]))
    stack.set_config("elsewhere", ELSEWHERE)
    admin.clear_requests()

    preview = stack.preview().check()
    assert made.mcp_url in preview.output, preview.output[-3000:]
    assert all(tool in preview.output for tool in ISSUE_TOOLS), preview.output[-3000:]
    assert writes(admin.requests()) == []

    stack.up().check()
    outputs = stack.outputs()
    assert outputs["issueTools"] == ISSUE_TOOLS
    assert (outputs["elsewhereId"], outputs["elsewhereUrl"]) == (made.id, made.mcp_url)
    assert outputs["githubSchemes"] == ["OAUTH2", "BEARER_TOKEN"]
    assert outputs["managedToolkit"] == "github"
    server = api.get_server(outputs["serverId"])
    assert sorted(server.allowed_tools) == ISSUE_TOOLS
    assert outputs["lookedUpUrl"] == server.mcp_url

    stack.set_config("elsewhere", "Nobody Here")
    missing = stack.preview()
    assert missing.returncode != 0
    expected = f"{function_name('get_custom_mcp_server')}: no live Composio MCP server is named"
    assert f"{expected} 'Nobody Here'" in missing.output, missing.output[-3000:]
    assert no_traceback_of_ours(missing.output)

    stack.set_config("elsewhere", ELSEWHERE)
    stack.set_config("toolkit", " github")
    bad = stack.preview()
    assert bad.returncode != 0
    expected = f"{function_name('get_tools')}: toolkit must be a toolkit slug such as 'github'"
    assert expected in bad.output, bad.output[-3000:]
    assert no_traceback_of_ours(bad.output)

    stack.destroy().check()
    assert deployment.live_server_ids() == {made.id}, "the server made elsewhere is not ours"


def no_traceback_of_ours(output: str) -> bool:
    """Whether no traceback the CLI shows runs through this package: a failed lookup is its
    message (a Python program's ends the program as one line, as a ``pulumi.RunError``)."""
    return not any(
        "pulumi_composio" in frame
        for lines in diagnostics(output).values()
        for traceback in python_tracebacks(lines)
        for frame in traceback.files
    )


def camel_case(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def test_a_python_program_looks_up_in_its_own_process_with_no_plugin(
    deployment: Deployment,
) -> None:
    """No ``pulumi-resource-composio`` on the engine's ``PATH``: the functions need none."""
    stack = deployment.stack
    stack.env["PATH"] = os.pathsep.join(
        part for part in stack.env["PATH"].split(os.pathsep) if Path(part) != VENV / "bin"
    )
    stack.write_program((PROGRAMS / "python" / "functions.py").read_text())
    uses_the_four_functions(deployment, lambda name: name)


def test_a_yaml_program_looks_up_with_fn_invoke(yaml_deployment: Deployment) -> None:
    yaml_deployment.stack.write_yaml_program((PROGRAMS / "yaml" / "functions.yaml").read_text())
    uses_the_four_functions(yaml_deployment, camel_case)


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.name)
def test_typescript_and_go_programs_look_up_through_their_sdks(
    language: ProgramLanguage, pulumi_cli: Path, emulator: RunningEmulator, tmp_path: Path
) -> None:
    required(language.ready)
    with language_deployment(
        emulator, lambda: language_stack(tmp_path, default_hosts(), language.runtime)
    ) as deployment:
        language.write_program(deployment.stack, language.program("functions"))
        uses_the_four_functions(deployment, camel_case)


def the_page_program_comes_up(deployment: Deployment, outputs_named: dict[str, str]) -> None:
    """The functions page's program, already written, on a stack where another team made
    ``Platform Tools``; ``outputs_named`` maps what the test reads to the program's export."""
    stack, api = deployment.stack, deployment.api
    platform = api.create_custom_server(CreateCustomServerRequest(name="Platform Tools"))

    preview = stack.preview().check()
    assert platform.mcp_url in preview.output, preview.output[-3000:]
    stack.up().check()

    outputs = {mine: stack.outputs()[theirs] for mine, theirs in outputs_named.items()}
    assert outputs["issue_tools"] == ISSUE_TOOLS
    assert outputs["platform_mcp_url"] == platform.mcp_url
    (made,) = deployment.live_server_ids() - {platform.id}
    assert sorted(api.get_server(made).allowed_tools) == ISSUE_TOOLS
    stack.destroy().check()


def test_the_functions_page_python_program_runs_as_printed(deployment: Deployment) -> None:
    deployment.stack.write_program(whole_python_program(FUNCTIONS_PAGE))
    the_page_program_comes_up(
        deployment, {"issue_tools": "issue_tools", "platform_mcp_url": "platform_mcp_url"}
    )


def test_the_functions_page_yaml_program_runs_as_printed(yaml_deployment: Deployment) -> None:
    yaml_deployment.stack.write_yaml_program(whole_yaml_program(FUNCTIONS_PAGE))
    the_page_program_comes_up(
        yaml_deployment, {"issue_tools": "issueTools", "platform_mcp_url": "platformMcpUrl"}
    )
