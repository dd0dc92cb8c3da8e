"""Go programs on the generated SDK (sdk/go) under the pinned CLI.

The full-setup example runs under every set of Go hosts this machine has (Pulumi's own and the
stand-in); the other scenarios under the default set (see tests/support/languages.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pulumi_composio.emulator.process import RunningEmulator
from tests.e2e.language_front import (
    full_setup_lifecycle,
    import_existing,
    language_deployment,
    stack_reference,
)
from tests.support.languages import GO_EXAMPLE, available_hosts, default_hosts, go, write_go_program
from tests.support.pulumi_stack import PulumiMissing

PRODUCER = """
    package main

    import (
    	"example.com/pulumi-composio/sdk/go/composio"
    	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
    )

    func main() {
    	pulumi.Run(func(ctx *pulumi.Context) error {
    		server, err := composio.NewCustomMcpServer(ctx, "engineering", &composio.CustomMcpServerArgs{
    			Toolkits:     pulumi.StringArray{pulumi.String("github"), pulumi.String("linear")},
    			AllowedTools: pulumi.StringArray{pulumi.String("GITHUB_CREATE_ISSUE")},
    		})
    		if err != nil {
    			return err
    		}
    		ctx.Export("serverId", server.ID())
    		ctx.Export("mcpUrl", server.McpUrl)
    		return nil
    	})
    }
"""

CONSUMER = """
    package main

    import (
    	"example.com/pulumi-composio/sdk/go/composio"
    	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
    	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
    )

    func main() {
    	pulumi.Run(func(ctx *pulumi.Context) error {
    		producer, err := pulumi.NewStackReference(ctx, config.Require(ctx, "producerStack"), nil)
    		if err != nil {
    			return err
    		}
    		// The other stack's server, by id, gets a URL for this team's on-call user.
    		onCall, err := composio.NewMcpServerUserUrl(ctx, "on-call", &composio.McpServerUserUrlArgs{
    			ServerId: producer.GetStringOutput(pulumi.String("serverId")),
    			UserId:   pulumi.String("on-call"),
    		})
    		if err != nil {
    			return err
    		}
    		ctx.Export("producerMcpUrl", producer.GetStringOutput(pulumi.String("mcpUrl")))
    		ctx.Export("onCallUrl", onCall.Url)
    		return nil
    	})
    }
"""

EMPTY = """
    package main

    import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

    func main() {
    	pulumi.Run(func(ctx *pulumi.Context) error { return nil })
    }
"""


@pytest.fixture(scope="module")
def go_tool() -> str:
    try:
        return go()
    except PulumiMissing as missing:
        pytest.fail(str(missing), pytrace=False)


@pytest.mark.parametrize("hosts", available_hosts())
def test_the_go_full_setup_lives_rotates_disables_and_leaves_nothing(
    hosts: str, go_tool: str, pulumi_cli: Path, emulator: RunningEmulator, tmp_path: Path
):
    try:
        with language_deployment(emulator, tmp_path, hosts, "go") as deployment:
            full_setup_lifecycle(deployment, write_go_program, (GO_EXAMPLE / "main.go").read_text())
    except PulumiMissing as missing:
        pytest.fail(str(missing), pytrace=False)


def test_a_second_go_stack_reads_the_server_through_a_stack_reference(
    go_tool: str, pulumi_cli: Path, emulator: RunningEmulator, tmp_path: Path
):
    stack_reference(
        emulator,
        tmp_path,
        default_hosts(),
        "go",
        write_go_program,
        producer_source=PRODUCER,
        consumer_source=CONSUMER,
    )


def test_pulumi_import_brings_objects_under_a_go_program(
    go_tool: str, pulumi_cli: Path, emulator: RunningEmulator, tmp_path: Path
):
    with language_deployment(emulator, tmp_path, default_hosts(), "go") as deployment:
        code = import_existing(
            deployment,
            write_go_program,
            empty_program=EMPTY,
            code_marker='composio.NewCustomMcpServer(ctx, "dashboard"',
        )
    assert '"example.com/pulumi-composio/sdk/go/composio"' in code
    assert 'composio.NewAuthConfig(ctx, "notion"' in code
