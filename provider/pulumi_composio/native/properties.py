"""One property of a resource or of the provider's configuration, as every language sees it.

The schema (:mod:`.schema`), the translation between the engine's camelCase names and the
services' snake_case ones (:mod:`.resource_types`) and the test that holds the schema
against the Python resources' ``Args`` all read these declarations, so a property's name,
type, secrecy and description are written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Property", "PropertyType", "wire_name"]

PropertyType = Literal[
    "string", "boolean", "integer", "strings", "string_map", "object", "commands", "tools"
]
"""``strings``: a list of strings; ``string_map``: a mapping of strings; ``object``: a JSON
object passed as Composio has it (a session's policy blocks); ``commands``: the
setup commands object of a server; ``tools``: a list of tool summaries (slug, name,
description), as ``getTools`` answers them."""


def wire_name(name: str) -> str:
    """Pulumi's name for a snake_case property: ``auth_config_ids`` -> ``authConfigIds``."""
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


@dataclass(frozen=True)
class Property:
    """A property under its services' (snake_case) name; see :attr:`wire` for Pulumi's."""

    name: str
    type: PropertyType
    description: str
    input: bool = True
    """Declared by the program."""
    output: bool = True
    """Returned by the provider, kept in state."""
    required_input: bool = False
    required_output: bool = False
    secret: bool = False
    """Always a secret, in state, outputs and the engine's logs."""

    @property
    def wire(self) -> str:
        return wire_name(self.name)
