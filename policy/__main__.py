"""pulumi-composio's policy pack: ``pulumi preview --policy-pack <this folder>``.

Five policies, each with a default enforcement level that ``--policy-pack-config`` changes
(docs/policy.md): ``no-destructive-tools`` (mandatory), ``explicit-tools`` (advisory),
``allowed-toolkits`` (config ``toolkits``), ``denied-tools`` (config ``tools``) and
``mcp-key-required``. They read Composio's catalogue configured as the provider is, once per
run.
"""

from composio_policy import (
    ComposioCatalogue,
    composio_config,
    keep_stack_configuration,
    policies,
)
from pulumi_policy import EnforcementLevel, PolicyPack

keep_stack_configuration()
PolicyPack(
    name="composio",
    enforcement_level=EnforcementLevel.MANDATORY,
    policies=list(policies(ComposioCatalogue(composio_config))),
)
