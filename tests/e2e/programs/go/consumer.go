package main

import (
	"github.com/pulumi-composio/pulumi-composio/sdk/go/composio"
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
