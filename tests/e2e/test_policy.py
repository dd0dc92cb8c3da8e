"""The policy pack (``policy/``) under the real CLI, run as docs/policy.md prints it: clean
Python and YAML programs preview clean; a destructive tool fails ``pulumi preview
--policy-pack policy`` and ``pulumi up`` with the policy's name and the tool's slug, before
anything is made, also when it is known only at ``up``; ``--policy-pack-config`` keeps
servers to the allowed toolkits and away from denied tools; a project's settings keep the MCP
key required; advisory policies print and pass; the pack runs from the release's files alone.
The pack runs under the engine's Python host (Pulumi's own where ``../shared/pulumi-hosts``
has it) and under the project's stand-in host.
"""

from __future__ import annotations

import json
import os
import sys
import tarfile
from pathlib import Path

import pytest

from tests.support.commands import run_command
from tests.support.deployment import Deployment
from tests.support.pulumi_stack import REPO, STAND_IN_BIN, TOOLS_BIN, VENV, CommandResult
from tools.dist import version

PACK = REPO / "policy"

CLEAN = """
import pulumi
from pulumi_composio import AuthConfig, CustomMcpServer, McpServerUserUrl, Session

github = AuthConfig("github", toolkit="github")
server = CustomMcpServer(
    "support-tools",
    toolkits=["github"],
    allowed_tools={tools},
    auth_config_ids=[github.id],
)
McpServerUserUrl("support-bot", server_id=server.id, user_id="support-bot")
Session(
    "agent",
    user_id="support-bot",
    toolkits=["github"],
    tools={{"github": {{"enable": ["GITHUB_CREATE_ISSUE"]}}}},
    direct_tools=True,
)
"""

YAML_CLEAN = """
resources:
  project:
    type: composio:index:ProjectSettings
    properties:
      requireMcpApiKey: {key_required}
  support:
    type: composio:index:CustomMcpServer
    properties:
      toolkits: [github]
      allowedTools: {tools}
  agent:
    type: composio:index:Session
    properties:
      userId: support-bot
      toolkits: [github]
      tools:
        github:
          enable: [GITHUB_CREATE_ISSUE]
      directTools: true
"""

KNOWN_AT_UP = """
from pulumi_composio import AuthConfig, CustomMcpServer

github = AuthConfig("github", toolkit="github")
CustomMcpServer(
    "support-tools",
    toolkits=["github"],
    allowed_tools=github.id.apply(lambda _: ["GITHUB_CREATE_ISSUE", "GITHUB_DELETE_A_REPOSITORY"]),
)
"""

BROAD = """
from pulumi_composio import CustomMcpServer, Session

CustomMcpServer(
    "support-tools",
    toolkits=["github", "slack"],
    allowed_tools=["GITHUB_CREATE_ISSUE", "SLACK_SEND_MESSAGE"],
)
Session(
    "reader",
    user_id="support-bot",
    toolkits=["github"],
    tags=["readOnlyHint"],
)
"""

DESTRUCTIVE = "GITHUB_DELETE_A_REPOSITORY"


@pytest.fixture(scope="module", autouse=True)
def pack_virtualenv() -> None:
    """The pack's ``venv`` (its PulumiPolicy.yaml names it) is the virtualenv the programs run
    in, which holds pulumi-policy and the package (the dev extra); a folder someone made
    there by following docs/policy.md is left as it is."""
    venv = PACK / "venv"
    if not venv.exists() and not venv.is_symlink():
        venv.symlink_to(VENV)


def policy_run(
    deployment: Deployment, *args: str, bin_dir: Path = TOOLS_BIN, pack: Path = PACK
) -> CommandResult:
    """``pulumi <args> --policy-pack policy`` in the stack's folder, with the engine (and its
    Python host) of ``bin_dir``."""
    stack = deployment.stack
    env = {**stack.env, "PATH": f"{bin_dir}{os.pathsep}{stack.env['PATH']}"}
    cmd = [str(bin_dir / "pulumi"), "--non-interactive", "--color", "never", *args]
    done = run_command(
        [*cmd, "--stack", stack.stack, "--policy-pack", str(pack)],
        cwd=stack.program_dir,
        env=env,
        timeout=600,
    )
    return CommandResult(list(args), done.returncode, done.stdout, done.stderr)


def hosts() -> list[Path]:
    """The engine's own Python host, and the stand-in when that is another one."""
    return [TOOLS_BIN] if TOOLS_BIN == STAND_IN_BIN else [TOOLS_BIN, STAND_IN_BIN]


def assert_blocked(result: CommandResult, policy: str, *said: str) -> None:
    assert result.returncode != 0, result.output
    assert f"[mandatory]  {policy}" in result.output, result.output
    for words in said:
        assert words in result.output, result.output


def test_a_destructive_tool_fails_preview_and_up_of_a_python_program(
    deployment: Deployment,
) -> None:
    stack, admin = deployment.stack, deployment.emulator.admin
    stack.write_program(CLEAN.format(tools=["GITHUB_CREATE_ISSUE"]))
    clean = policy_run(deployment, "preview").check()
    assert "mandatory" not in clean.output
    assert f"composio@v{version()}" in clean.output, "the pack ran"

    stack.write_program(CLEAN.format(tools=["GITHUB_CREATE_ISSUE", DESTRUCTIVE]))
    preview = policy_run(deployment, "preview")
    assert_blocked(
        preview,
        "no-destructive-tools",
        f'CustomMcpServer "support-tools" exposes {DESTRUCTIVE} (github), which Composio '
        f"tags destructiveHint. Fix: remove {DESTRUCTIVE} from allowed_tools.",
    )

    # The same tool, known only once the auth config is made: the preview says it is left
    # for `up`, which stops the server before its create.
    stack.write_program(KNOWN_AT_UP)
    deferred = policy_run(deployment, "preview").check()
    assert (
        'CustomMcpServer "support-tools": allowed_tools is not known until the resource it '
        "comes from is made; no-destructive-tools judges it at `pulumi up`" in deferred.output
    )
    up = policy_run(deployment, "up", "--yes")
    assert_blocked(up, "no-destructive-tools", DESTRUCTIVE)
    assert admin.servers(include_deleted=True) == [], "nothing is made"


def test_a_destructive_tool_and_an_mcp_key_turned_off_fail_preview_of_a_yaml_program(
    yaml_deployment: Deployment,
) -> None:
    stack = yaml_deployment.stack
    stack.write_yaml_program(YAML_CLEAN.format(tools="[GITHUB_CREATE_ISSUE]", key_required="true"))
    clean = policy_run(yaml_deployment, "preview").check()
    assert "mandatory" not in clean.output

    stack.write_yaml_program(
        YAML_CLEAN.format(tools=f"[GITHUB_CREATE_ISSUE, {DESTRUCTIVE}]", key_required="false")
    )
    for bin_dir in hosts():
        preview = policy_run(yaml_deployment, "preview", bin_dir=bin_dir)
        assert_blocked(
            preview,
            "no-destructive-tools",
            f'CustomMcpServer "support" exposes {DESTRUCTIVE} (github), which Composio tags '
            f"destructiveHint. Fix: remove {DESTRUCTIVE} from allowedTools.",
        )
        assert_blocked(
            preview,
            "mcp-key-required",
            'ProjectSettings "project" sets requireMcpApiKey to false',
        )


def test_the_packs_config_keeps_to_allowed_toolkits_and_advisories_pass(
    deployment: Deployment, tmp_path: Path
) -> None:
    stack = deployment.stack
    stack.write_program(BROAD)
    advised = policy_run(deployment, "preview").check()
    assert "[advisory]  explicit-tools" in advised.output
    assert 'Session "reader" enables the tools of github without naming them' in advised.output

    config = tmp_path / "policy-config.json"
    config.write_text(
        json.dumps(
            {
                "allowed-toolkits": {"toolkits": ["github"]},
                "denied-tools": {"tools": ["SLACK_SEND_MESSAGE", "GITHUB_LIST_REPOSITORY_ISSUES"]},
            }
        )
    )
    limited = policy_run(deployment, "preview", "--policy-pack-config", str(config))
    assert_blocked(
        limited,
        "allowed-toolkits",
        'CustomMcpServer "support-tools" uses the toolkit slack, which is not allowed',
    )
    assert_blocked(
        limited,
        "denied-tools",
        'CustomMcpServer "support-tools" exposes SLACK_SEND_MESSAGE, which is denied',
        'Session "reader" exposes GITHUB_LIST_REPOSITORY_ISSUES (github, tagged idempotentHint, '
        "important, readOnlyHint), which is denied",
    )


def test_the_pack_runs_from_the_release_alone(
    release: Path, deployment: Deployment, tmp_path: Path
) -> None:
    """docs/policy.md's lines: unpack the release's pack, make its virtualenv from its
    requirements (pip finding this release's package among the release's files), preview."""
    with tarfile.open(release / f"pulumi-composio-policy-{version()}.tar.gz") as archive:
        archive.extractall(tmp_path, filter="data")
    pack = tmp_path / "pulumi-composio-policy"
    assert f"version: {version()}" in (pack / "PulumiPolicy.yaml").read_text()
    run_command([sys.executable, "-m", "venv", str(pack / "venv")], cwd=tmp_path).check_returncode()
    pip = [str(pack / "venv" / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check"]
    installed = run_command(
        [*pip, "--find-links", str(release), "-r", str(pack / "requirements.txt")], cwd=tmp_path
    )
    assert installed.returncode == 0, installed.stderr

    deployment.stack.write_program(CLEAN.format(tools=[DESTRUCTIVE]))
    preview = policy_run(deployment, "preview", pack=pack)
    assert_blocked(preview, "no-destructive-tools", DESTRUCTIVE, f"composio@v{version()}")
