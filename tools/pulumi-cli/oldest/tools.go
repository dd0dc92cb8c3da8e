// Package tools pins the Pulumi engine module so `go build` of its CLI uses go.sum.
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
