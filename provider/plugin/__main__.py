"""Run the composio provider plugin from this folder (see PulumiPlugin.yaml)."""

from pulumi_composio.native import main

main()
