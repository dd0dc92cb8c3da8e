"""What the resource classes send the engine besides the inputs a program declares.

Each class keeps its own ``__init__`` signature and ``Args``, since those are what programs
and IDEs see; this is the plumbing behind them. Like :mod:`.naming`, it is imported by every
Pulumi program, so it stays free of pydantic and httpx.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pulumi

from .core.input_rules import REPLACE_ON_CHANGES
from .naming import autoname, stack_scope

__all__ = ["hidden_inputs", "with_secret_outputs"]


def hidden_inputs(resource_name: str, opts: pulumi.ResourceOptions | None) -> dict[str, Any]:
    """The inputs a nameable resource passes that the program never writes: the name to use
    when none is declared (made here, where the stack is known) and the resource's
    ``replace_on_changes`` option (see :data:`~.core.input_rules.REPLACE_ON_CHANGES`)."""
    return {
        "default_name": autoname(resource_name, stack_scope(resource_name)),
        REPLACE_ON_CHANGES: (opts.replace_on_changes or None) if opts else None,
    }


def with_secret_outputs(
    opts: pulumi.ResourceOptions | None, names: Sequence[str]
) -> pulumi.ResourceOptions:
    """``opts`` with the outputs ``names`` always secret, so no program has to ask for it."""
    return pulumi.ResourceOptions.merge(
        opts, pulumi.ResourceOptions(additional_secret_outputs=list(names))
    )
