"""examples/full-setup-yaml as written, under the pinned CLI, its YAML host and the native
plugin: two auth configs (one with a secret API key), a server using both, a user's URL, the
same user's session with both auth configs, a trigger on the user's GitHub, the project's
webhook subscription and its settings."""

from __future__ import annotations

import base64

import pytest

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
from tests.support.pulumi_stack import REPO

EXAMPLE = REPO / "examples" / "full-setup-yaml" / "Pulumi.yaml"
FIRST_KEY = "lin_api_FIRST-yaml-credential-0001"
ROTATED_KEY = "lin_api_ROTATED-yaml-credential-0002"


WEBHOOK_URL = "http://localhost:8788/composio/events"
"""The example's default receiver: nothing listens there, and nothing is fired here."""


@pytest.fixture
def yaml_deployment(yaml_deployment: Deployment) -> Deployment:
    """The YAML front's ``yaml_deployment`` with the example as its program, its key and
    repository set, and the service user's GitHub connected."""
    yaml_deployment.stack.write_yaml_program(EXAMPLE.read_text())
    yaml_deployment.stack.set_config("linearApiKey", FIRST_KEY, secret=True)
    yaml_deployment.stack.set_config("githubOwner", REPOSITORY["owner"])
    yaml_deployment.stack.set_config("githubRepo", REPOSITORY["repo"])
    connect_service_users_github(yaml_deployment)
    return yaml_deployment


def github_account_id(deployment: Deployment) -> str:
    (account,) = deployment.emulator.admin.records("connected_accounts")
    return str(account["id"])


VERBOSE = ("-v=9", "--logtostderr", "--logflow")


def test_the_example_previews_lives_rotates_and_leaves_nothing_with_no_key_in_clear(
    yaml_deployment: Deployment,
):
    """One stack through the example's life, each step's assertions on what the step before
    left: a preview of the new stack writes nothing; plain ``up`` (at ``-v=9``) makes what the
    outputs show; a no-change preview calls nothing; rotating the Linear key is exactly one
    PATCH, and a preview after it calls nothing; no key, first or rotated, in the verbose logs
    of both ups and a refresh, ``pulumi stack export`` or the state files; destroy leaves
    nothing in Composio but the project's settings."""
    stack, admin = yaml_deployment.stack, yaml_deployment.emulator.admin

    preview = stack.preview().check()
    assert "composio:index:CustomMcpServer" in preview.output
    assert "composio:index:Session" in preview.output
    for kind in ("Trigger", "WebhookSubscription", "ProjectSettings"):
        assert f"composio:index:{kind}" in preview.output
    assert writes(admin.requests()) == []
    up = stack.up(*VERBOSE).check()

    outputs = stack.outputs()
    server = yaml_deployment.api.get_server(outputs["serverId"])
    assert outputs["mcpUrl"] == server.mcp_url
    assert outputs["cursorCommand"] == server.commands.cursor
    assert sorted(server.auth_config_ids) == sorted(
        [outputs["githubAuthConfigId"], outputs["linearAuthConfigId"]]
    )
    assert sorted(server.toolkits or []) == ["github", "linear"]
    assert outputs["supportBotUrl"] == "[secret]"
    url = stack.secret_output("supportBotUrl")
    assert url.startswith(server.mcp_url)
    assert "support-bot" in url
    made = {config["id"]: config for config in yaml_deployment.made_auth_configs()}
    assert set(made) == {outputs["githubAuthConfigId"], outputs["linearAuthConfigId"]}
    assert made[outputs["githubAuthConfigId"]]["is_composio_managed"]
    linear = made[outputs["linearAuthConfigId"]]
    assert linear["auth_scheme"] == "API_KEY"
    assert linear["credentials_set"]
    assert outputs["sessionUrl"] == "[secret]"
    assert_session_beside_the_server(
        yaml_deployment,
        outputs["sessionId"],
        stack.secret_output("sessionUrl"),
        server,
        {"github": outputs["githubAuthConfigId"], "linear": outputs["linearAuthConfigId"]},
    )
    events = events_outputs(outputs)
    assert_events_beside_the_setup(
        yaml_deployment, events, github_account_id(yaml_deployment), WEBHOOK_URL
    )
    assert events["webhook_secret"] == "[secret]"
    (subscription,) = admin.records("webhook_subscriptions")
    assert stack.secret_output("webhookSecret") == subscription["secret"]

    admin.clear_requests()
    stack.preview("--expect-no-changes").check()
    assert api_calls(admin.requests()) == []

    linear_id = outputs["linearAuthConfigId"]
    stack.set_config("linearApiKey", ROTATED_KEY, secret=True)
    rotated = stack.up(*VERBOSE).check()
    assert "1 updated" in rotated.output
    assert [(w.method, w.path_suffix) for w in writes(admin.requests())] == [
        ("PATCH", f"/auth_configs/{linear_id}")
    ]
    admin.clear_requests()
    stack.preview("--expect-no-changes").check()
    assert api_calls(admin.requests()) == []

    refresh = stack.refresh(*VERBOSE).check()
    places = {
        "up log": up.output,
        "rotation log": rotated.output,
        "refresh log": refresh.output,
        "stack export": stack.run("stack", "export", "--stack", stack.stack).check().stdout,
        "state files": "".join(p.read_text(errors="replace") for p in stack.state_files()),
    }
    for secret in (API_KEY, FIRST_KEY, ROTATED_KEY):
        for needle in (secret, base64.b64encode(secret.encode()).decode()):
            for place, text in places.items():
                assert needle not in text, f"{secret[:8]}... is in the {place}"
    # The scan means something: the logs are the engine's verbose ones, and the key did reach
    # Composio (the config holds credentials), so it travelled through the plugin.
    assert len(up.output) > 10_000, "the verbose log is suspiciously short"

    stack.destroy().check()
    assert yaml_deployment.live_server_ids() == set()
    assert yaml_deployment.made_auth_configs() == []
    assert_session_gone(yaml_deployment, outputs["sessionId"])
    assert_events_gone_and_settings_kept(yaml_deployment, outputs["triggerId"])
    assert stack.resources() == []
    assert stack.resources("Session") == []
