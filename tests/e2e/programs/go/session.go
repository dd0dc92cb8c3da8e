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
		session, err := composio.NewSession(ctx, "bot", &composio.SessionArgs{
			UserId:   pulumi.String("support-bot"),
			Toolkits: pulumi.StringArray{pulumi.String("github")},
			Tools: pulumi.Map{
				"github": pulumi.Map{"enable": pulumi.ToStringArray([]string{"GITHUB_CREATE_ISSUE"})},
			},
			AuthConfigs: pulumi.StringMap{"github": github.ID().ToStringOutput()},
			DirectTools: pulumi.Bool(true),
		})
		if err != nil {
			return err
		}
		docs, err := composio.NewCustomToolkit(ctx, "docs", &composio.CustomToolkitArgs{
			Slug:   pulumi.String("acme_docs"),
			Name:   pulumi.String("Acme Docs"),
			AppUrl: pulumi.String("https://mcp.acme.example/mcp"),
			AuthSchemes: pulumi.Map{
				"API_KEY": pulumi.Map{
					"headers": pulumi.StringMap{"Authorization": pulumi.String("Bearer {{generic_api_key}}")},
				},
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("sessionId", session.ID())
		ctx.Export("mcpUrl", session.McpUrl)
		ctx.Export("toolkitSlug", docs.ToolkitSlug)
		return nil
	})
}
