"""TypeScript and Go programs on the generated SDKs (sdk/nodejs, sdk/go) under the pinned CLI.

Every scenario runs in each language (tests/support/program_languages.py), under the default
set of Node.js and Go hosts (Pulumi's own where this machine has them), but for the session
scenario, which runs under the stand-ins' set where both are here, so each set serves a whole
program's life in each language (see tests/support/languages.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pulumi_composio.emulator.process import RunningEmulator
from pulumi_composio.errors import NotFound
from tests.e2e.test_full_setup import (
    REPOSITORY,
    assert_events_beside_the_setup,
    assert_events_gone_and_settings_kept,
    assert_session_beside_the_server,
    assert_session_gone,
    connect_service_users_github,
    events_outputs,
)
from tests.support.api_log import api_calls, writes
from tests.support.deployment import API_KEY, Deployment
from tests.support.language_front import (
    FIRST_KEY,
    ROTATED_KEY,
    assert_no_secret_in,
    deployment_resources,
    import_existing,
    language_deployment,
    stack_reference,
)
from tests.support.languages import default_hosts, fallback_hosts, language_stack
from tests.support.mcp_clients import typescript_tool_names
from tests.support.missing_tools import required
from tests.support.program_languages import LANGUAGES, ProgramLanguage


@pytest.fixture(scope="module", params=LANGUAGES, ids=lambda language: language.name)
def language(request: pytest.FixtureRequest) -> ProgramLanguage:
    """Each language, once its toolchain is there (for TypeScript, with the example's
    dependencies installed once, by ``npm ci`` from the npm cache)."""
    chosen: ProgramLanguage = request.param
    required(chosen.ready)
    return chosen


def test_the_full_setup_example_lives_rotates_disables_and_leaves_nothing(
    language: ProgramLanguage,
    pulumi_cli: Path,
    emulator: RunningEmulator,
    tmp_path: Path,
) -> None:
    """The shipped full-setup example in ``language``, start to end, as a user runs it.

    preview of a new stack, plain ``up``; outputs against the live objects (the auth config
    ids wired into the server, the server id into the user URL, where the TypeScript MCP
    client is served the server's tools, and both auth config ids into the same user's
    session, where the official MCP client is served the same tools); no key in the state
    files, ``pulumi stack export`` or a ``-v=9`` log; a no-change preview making no API call at
    all; a key rotation and a disable, each one PATCH in place; destroy leaving nothing.
    """
    with language_deployment(
        emulator, lambda: language_stack(tmp_path, default_hosts(), language.runtime)
    ) as deployment:
        full_setup_lifecycle(deployment, language)


def full_setup_lifecycle(deployment: Deployment, language: ProgramLanguage) -> None:
    """Also: the trigger on the service user's connected GitHub account, the subscription to
    the default local receiver with its secret as a secret output, the settings; destroy
    deletes the trigger and the subscription and leaves the settings."""
    stack, admin = deployment.stack, deployment.emulator.admin
    language.write_program(stack, language.example.read_text())
    stack.set_config("linearApiKey", FIRST_KEY, secret=True)
    stack.set_config("githubOwner", REPOSITORY["owner"])
    stack.set_config("githubRepo", REPOSITORY["repo"])
    account_id = connect_service_users_github(deployment)

    preview = stack.preview().check()
    assert "9 to create" in preview.output, preview.output[-3000:]
    assert "composio:index:Session" in preview.output
    for kind in ("Trigger", "WebhookSubscription", "ProjectSettings"):
        assert f"composio:index:{kind}" in preview.output
    assert writes(admin.requests()) == []

    up = stack.up("-v=9", "--logtostderr", "--logflow").check()
    assert "9 created" in up.output, up.output[-3000:]

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
    assert outputs["sessionUrl"] == "[secret]"
    session_id = outputs["sessionId"]
    assert_session_beside_the_server(
        deployment,
        session_id,
        stack.secret_output("sessionUrl"),
        server,
        {"github": outputs["githubAuthConfigId"], "linear": outputs["linearAuthConfigId"]},
    )
    events = events_outputs(outputs)
    assert_events_beside_the_setup(
        deployment, events, account_id, "http://localhost:8788/composio/events"
    )
    assert events["webhook_secret"] == "[secret]"
    (subscription,) = admin.records("webhook_subscriptions")
    assert stack.secret_output("webhookSecret") == subscription["secret"]

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
    assert stack.outputs()["sessionId"] == session_id, "the session was replaced"

    stack.destroy().check()
    assert deployment.live_server_ids() == set()
    assert deployment.made_auth_configs() == []
    assert_session_gone(deployment, session_id)
    assert_events_gone_and_settings_kept(deployment, outputs["triggerId"])
    assert deployment_resources(stack) == []


def test_a_second_stack_reads_the_server_through_a_stack_reference(
    language: ProgramLanguage, pulumi_cli: Path, emulator: RunningEmulator, tmp_path: Path
) -> None:
    stack_reference(emulator, tmp_path, default_hosts(), language)


def test_pulumi_import_brings_objects_under_a_program(
    language: ProgramLanguage, pulumi_cli: Path, emulator: RunningEmulator, tmp_path: Path
) -> None:
    import_existing(emulator, tmp_path, default_hosts(), language)


def test_a_session_is_created_with_an_auth_config_wired_in_and_destroyed(
    language: ProgramLanguage, pulumi_cli: Path, emulator: RunningEmulator, tmp_path: Path
) -> None:
    """Under the fallback hosts (the stand-ins beside Pulumi's own): plain ``up``, outputs
    against the live session and custom toolkit, a preview with no change, destroy."""
    with language_deployment(
        emulator, lambda: language_stack(tmp_path, fallback_hosts(), language.runtime)
    ) as deployment:
        language.write_program(deployment.stack, language.program("session"))
        deployment.stack.up().check()
        session_id = deployment.stack.outputs()["sessionId"]
        live = deployment.api.get_session(session_id)
        assert live.config["tools"] == {"github": {"enabled": ["GITHUB_CREATE_ISSUE"]}}
        assert live.config["auth_configs"]["github"].startswith("ac_")
        assert deployment.stack.outputs()["toolkitSlug"] == "CUSTOM_ACME_DOCS"
        (kit,) = deployment.emulator.admin.records("custom_toolkits")
        assert kit["name"] == "Acme Docs"
        assert deployment.api.get_toolkit("CUSTOM_ACME_DOCS").name == "Acme Docs"
        deployment.stack.preview("--expect-no-changes").check()
        deployment.stack.destroy().check()
        with pytest.raises(NotFound):
            deployment.api.get_session(session_id)
        assert deployment.emulator.admin.records("custom_toolkits") == []
