"""examples/full-setup under the real CLI: auth configs, a server using them, a user URL."""

from __future__ import annotations

from pulumi_composio.emulator import BUILT_IN
from tests.e2e.conftest import API_KEY, Deployment, writes
from tests.support.pulumi_stack import REPO

FIRST_KEY = "lin_api_FIRST-credential-0001"
ROTATED_KEY = "lin_api_ROTATED-credential-0002"


def made_auth_configs(deployment: Deployment) -> list[dict]:
    """Auth configs the stack made: live ones that are not the emulator's seeded catalogue."""
    return [
        config
        for config in deployment.emulator.admin.auth_configs()
        if not config["deleted"] and config["id"] not in BUILT_IN.auth_configs
    ]


def use_example(deployment: Deployment) -> None:
    deployment.stack.write_program((REPO / "examples/full-setup/__main__.py").read_text())
    deployment.stack.set_config("linearApiKey", FIRST_KEY, secret=True)


def test_the_full_setup_lives_rotates_disables_and_leaves_nothing(deployment: Deployment):
    stack = deployment.stack
    use_example(deployment)

    up = stack.up("-v=9", "--logtostderr", "--logflow").check()

    outputs = stack.outputs()
    assert outputs["support_bot_url"] == "[secret]"
    shown = stack.run("stack", "output", "--json", "--show-secrets", "--stack", stack.stack)
    url = shown.check().stdout
    server = deployment.api.get_server(outputs["server_id"])
    assert server.mcp_url in url
    assert "support-bot" in url
    assert sorted(server.auth_config_ids) == sorted(
        [outputs["github_auth_config_id"], outputs["linear_auth_config_id"]]
    )
    made = {config["id"]: config for config in made_auth_configs(deployment)}
    assert set(made) == {outputs["github_auth_config_id"], outputs["linear_auth_config_id"]}
    linear = made[outputs["linear_auth_config_id"]]
    assert linear["auth_scheme"] == "API_KEY"
    assert linear["credentials_set"]
    assert made[outputs["github_auth_config_id"]]["is_composio_managed"]

    places = {
        "state files": "".join(p.read_text(errors="replace") for p in stack.state_files()),
        "stack export": stack.run("stack", "export", "--stack", stack.stack).check().stdout,
        "verbose log": up.output,
    }
    for place, text in places.items():
        assert FIRST_KEY not in text, f"the Linear API key is in the {place}"
        assert API_KEY not in text, f"the Composio API key is in the {place}"

    deployment.emulator.admin.clear_requests()
    stack.preview("--expect-no-changes").check()
    assert writes(deployment.emulator.admin.requests()) == []

    stack.set_config("linearApiKey", ROTATED_KEY, secret=True)
    rotated = stack.up().check()
    assert "1 updated" in rotated.output
    assert [(w.method, w.path_suffix) for w in writes(deployment.emulator.admin.requests())] == [
        ("PATCH", f"/auth_configs/{outputs['linear_auth_config_id']}")
    ]
    deployment.emulator.admin.clear_requests()
    stack.preview("--expect-no-changes").check()

    stack.set_config("linearEnabled", "false")
    stack.up().check()
    assert stack.outputs()["linear_status"] == "DISABLED"
    assert [(w.method, w.path_suffix) for w in writes(deployment.emulator.admin.requests())] == [
        ("PATCH", f"/auth_configs/{outputs['linear_auth_config_id']}/DISABLED")
    ]
    (live,) = [
        c for c in made_auth_configs(deployment) if c["id"] == outputs["linear_auth_config_id"]
    ]
    assert live["status"] == "DISABLED"

    deployment.emulator.admin.clear_requests()
    stack.destroy().check()
    assert deployment.live_server_ids() == set()
    assert made_auth_configs(deployment) == []
    assert not any(
        w.path_suffix.endswith("/generate") for w in writes(deployment.emulator.admin.requests())
    )
