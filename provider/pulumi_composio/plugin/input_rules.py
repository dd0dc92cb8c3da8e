"""What every resource's input rules share: the problem type, unknowns, sets, and how a
wrong value is described to the user without quoting more of it than helps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN

__all__ = [
    "UNKNOWN",
    "InputProblem",
    "describe",
    "is_checkable",
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
    """Whether ``value`` is, or holds at any depth, a value the engine does not know yet.

    During ``preview`` an input that comes from another resource's output is unknown. The
    SDK hands a dynamic provider such a value as a :class:`pulumi.output.Unknown` object
    (``rpc.deserialize_properties`` with ``keep_unknowns``); the wire form, the string
    :data:`UNKNOWN`, is what a provider itself may put back. Both count here.
    """
    if isinstance(value, Unknown) or (isinstance(value, str) and value == UNKNOWN):
        return True
    if isinstance(value, Mapping):
        return any(is_unknown(item) for item in value.values())
    return isinstance(value, list | tuple) and any(is_unknown(item) for item in value)


def is_checkable(value: Any) -> bool:
    """Whether ``value`` is declared and wholly known, so the input rules can judge it now;
    anything else is judged once the engine knows it."""
    return value is not None and not is_unknown(value)


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
