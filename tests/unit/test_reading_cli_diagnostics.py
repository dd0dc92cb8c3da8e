"""The e2e tests' reading of a failed run (tests.support.cli_output.py), on runs as recorded.

Under Pulumi's own Python host a failed resource used to be followed by Pulumi's
``KeyboardInterrupt`` traceback under the stack (a program of this package's resources now
exits quietly instead); the e2e verdicts refuse that and any traceback of this package, and
accept the failed resource's one line, so the reading must tell them apart on real output.
"""

from __future__ import annotations

import pytest

from tests.support.cli_output import (
    PythonTraceback,
    assert_failed_with_one_line,
    diagnostics,
    planned_steps,
    python_tracebacks,
)

ERROR = (
    "error: Composio API 400 (MCP_InvalidRequest): Invalid request: toolkits: unknown toolkit "
    "'no-such-toolkit'. [request_id=req_ba2e, POST /api/v3/mcp/servers/custom]"
)
EXEC = "/work/shared/pulumi-hosts/pulumi-language-python-exec"
STDLIB = "/root/.pyenv/versions/3.11.7/lib/python3.11"
INTERRUPT = f"""\
Traceback (most recent call last):
  File "{EXEC}", line 232, in <module>
    loop.run_until_complete(coro)
  File "{STDLIB}/selectors.py", line 468, in select
    fd_event_list = self._selector.poll(timeout, max_ev)
                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
KeyboardInterrupt
During handling of the above exception, another exception occurred:
Traceback (most recent call last):
  File "{EXEC}", line 244, in <module>
    executor.shutdown(wait=True)
  File "{STDLIB}/threading.py", line 1139, in _wait_for_tstate_lock
    if lock.acquire(block, timeout):
       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^
KeyboardInterrupt"""
OURS = """\
Traceback (most recent call last):
  File "/venv/lib/python3.11/site-packages/pulumi/dynamic/__main__.py", line 170, in Create
    result = provider.create(props)
  File "/venv/lib/python3.11/site-packages/pulumi_composio/servers/provider.py", line 9, in create
    raise ComposioApiError(...)
pulumi_composio.errors.ComposioApiError: Composio API 400"""


def indent(text: str, by: str) -> str:
    return "\n".join(by + line for line in text.splitlines())


def run_output(stack_lines: str, resource_lines: str = ERROR) -> str:
    """A failed ``pulumi up`` as the CLI prints it: progress lines repeating each diagnostic
    once behind a prefix, then the Diagnostics section."""
    prefix = " +  pulumi:pulumi:Stack e2e-test creating (0s) "
    return "\n".join(
        [
            "Updating (test):",
            "",
            f" +  pulumi-python:dynamic/composio:CustomMcpServer bad creating (0s) {ERROR}",
            indent(stack_lines, prefix),
            " +  pulumi:pulumi:Stack e2e-test **creating failed (0.41s)** 1 error",
            "Diagnostics:",
            "  pulumi-python:dynamic/composio:CustomMcpServer (bad):",
            indent(resource_lines, "    "),
            "",
            "  pulumi:pulumi:Stack (e2e-test):",
            "    error: update failed",
            "",
            indent(stack_lines, "    "),
            "",
            "Resources:",
            "    + 1 created",
            "    2 errored",
            "",
        ]
    )


def test_the_sections_hold_each_resource_s_lines_once():
    sections = diagnostics(run_output(INTERRUPT))

    assert list(sections) == [
        "pulumi-python:dynamic/composio:CustomMcpServer (bad)",
        "pulumi:pulumi:Stack (e2e-test)",
    ]
    assert sections["pulumi-python:dynamic/composio:CustomMcpServer (bad)"] == [ERROR]
    assert sections["pulumi:pulumi:Stack (e2e-test)"][0] == "error: update failed"


def test_pulumis_double_interrupt_reads_as_two_keyboard_interrupts_in_the_exec_script():
    assert python_tracebacks(INTERRUPT.splitlines()) == [
        PythonTraceback((EXEC, f"{STDLIB}/selectors.py"), "KeyboardInterrupt"),
        PythonTraceback((EXEC, f"{STDLIB}/threading.py"), "KeyboardInterrupt"),
    ]


def test_the_resource_s_one_line_and_nothing_else_passes():
    assert_failed_with_one_line(run_output(""), "bad", "no-such-toolkit")


@pytest.mark.parametrize(
    ("stack_lines", "resource_lines"),
    [(OURS, ERROR), ("", f"{ERROR}\n{OURS}"), (INTERRUPT, ERROR), ("", "error: something else")],
    ids=[
        "our-traceback-under-the-stack",
        "our-traceback-under-the-resource",
        "pulumis-interrupt-traceback",
        "other-message",
    ],
)
def test_a_traceback_of_ours_or_another_message_fails(stack_lines: str, resource_lines: str):
    with pytest.raises(AssertionError):
        assert_failed_with_one_line(
            run_output(stack_lines, resource_lines), "bad", "no-such-toolkit"
        )


def test_a_plain_up_is_judged_by_its_update_s_diagnostics_not_its_preview_s():
    preview_part = "\n".join(
        [
            "Previewing update (test):",
            " +  pulumi:pulumi:Stack e2e-test create 1 warning",
            "Diagnostics:",
            "  pulumi:pulumi:Stack (e2e-test):",
            "    warning: something the preview said",
            "",
            "Resources:",
            "    + 2 to create",
            "",
        ]
    )
    sections = diagnostics(preview_part + run_output(""))

    assert sections["pulumi:pulumi:Stack (e2e-test)"][0] == "error: update failed"
    assert_failed_with_one_line(preview_part + run_output(""), "bad", "no-such-toolkit")


def test_planned_steps_read_lines_with_a_note_after_the_operation():
    output = "\n".join(
        [
            " +  pulumi:pulumi:Stack e2e-test create warning: using pulumi-resource-x from $PATH",
            " +  pulumi-python:dynamic/composio:AuthConfig github create ",
            " +  pulumi:pulumi:Stack e2e-test create 1 warning",
            "    pulumi:pulumi:Stack e2e-test  warning: a progress line, not a step",
        ]
    )

    assert planned_steps(output) == {
        ("create", "Stack", "e2e-test"),
        ("create", "AuthConfig", "github"),
    }
