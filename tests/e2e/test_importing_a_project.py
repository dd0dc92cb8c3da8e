"""docs/importing-a-project.md under the real CLI: a project made with Composio's own SDK (an
auth config, a server using it, a session) comes under a YAML stack by the page's three
commands as printed, after which a preview shows no changes and an ``up`` calls no write; and
a Python program adopts the same objects as the page's Python section says, creating nothing.
TypeScript and Go run the same commands in tests/e2e/test_typescript_and_go.py."""

from __future__ import annotations

import json

from tests.support.api_log import api_calls, writes
from tests.support.deployment import Deployment
from tests.support.markdown_pages import whole_python_program
from tests.support.project_import import PAGE, make_project, run_the_page, with_plugin_and_key


def test_a_project_made_with_composios_sdk_comes_under_a_yaml_stack_in_three_commands(
    yaml_deployment: Deployment,
) -> None:
    made = make_project(yaml_deployment)
    stack, admin = with_plugin_and_key(yaml_deployment), yaml_deployment.emulator.admin
    stack.write_yaml_program("resources: {}\n")

    printed = run_the_page(stack)

    listed = json.loads((stack.program_dir / "import.json").read_text())["resources"]
    assert {(r["type"].rsplit(":", 1)[1], r["id"]) for r in listed} >= {
        ("AuthConfig", made["auth_config"]),
        ("CustomMcpServer", made["server"]),
        ("Session", made["session"]),
    }
    state = {r["id"]: r for r in stack.export()["deployment"]["resources"] if "id" in r}
    assert set(made.values()) <= set(state)
    assert all(state[i]["protect"] for i in made.values())
    for declared in ("name: support-tools", "userId: support-bot", "GITHUB_CREATE_ISSUE"):
        assert declared in printed, printed

    stack.write_yaml_program(printed)
    admin.clear_requests()
    stack.preview("--expect-no-changes").check()
    assert api_calls(admin.requests()) == []
    stack.up("--expect-no-changes").check()
    assert writes(admin.requests()) == []

    stack.run("state", "unprotect", "--all", "--yes", "--stack", stack.stack).check()
    stack.destroy().check()
    assert made["server"] not in yaml_deployment.live_server_ids()


def test_a_python_program_adopts_the_listed_objects_as_the_page_says(
    deployment: Deployment,
) -> None:
    made = make_project(deployment)
    stack, admin = deployment.stack, deployment.emulator.admin
    stack.write_program(whole_python_program(PAGE))
    for key, made_key in [
        ("githubAuthConfigId", "auth_config"),
        ("serverId", "server"),
        ("sessionId", "session"),
    ]:
        stack.set_config(key, made[made_key])

    admin.clear_requests()
    stack.up().check()
    assert [w for w in writes(admin.requests()) if w.method == "POST"] == []
    ids = {r["id"] for r in stack.export()["deployment"]["resources"] if "id" in r}
    assert set(made.values()) <= ids
    stack.preview("--expect-no-changes").check()
    stack.destroy().check()
    assert made["server"] not in deployment.live_server_ids()
