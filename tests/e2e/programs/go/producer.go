package main

import (
	"github.com/pulumi-composio/pulumi-composio/sdk/go/composio"
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
