"""A mistyped toolkit or tool slug fails ``pulumi preview`` with what was meant, in a Python
program (the dynamic provider) and a YAML one (the native plugin, whose ``up --skip-preview``
says the same once Composio refused the create); only new or changed slugs cost calls, so a
no-change preview makes none; without a key the preview warns and goes on.
"""

from __future__ import annotations

from tests.support.api_log import api_calls, writes
from tests.support.cli_output import assert_failed_with_one_line, diagnostics
from tests.support.deployment import Deployment

TYPO_RUNS = 2
"""Previews of one typo in a row: the second asks again, since a typo is never recorded."""

TYPO = """
from pulumi_composio import CustomMcpServer

CustomMcpServer("typo", toolkits={toolkits}, allowed_tools={tools})
"""
YAML_TYPO = """
resources:
  typo:
    type: composio:index:CustomMcpServer
    properties:
      toolkits: {toolkits}
      allowedTools: {tools}
"""


def catalogue_calls(deployment: Deployment) -> list[str]:
    """The reads of the catalogue (toolkits and tools), sorted: a check sends them at once."""
    return sorted(
        f"{call.method} {call.path_suffix}"
        for call in api_calls(deployment.emulator.admin.requests())
        if call.path_suffix.startswith(("/toolkits", "/tools"))
    )


def test_a_python_program_with_a_typo_fails_preview_saying_what_was_meant(
    deployment: Deployment,
) -> None:
    stack, admin = deployment.stack, deployment.emulator.admin
    stack.write_program(TYPO.format(toolkits='["github"]', tools='["GITHUB_CREATE_ISSUE"]'))

    stack.up().check()
    assert catalogue_calls(deployment) == ["GET /toolkits/github", "GET /tools"], (
        "once per pulumi up: its apply trusts what its preview asked"
    )
    admin.clear_requests()
    stack.preview("--expect-no-changes").check()
    assert api_calls(admin.requests()) == [], "unchanged slugs are not asked about"

    stack.write_program(
        TYPO.format(toolkits='["github", "notion"]', tools='["GITHUB_CREATE_ISSUE"]')
    )
    stack.preview().check()
    assert catalogue_calls(deployment) == ["GET /toolkits/notion"], "only the new slug"
    stack.destroy().check()

    stack.write_program(TYPO.format(toolkits='["github", "slak"]', tools='["GITHUB_CREATE_ISSU"]'))
    admin.clear_requests()
    preview = stack.preview()

    assert preview.returncode != 0
    assert "toolkits: Composio has no toolkit 'slak' (did you mean `slack`?)" in preview.output
    assert (
        "allowed_tools: Composio has no tool 'GITHUB_CREATE_ISSU' (did you mean "
        "`GITHUB_CREATE_ISSUE`?)" in preview.output
    )
    assert "Traceback" not in preview.output, "a failed check is its message, not a traceback"
    assert writes(admin.requests()) == []

    # The engine stops a program whose resource failed with SIGINT, which Pulumi's Python
    # host used to answer with a traceback or a 5 s hang: tests/unit/test_program_exit.py
    # sends the signals at a known point; here each failed preview ends as one line.
    stack.write_program(TYPO.format(toolkits='["github"]', tools='["GITHUB_CREATE_ISSU"]'))
    admin.clear_requests()
    previews = [stack.preview() for _ in range(TYPO_RUNS)]
    for failed in previews:
        assert failed.returncode != 0
        assert_failed_with_one_line(
            failed.output,
            "typo",
            "has a problem: allowed_tools: Composio has no tool 'GITHUB_CREATE_ISSU' (did you "
            "mean `GITHUB_CREATE_ISSUE`?)",
        )
    assert catalogue_calls(deployment) == ["GET /tools"] * 2 * TYPO_RUNS, (
        "a mistyped slug is never recorded as known: each preview asks about it, then reads "
        "its toolkit's tools to name the fix"
    )


def test_a_preview_without_a_key_warns_that_slugs_are_left_to_the_apply(
    deployment: Deployment,
) -> None:
    stack = deployment.stack
    stack.run("config", "rm", "composio:apiKey", "--stack", stack.stack).check()
    stack.write_program(TYPO.format(toolkits='["githb"]', tools="[]"))

    preview = stack.preview().check()

    shown = [line for lines in diagnostics(preview.output).values() for line in lines]
    [warning] = [line for line in shown if "were not checked against Composio" in line]
    assert warning.startswith("warning: toolkit and tool slugs were not checked"), warning
    assert "pulumi config set --secret composio:apiKey" in warning
    assert warning.endswith("Composio checks them when the change is applied")
    assert api_calls(deployment.emulator.admin.requests()) == []


def test_a_yaml_program_with_a_typo_fails_preview_in_its_own_words(
    yaml_deployment: Deployment,
) -> None:
    stack, admin = yaml_deployment.stack, yaml_deployment.emulator.admin
    stack.write_yaml_program(YAML_TYPO.format(toolkits="[github]", tools="[GITHUB_CREATE_ISSUE]"))
    stack.up().check()
    assert catalogue_calls(yaml_deployment) == ["GET /toolkits/github", "GET /tools"], (
        "once per pulumi up: the plugin of its apply trusts what the plugin of its preview asked"
    )
    admin.clear_requests()
    stack.preview("--expect-no-changes").check()
    assert api_calls(admin.requests()) == []
    stack.destroy().check()

    stack.write_yaml_program(YAML_TYPO.format(toolkits="[githb]", tools="[GITHUB_CREATE_ISSUE]"))
    admin.clear_requests()
    preview = stack.preview()

    assert preview.returncode != 0
    assert "toolkits: Composio has no toolkit 'githb' (did you mean `github`?)" in preview.output
    assert writes(admin.requests()) == []

    # --skip-preview on purpose: a plain up stops at the preview just shown, and this is the
    # apply's own path (as CI pipelines that skip the preview reach it), which asks nothing
    # before its create.
    applied = stack.up("--skip-preview")
    assert applied.returncode != 0
    assert "toolkits: Composio has no toolkit 'githb' (did you mean `github`?)" in applied.output
    assert [f"{c.method} {c.path_suffix}" for c in writes(admin.requests())] == [
        "POST /mcp/servers/custom"
    ], "the apply asks nothing first: Composio refuses the create, then the catalogue names the fix"

    stack.write_yaml_program(YAML_TYPO.format(toolkits="[github]", tools="[GITHUB_CREATE_ISSU]"))
    preview = stack.preview()
    assert preview.returncode != 0
    assert (
        "allowedTools: Composio has no tool 'GITHUB_CREATE_ISSU' (did you mean "
        "`GITHUB_CREATE_ISSUE`?); getTools lists the tools of a toolkit" in preview.output
    )
