"""What the resource classes send the engine besides the inputs a program declares.

The classes are written by ``make python-resources`` from the declarations, and call these
for what their declaration asks: a default name, the ``replace_on_changes`` option, outputs
that are always secret. Like :mod:`.naming`, it is imported by every Pulumi program, so it
stays free of pydantic and httpx.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pulumi

from .core.input_rules import REPLACE_ON_CHANGES
from .naming import autoname, stack_scope

__all__ = ["default_name_input", "replace_on_changes_input", "with_secret_outputs"]


def default_name_input(resource_name: str) -> dict[str, Any]:
    """The hidden input holding the name to use when none is declared, made here, where
    the stack is known."""
    return {"default_name": autoname(resource_name, stack_scope(resource_name))}


def replace_on_changes_input(opts: pulumi.ResourceOptions | None) -> dict[str, Any]:
    """The hidden input carrying the resource's ``replace_on_changes`` option to its
    provider (see :data:`~.core.input_rules.REPLACE_ON_CHANGES`)."""
    return {REPLACE_ON_CHANGES: (opts.replace_on_changes or None) if opts else None}


def with_secret_outputs(
    opts: pulumi.ResourceOptions | None, names: Sequence[str]
) -> pulumi.ResourceOptions:
    """``opts`` with the outputs ``names`` always secret, so no program has to ask for it."""
    return pulumi.ResourceOptions.merge(
        opts, pulumi.ResourceOptions(additional_secret_outputs=list(names))
    )
