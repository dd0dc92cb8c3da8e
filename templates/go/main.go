// A Composio custom MCP server with GitHub tools, behind Composio's own GitHub OAuth app.
package main

import (
	"github.com/pulumi-composio/pulumi-composio/sdk/go/composio"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		github, err := composio.NewAuthConfig(ctx, "github", &composio.AuthConfigArgs{
			Toolkit: pulumi.String("github"),
		})
		if err != nil {
			return err
		}
		tools, err := composio.NewCustomMcpServer(ctx, "tools", &composio.CustomMcpServerArgs{
			Toolkits:      pulumi.StringArray{pulumi.String("github")},
			AllowedTools:  pulumi.StringArray{pulumi.String("GITHUB_CREATE_ISSUE"), pulumi.String("GITHUB_LIST_REPOSITORY_ISSUES")},
			AuthConfigIds: pulumi.StringArray{github.ID().ToStringOutput()},
		})
		if err != nil {
			return err
		}
		ctx.Export("serverId", tools.ID())
		ctx.Export("mcpUrl", tools.McpUrl)
		return nil
	})
}
