module ${PROJECT}

go 1.26

require (
	github.com/pulumi-composio/pulumi-composio/sdk/go v0.2.0
	github.com/pulumi/pulumi/sdk/v3 v3.260.0
)
