package main

import (
	"github.com/pulumi-composio/pulumi-composio/sdk/go/composio"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		toolkit, err := cfg.Try("toolkit")
		if err != nil {
			toolkit = "github"
		}
		tools := composio.GetToolsOutput(ctx, composio.GetToolsOutputArgs{
			Toolkit: pulumi.String(toolkit),
			Search:  pulumi.String("issue"),
		})
		elsewhere := composio.LookupCustomMcpServerOutput(ctx, composio.LookupCustomMcpServerOutputArgs{
			Name: pulumi.String(cfg.Require("elsewhere")),
		})
		github, err := composio.GetToolkit(ctx, &composio.GetToolkitArgs{Slug: "github"})
		if err != nil {
			return err
		}
		managed, err := composio.LookupAuthConfig(ctx, &composio.LookupAuthConfigArgs{Id: "ac_github_default"})
		if err != nil {
			return err
		}

		server, err := composio.NewCustomMcpServer(ctx, "issues", &composio.CustomMcpServerArgs{
			Toolkits:     pulumi.StringArray{pulumi.String("github")},
			AllowedTools: tools.Slugs(),
		})
		if err != nil {
			return err
		}
		lookedUp := composio.LookupCustomMcpServerOutput(ctx, composio.LookupCustomMcpServerOutputArgs{
			Id: server.ID().ToStringOutput(),
		})

		ctx.Export("issueTools", tools.Slugs())
		ctx.Export("elsewhereId", elsewhere.Id())
		ctx.Export("elsewhereUrl", elsewhere.McpUrl())
		ctx.Export("githubSchemes", pulumi.ToStringArray(github.AuthSchemes))
		ctx.Export("githubTools", pulumi.Int(len(github.ToolSlugs)))
		ctx.Export("managedToolkit", pulumi.String(managed.Toolkit))
		ctx.Export("serverId", server.ID())
		ctx.Export("lookedUpUrl", lookedUp.McpUrl())
		return nil
	})
}
