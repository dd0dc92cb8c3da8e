"""What a resource's service answers for each operation, whichever front asked.

Two fronts call the same services: the dynamic provider (``_provider_shell``, for Python
programs) and the native plugin (``native/``, for every language). Each translates these
plain results into its own protocol: ``pulumi.dynamic`` result types, or gRPC messages with
per-property diffs. Property names here are the services' own (snake_case).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .input_rules import InputProblem

__all__ = ["Changes", "Checked", "Found"]


@dataclass(frozen=True)
class Checked:
    """Normalised inputs, one problem per invalid property (``""``: the resource), and
    warnings for the user (each front shows them through the engine)."""

    inputs: dict[str, Any]
    problems: list[InputProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Changes:
    """The properties whose declared value differs from state, in the order a diff shows
    them, and those of them that cannot change in place."""

    changed: list[str] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)
    delete_before_replace: bool = False
    """The replacement needs what the object holds (its name), so it goes first."""


@dataclass(frozen=True)
class Found:
    """An object as an operation left or found it: its id (``""``: it is gone) and the
    resource's outputs."""

    id: str
    outputs: dict[str, Any] = field(default_factory=dict)
