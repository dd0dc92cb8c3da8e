"""What the plugin learns from a resource's URN: its type, and its default name.

A Python program makes a resource's default name from its organization, project, stack and
resource name (``naming.stack_scope``). The plugin gets the last three in every request's
URN (``urn:pulumi:STACK::PROJECT::TYPE::NAME``), and makes the default name the same way.
The engine does not tell a provider the organization, so the plugin uses the one every
self-managed backend (file, S3, PostgreSQL, ...) reports, ``organization``: on those, a
resource gets the same default name from either front. On Pulumi Cloud the two fronts
propose different default names for the same resource; each keeps the one it made.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..naming import autoname, resource_scope

__all__ = ["SELF_MANAGED_ORGANIZATION", "ParsedUrn", "parse_urn"]

SELF_MANAGED_ORGANIZATION = "organization"


@dataclass(frozen=True)
class ParsedUrn:
    stack: str
    project: str
    type: str
    """The resource's type token, without its parents' types."""
    name: str

    @property
    def default_name(self) -> str:
        scope = resource_scope(SELF_MANAGED_ORGANIZATION, self.project, self.stack, self.name)
        return autoname(self.name, scope)


def parse_urn(urn: str) -> ParsedUrn:
    """Split a URN; a malformed one is a :class:`ValueError` naming it."""
    parts = urn.split("::", 3)
    if len(parts) != 4 or not parts[0].startswith("urn:pulumi:"):
        raise ValueError(f"not a Pulumi resource URN: {urn!r}")
    head, project, qualified_type, name = parts
    return ParsedUrn(
        stack=head.removeprefix("urn:pulumi:"),
        project=project,
        type=qualified_type.rsplit("$", 1)[-1],
        name=name,
    )
