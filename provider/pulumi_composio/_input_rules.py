"""What every resource's input rules share: the problem type, unknowns, sets, and how a
wrong value is described to the user without quoting more of it than helps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pulumi.runtime.rpc import UNKNOWN

__all__ = [
    "UNKNOWN",
    "InputProblem",
    "describe",
    "is_unknown",
    "kept_name",
    "normalised_set",
]


@dataclass(frozen=True)
class InputProblem:
    """One invalid property and what the user should do about it."""

    property: str
    reason: str


def is_unknown(value: Any) -> bool:
    """Whether ``value`` is, or holds, a value the engine does not know yet (during preview)."""
    if value == UNKNOWN:
        return True
    if isinstance(value, Mapping):
        return any(item == UNKNOWN for item in value.values())
    return isinstance(value, list | tuple) and any(item == UNKNOWN for item in value)


def normalised_set(value: Any) -> Any:
    """A list input as a set: sorted, without repeats; ``None`` is empty; unknowns pass."""
    if value is None:
        return []
    if is_unknown(value):
        return value
    return sorted(set(value))


def kept_name(olds: Mapping[str, Any], news: Mapping[str, Any], *, adopting: bool) -> Any:
    """The name to use when none is declared: the one already made, else the default
    name; an adopted object keeps its own (``None`` here)."""
    declared = news.get("name")
    if declared is not None:
        return declared
    previous = olds.get("name")
    if isinstance(previous, str) and previous:
        return previous
    return None if adopting else news.get("default_name")


def describe(value: Any) -> str:
    """``the string 'abc'``, ``the number 3``, ``a dict``: what the user gave, briefly."""
    if isinstance(value, bool):
        return f"the boolean {value}".lower()
    if isinstance(value, str):
        return f"the string {value[:40]!r}"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"a {type(value).__name__}"
