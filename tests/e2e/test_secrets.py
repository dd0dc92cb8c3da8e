"""The API key never lands in state, in the serialized provider or in engine logs."""

from __future__ import annotations

import base64
import json

from tests.support.cli_output import assert_failed_with_one_line
from tests.support.deployment import API_KEY, Deployment
from tests.support.server_program import server_program


def test_the_api_key_is_nowhere_in_state_exports_verbose_engine_logs_or_the_pickled_provider(
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
    # The key did travel through the engine, masked: the provider's inputs as the planner logs
    # them, then the provider configured with its two variables. (v3.260.0 also logged each
    # Configure input, `Configure().inputs]: composio:apiKey={[secret]}`; v3.276.0 marshals
    # them without a log line, so only what both versions write is asserted.)
    messages = engine_log_messages(up.output)
    assert any(
        "pulumi:providers:pulumi-python::default' (inputs=map[composio:apiKey:{[secret]} " in m
        for m in messages
    ), "no masked apiKey among the provider's inputs in the engine's log"
    assert any(m.endswith("].Configure() executing (#vars=2)") for m in messages)

    # The dynamic provider serialized into the state is the class alone, not its key.
    (server,) = deployment.stack.resources()
    pickled = base64.b64decode(server["outputs"]["__provider"])
    assert API_KEY.encode() not in pickled
    assert b"pulumi_composio.servers.provider" in pickled


def engine_log_messages(output: str) -> list[str]:
    """The messages of the engine's own log lines (``--logtostderr`` writes one JSON object a
    line, ``{"time", "level", "msg", "v"}``) among the rest of the CLI's output."""
    messages = []
    for line in output.splitlines():
        if line.startswith('{"time":'):
            messages.append(json.loads(line)["msg"])
    return messages


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

    assert API_KEY not in export
    assert "composio:apiKey" not in export
    assert any(entry["method"] == "POST" for entry in emulator.admin.requests())

    # Another shell: no key in the environment, so the user sets it in config. The engine
    # still configures a destroy as the last update was, without a key, and the error says so.
    del stack.env["COMPOSIO_API_KEY"]
    stack.set_config("composio:apiKey", API_KEY, secret=True)
    refused = stack.destroy()
    assert refused.returncode != 0
    assert_failed_with_one_line(
        refused.output,
        "support-tools",
        "No Composio API key is configured",
        "run `pulumi up` first or pass `--run-program`",
    )
    stack.destroy("--run-program").check()
    assert stack.resources() == []


FIRST_CREDENTIAL = "lin_api_SECRETS-first-0001"
ROTATED_CREDENTIAL = "lin_api_SECRETS-rotated-0002"
VERBOSE = ("-v=9", "--logtostderr", "--logflow")

CREDENTIAL_PROGRAM = """
    import pulumi
    from pulumi_composio import AuthConfig

    linear = AuthConfig(
        "linear",
        toolkit={toolkit!r},
        auth_scheme="API_KEY",
        credentials={{"api_key": pulumi.Config().require_secret("linearApiKey")}},
    )
    pulumi.export("credentials", linear.credentials)
"""


def test_a_credential_is_an_encrypted_secret_input_and_in_plaintext_nowhere_else(
    deployment: Deployment,
):
    """Each place docs/secrets.md names: where a credential is, and where it never is."""
    stack = deployment.stack
    stack.write_program(CREDENTIAL_PROGRAM.format(toolkit="linear"))
    stack.set_config("linearApiKey", FIRST_CREDENTIAL, secret=True)
    logs = {"up": stack.up(*VERBOSE).check().output}
    stack.set_config("linearApiKey", ROTATED_CREDENTIAL, secret=True)
    logs["rotation"] = stack.up(*VERBOSE).check().output
    logs["refresh"] = stack.refresh(*VERBOSE).check().output
    assert "1 updated" in logs["rotation"]

    never = {
        **{f"{name} log at -v=9": log for name, log in logs.items()},
        "state files": "".join(p.read_text(errors="replace") for p in stack.state_files()),
        "stack export": stack.run("stack", "export", "--stack", stack.stack).check().stdout,
        "stack output": stack.run("stack", "output", "--json", "--stack", stack.stack)
        .check()
        .stdout,
    }
    for place, text in never.items():
        for credential in (FIRST_CREDENTIAL, ROTATED_CREDENTIAL):
            assert credential not in text, f"the credential is in the {place}"
    assert json.loads(never["stack output"]) == {"credentials": "[secret]"}

    # Decrypted by whoever holds the stack's secrets provider: the current credential is a
    # secret input of the auth config, and its recorded outputs hold only a fingerprint.
    shown = stack.run("stack", "export", "--show-secrets", "--stack", stack.stack).check()
    (config,) = [
        r
        for r in json.loads(shown.stdout)["deployment"]["resources"]
        if r["type"].endswith("AuthConfig")
    ]
    assert json.loads(config["inputs"]["credentials"]["plaintext"]) == {
        "api_key": ROTATED_CREDENTIAL
    }
    assert ROTATED_CREDENTIAL not in json.dumps(config["outputs"])
    fingerprint = config["outputs"]["credentials_fingerprint"]["plaintext"]
    assert json.loads(fingerprint).startswith("scrypt$")
    assert FIRST_CREDENTIAL not in shown.stdout
    outputs = stack.run("stack", "output", "--json", "--show-secrets", "--stack", stack.stack)
    assert json.loads(outputs.check().stdout) == {"credentials": {"api_key": ROTATED_CREDENTIAL}}


def test_an_api_rejection_of_a_config_with_credentials_does_not_quote_them(
    deployment: Deployment,
):
    stack = deployment.stack
    stack.write_program(CREDENTIAL_PROGRAM.format(toolkit="jira"))
    stack.set_config("linearApiKey", FIRST_CREDENTIAL, secret=True)

    refused = stack.up(*VERBOSE)

    assert refused.returncode != 0
    assert "jira" in refused.output
    assert "400" in refused.output
    assert FIRST_CREDENTIAL not in refused.output


def test_the_api_key_set_as_secret_config_is_encrypted_and_only_the_provider_holds_it(
    deployment: Deployment,
):
    """docs/secrets.md, "The API key": encrypted in Pulumi.<stack>.yaml and in the default
    provider's state; decrypted with --show-secrets there and only there, never in a resource
    of ours."""
    stack = deployment.stack
    stack.write_program(server_program())
    stack.up().check()

    stack_config = (stack.program_dir / f"Pulumi.{stack.stack}.yaml").read_text()
    assert API_KEY not in stack_config
    assert "composio:apiKey:\n    secure: v1:" in stack_config
    shown = stack.run("stack", "export", "--show-secrets", "--stack", stack.stack).check()
    holders = [
        r["type"]
        for r in json.loads(shown.stdout)["deployment"]["resources"]
        if API_KEY in json.dumps(r)
    ]
    assert holders == ["pulumi:providers:pulumi-python"]
