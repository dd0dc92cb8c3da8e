// The whole Composio MCP setup in one Go program.
//
// GitHub authenticates through Composio's own OAuth app; Linear through the team's API key, kept
// as a secret in stack config (`pulumi config set --secret linearApiKey ...`). One server exposes
// both toolkits, and a service user gets its own URL, exported as a secret. Beside them, the same
// user gets a session with the same tools and auth configs: sessions are Composio's successor to
// MCP servers, and exporting both lets the user's agents move to the session's URL before the
// server goes (docs/migrating-to-sessions.md). Set `linearEnabled` to false to disable the Linear
// auth config without deleting it.
//
// Events: a trigger on the service user's GitHub (new issues of `githubOwner`/`githubRepo`), which
// needs the user's GitHub connected account first (Composio's connect flow, see docs/_index.md);
// the project's webhook subscription delivering every trigger event to `webhookUrl` (by default a
// receiver on this machine), signed with its secret, exported as a secret and rotated by changing
// `webhookSecretGeneration`; and the project's settings, so MCP clients of the server and the
// session must send the project's API key.
package main

import (
	"github.com/pulumi-composio/pulumi-composio/sdk/go/composio"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		serviceUser := cfg.Get("serviceUser")
		if serviceUser == "" {
			serviceUser = "support-bot"
		}

		github, err := composio.NewAuthConfig(ctx, "github", &composio.AuthConfigArgs{
			Toolkit: pulumi.String("github"),
		})
		if err != nil {
			return err
		}
		linearEnabled, err := cfg.TryBool("linearEnabled")
		if err != nil {
			linearEnabled = true
		}
		linear, err := composio.NewAuthConfig(ctx, "linear", &composio.AuthConfigArgs{
			Toolkit:    pulumi.String("linear"),
			AuthScheme: pulumi.String("API_KEY"),
			Credentials: pulumi.StringMap{
				"api_key": cfg.RequireSecret("linearApiKey"),
			},
			Enabled: pulumi.Bool(linearEnabled),
		})
		if err != nil {
			return err
		}

		server, err := composio.NewCustomMcpServer(ctx, "support-tools", &composio.CustomMcpServerArgs{
			Toolkits:      pulumi.StringArray{pulumi.String("github"), pulumi.String("linear")},
			AllowedTools:  pulumi.StringArray{pulumi.String("GITHUB_CREATE_ISSUE"), pulumi.String("LINEAR_CREATE_ISSUE")},
			AuthConfigIds: pulumi.StringArray{github.ID().ToStringOutput(), linear.ID().ToStringOutput()},
		})
		if err != nil {
			return err
		}

		supportBot, err := composio.NewMcpServerUserUrl(ctx, "support-bot", &composio.McpServerUserUrlArgs{
			ServerId: server.ID().ToStringOutput(),
			UserId:   pulumi.String(serviceUser),
		})
		if err != nil {
			return err
		}

		// The server's tools, grouped by toolkit; DirectTools serves exactly them, as the server does.
		session, err := composio.NewSession(ctx, "support-bot", &composio.SessionArgs{
			UserId:   pulumi.String(serviceUser),
			Toolkits: pulumi.StringArray{pulumi.String("github"), pulumi.String("linear")},
			Tools: pulumi.Map{
				"github": pulumi.Map{"enable": pulumi.ToStringArray([]string{"GITHUB_CREATE_ISSUE"})},
				"linear": pulumi.Map{"enable": pulumi.ToStringArray([]string{"LINEAR_CREATE_ISSUE"})},
			},
			AuthConfigs: pulumi.StringMap{
				"github": github.ID().ToStringOutput(),
				"linear": linear.ID().ToStringOutput(),
			},
			DirectTools: pulumi.Bool(true),
		})
		if err != nil {
			return err
		}

		// New issues of the repository, on the service user's GitHub account (the user's first
		// active one, as Composio resolves it: the user must have connected it before the first `up`).
		newIssues, err := composio.NewTrigger(ctx, "new-issues", &composio.TriggerArgs{
			Slug:   pulumi.String("GITHUB_ISSUE_ADDED_EVENT"),
			UserId: pulumi.String(serviceUser),
			TriggerConfig: pulumi.Map{
				"owner": pulumi.String(cfg.Require("githubOwner")),
				"repo":  pulumi.String(cfg.Require("githubRepo")),
			},
		})
		if err != nil {
			return err
		}

		// Where the project's events go; one subscription per project. Receivers verify each
		// delivery with the secret; a new webhookSecretGeneration rotates it in place.
		webhookUrl := cfg.Get("webhookUrl")
		if webhookUrl == "" {
			webhookUrl = "http://localhost:8788/composio/events"
		}
		generation := cfg.Get("webhookSecretGeneration")
		if generation == "" {
			generation = "1"
		}
		events, err := composio.NewWebhookSubscription(ctx, "events", &composio.WebhookSubscriptionArgs{
			WebhookUrl:    pulumi.String(webhookUrl),
			EnabledEvents: pulumi.ToStringArray([]string{"composio.trigger.message"}),
			Keepers:       pulumi.StringMap{"generation": pulumi.String(generation)},
		})
		if err != nil {
			return err
		}

		// Only these settings are managed; destroy leaves the project's settings as they are.
		settings, err := composio.NewProjectSettings(ctx, "project", &composio.ProjectSettingsArgs{
			RequireMcpApiKey:                 pulumi.Bool(true),
			MaskSecretKeysInConnectedAccount: pulumi.Bool(true),
		})
		if err != nil {
			return err
		}

		ctx.Export("githubAuthConfigId", github.ID())
		ctx.Export("linearAuthConfigId", linear.ID())
		ctx.Export("linearStatus", linear.Status)
		ctx.Export("serverId", server.ID())
		ctx.Export("mcpUrl", server.McpUrl)
		ctx.Export("cursorCommand", server.Commands.Cursor())
		// Secrets: whoever holds either URL acts as the service user.
		ctx.Export("supportBotUrl", supportBot.Url)
		ctx.Export("sessionId", session.ID())
		ctx.Export("sessionUrl", session.McpUrl)
		ctx.Export("triggerId", newIssues.ID())
		ctx.Export("triggerConnectedAccountId", newIssues.ConnectedAccountId)
		ctx.Export("webhookSubscriptionId", events.ID())
		ctx.Export("webhookUrl", events.WebhookUrl)
		ctx.Export("webhookSecret", events.Secret) // a secret: it signs every delivery
		ctx.Export("requireMcpApiKey", settings.RequireMcpApiKey)
		return nil
	})
}
