"""What every resource's input rules share: the problem type, unknowns, sets, the
``replace_on_changes`` option, and how a wrong value is described to the user without
quoting more of it than helps."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN

__all__ = [
    "REPLACE_ON_CHANGES",
    "UNKNOWN",
    "InputProblem",
    "adopt_id_problems",
    "bool_problems",
    "describe",
    "is_checkable",
    "is_unknown",
    "kept_name",
    "normalised_set",
    "replace_on_changes_problems",
    "requested_replacements",
    "string_list_problems",
]

REPLACE_ON_CHANGES: Final = "replace_on_changes"
"""The hidden input that carries a resource's ``replace_on_changes`` option to its provider.

Pulumi applies the option in the engine, to the property names a provider's diff reports
as changed. The dynamic-provider host (``pulumi.dynamic.__main__``, ``Diff``) reports none,
only whether anything changed and what replaces, so the engine finds nothing to match and
the option would silently do nothing. Each resource class therefore passes the option as
this input, and the diff adds the changed properties it names to those that replace."""


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


def replace_on_changes_problems(value: Any, inputs: Sequence[str]) -> list[InputProblem]:
    """Problems with the ``replace_on_changes`` option: each entry must name one of
    ``inputs`` or be ``"*"``, since the provider compares every input whole."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        return [
            InputProblem(
                REPLACE_ON_CHANGES,
                f"replace_on_changes must be a list of input names, not {describe(value)}",
            )
        ]
    choices = ", ".join(inputs)
    for entry in value:
        if entry == "*" or entry in inputs:
            continue
        shown = repr(entry) if isinstance(entry, str) else describe(entry)
        top = re.split(r"[.\[]", entry, maxsplit=1)[0] if isinstance(entry, str) else None
        fix = (
            f"this provider compares {top!r} whole, so name {top!r} itself"
            if top in inputs
            else f"use one of {choices}, or '*' for any change"
        )
        return [
            InputProblem(REPLACE_ON_CHANGES, f"replace_on_changes: {shown} is not an input: {fix}")
        ]
    return []


def requested_replacements(changed: Sequence[str], news: Mapping[str, Any]) -> list[str]:
    """The changed properties that the resource's ``replace_on_changes`` option names
    (``"*"``: all of them), in ``changed``'s order."""
    requested = news.get(REPLACE_ON_CHANGES) or []
    if "*" in requested:
        return list(changed)
    return [prop for prop in changed if prop in requested]


def string_list_problems(
    prop: str, value: Any, *, limit: int, pattern: re.Pattern[str], rule: str
) -> list[InputProblem]:
    """A list input of strings that each match ``pattern`` (``rule`` says it in words):
    the first problem only; unknown elements are judged once known."""
    if not isinstance(value, list | tuple):
        if not is_checkable(value):
            return []
        return [InputProblem(prop, f"{prop} must be a list of strings, not {describe(value)}")]
    if len(value) > limit:
        return [InputProblem(prop, f"{prop} has {len(value)} items: at most {limit} are allowed")]
    for index, item in enumerate(value):
        if is_unknown(item) or (isinstance(item, str) and pattern.fullmatch(item)):
            continue
        shown = repr(item) if isinstance(item, str) else describe(item)
        return [InputProblem(prop, f"{prop}[{index}] is {shown}: use {rule}")]
    return []


def pattern_string_problems(
    prop: str, value: Any, *, pattern: re.Pattern[str], required: str, rule: str
) -> list[InputProblem]:
    """A required string input matching ``pattern``: ``{prop} is required: {required}`` when
    it is left out, ``{prop} must be {rule}, not ...`` when it is known and does not match."""
    if value is None:
        return [InputProblem(prop, f"{prop} is required: {required}")]
    if is_checkable(value) and not (isinstance(value, str) and pattern.fullmatch(value)):
        return [InputProblem(prop, f"{prop} must be {rule}, not {describe(value)}")]
    return []


def bool_problems(prop: str, value: Any) -> list[InputProblem]:
    """A true/false input, when it is declared and known."""
    if is_checkable(value) and not isinstance(value, bool):
        return [InputProblem(prop, f"{prop} must be true or false, not {describe(value)}")]
    return []


def adopt_id_problems(prop: str, value: Any, *, what: str) -> list[InputProblem]:
    """An ``adopt_*`` input: the id of an existing ``what``, when declared and known."""
    if is_checkable(value) and not (isinstance(value, str) and value.strip()):
        return [
            InputProblem(
                prop,
                f"{prop} must be the id of an existing {what} (a non-empty string), "
                f"not {describe(value)}",
            )
        ]
    return []
