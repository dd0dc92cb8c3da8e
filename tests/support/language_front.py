"""What the TypeScript and Go end-to-end tests share: one scenario, run in each language.

A TypeScript or Go program reaches the resources through the SDK generated into ``sdk/`` and the
native plugin ``pulumi-resource-composio``; the engine runs it through the Node.js or Go language
host beside the pinned CLI (see tests/support/languages.py). Each scenario takes the
:class:`ProgramLanguage` to run in; the assertions are the same for every language.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from pulumi_composio.emulator.process import RunningEmulator
from tests.support.api_log import api_calls
from tests.support.deployment import API_KEY, Deployment, deployed
from tests.support.languages import language_stack
from tests.support.missing_tools import required
from tests.support.native_program import served_from_the_plugin_cache
from tests.support.program_languages import ProgramLanguage
from tests.support.project_import import make_project, run_the_page, with_plugin_and_key
from tests.support.pulumi_stack import PulumiStack

FIRST_KEY = "lin_api_FIRST-credential-0001"
ROTATED_KEY = "lin_api_ROTATED-credential-0002"


def language_deployment(
    emulator: RunningEmulator, make_stack: Callable[[], PulumiStack]
) -> AbstractContextManager[Deployment]:
    """The stack ``make_stack`` makes (see :func:`language_stack`), on ``emulator``, the plugin
    served from its plugin cache. Without the language hosts' CLI or the native plugin the test
    fails saying how to install them."""
    stack = required(make_stack)
    served_from_the_plugin_cache(stack)
    return deployed(stack, emulator)


def deployment_resources(stack: PulumiStack) -> list[dict[str, Any]]:
    """Every resource of ours in the stack's state."""
    return [r for r in stack.resources("") if r["type"].startswith("composio:index:")]


def assert_no_secret_in(places: dict[str, str], *secrets: str) -> None:
    needles = [*secrets, base64.b64encode(API_KEY.encode()).decode()]
    for place, text in places.items():
        for needle in needles:
            assert needle not in text, f"a secret ({needle[:8]}...) is in the {place}"


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
    """docs/importing-a-project.md in ``language``: a project made with Composio's SDK (an auth
    config, a server, a session) listed by ``pulumi do`` and imported by the page's commands;
    the code Pulumi wrote in ``language`` runs as the program with no change to make, and
    destroy, once unprotected, deletes them."""
    with language_deployment(
        emulator, lambda: language_stack(root, hosts, language.runtime)
    ) as deployment:
        _import_existing(deployment, language)


def _import_existing(deployment: Deployment, language: ProgramLanguage) -> None:
    made = make_project(deployment)
    stack = with_plugin_and_key(deployment)
    language.write_program(stack, language.program("empty"))
    code = run_the_page(stack, out=language.imported_out)
    for expected in language.imported_code:
        assert expected in code, code

    language.write_program(stack, code)
    stack.preview("--expect-no-changes").check()

    stack.run("state", "unprotect", "--all", "--yes", "--stack", stack.stack).check()
    stack.destroy().check()
    assert made["server"] not in deployment.live_server_ids()
    assert deployment_resources(stack) == []
