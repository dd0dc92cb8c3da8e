"""The API key never lands in state, in the serialized provider or in engine logs."""

from __future__ import annotations

import base64

from tests.e2e.conftest import API_KEY, Deployment
from tests.e2e.test_lifecycle import server_program
from tests.support.cli_output import assert_failed_with_one_line


def test_the_api_key_is_nowhere_in_state_exports_or_verbose_engine_logs(
    deployment: Deployment,
):
    deployment.stack.write_program(server_program())
    up = deployment.stack.up("-v=9", "--logtostderr", "--logflow")
    up.check()
    assert "created" in up.output
    refresh = deployment.stack.refresh("-v=9", "--logtostderr", "--logflow").check()

    export = deployment.stack.run("stack", "export", "--show-secrets=false").check().stdout
    state = "".join(path.read_text(errors="replace") for path in deployment.stack.state_files())
    needles = [API_KEY, base64.b64encode(API_KEY.encode()).decode()]
    for haystack_name, haystack in {
        "up log": up.output,
        "refresh log": refresh.output,
        "stack export": export,
        "state files": state,
    }.items():
        for needle in needles:
            assert needle not in haystack, f"the API key appears in the {haystack_name}"
    assert len(up.output) > 10_000, "the verbose log is suspiciously short"
    # The key did travel through the engine: the provider was configured with it, masked.
    assert "Configure().inputs]: composio:apiKey={[secret]}" in up.output


def test_the_serialized_provider_in_state_does_not_hold_the_key(deployment: Deployment):
    deployment.stack.write_program(server_program())
    deployment.stack.up().check()

    (server,) = deployment.stack.resources()
    pickled = base64.b64decode(server["outputs"]["__provider"])
    assert API_KEY.encode() not in pickled
    assert b"pulumi_composio.servers.provider" in pickled


def test_a_plain_http_base_url_off_this_machine_is_refused_before_any_call(
    deployment: Deployment,
):
    deployment.stack.set_config("composio:baseUrl", "http://composio.internal.example:8080")
    deployment.stack.write_program(server_program())

    up = deployment.stack.up()

    assert up.returncode != 0
    assert_failed_with_one_line(up.output, "support-tools", "composio:allowInsecureHttp")
    assert API_KEY not in up.output
    assert deployment.emulator.admin.requests() == []


def test_a_key_from_the_environment_stays_out_of_the_state_entirely(pulumi_cli, emulator, tmp_path):
    from tests.support.pulumi_stack import PulumiStack

    stack = PulumiStack(tmp_path / "env-key")
    stack.write_program(server_program())
    stack.run("stack", "init", stack.stack).check()
    stack.set_config("composio:baseUrl", emulator.url)
    stack.env["COMPOSIO_API_KEY"] = API_KEY

    stack.up().check()
    export = stack.run("stack", "export", "--show-secrets").check().stdout
    stack.destroy().check()

    assert API_KEY not in export
    assert "composio:apiKey" not in export
    assert any(entry["method"] == "POST" for entry in emulator.admin.requests())
