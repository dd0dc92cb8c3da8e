"""Composio's rule for server names, and the default names of every resource.

A server or auth config declared without a ``name`` gets one made from its logical name
and its stack (:func:`autoname`); servers also have Composio's name rule checked here. This
module is all a Pulumi program needs of the package besides the resource classes, so it
stays free of pydantic and httpx: every ``pulumi preview`` imports it.
"""

from __future__ import annotations

import hashlib
import re
import string
from typing import Final

import pulumi

__all__ = [
    "SERVER_NAME_MAX_LENGTH",
    "SERVER_NAME_MIN_LENGTH",
    "SERVER_NAME_PATTERN",
    "autoname",
    "resource_scope",
    "stack_scope",
    "validate_server_name",
]

SERVER_NAME_MIN_LENGTH = 4
SERVER_NAME_MAX_LENGTH = 30
SERVER_NAME_PATTERN = re.compile(r"[A-Za-z0-9 -]{4,30}")
"""Composio's rule for MCP server names; use with ``fullmatch``."""

_AUTONAME_SUFFIX_LENGTH: Final = 7
_AUTONAME_ALPHABET: Final = string.ascii_lowercase + string.digits

_NAME_CHARACTER = re.compile(r"[A-Za-z0-9 -]")


def validate_server_name(name: str) -> str | None:
    """Return what is wrong with ``name`` as a sentence for the user, or ``None`` if it is fine.

    Composio accepts 4-30 characters: ASCII letters, digits, spaces and hyphens.
    """
    if len(name) < SERVER_NAME_MIN_LENGTH:
        return (
            f"name {name!r} is too short: use {SERVER_NAME_MIN_LENGTH}-{SERVER_NAME_MAX_LENGTH} "
            "characters"
        )
    if len(name) > SERVER_NAME_MAX_LENGTH:
        return f"name {name!r} is {len(name)} characters long: use at most {SERVER_NAME_MAX_LENGTH}"
    bad = sorted({c for c in name if not _NAME_CHARACTER.fullmatch(c)})
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        return f"name {name!r} contains {shown}: use only letters, digits, spaces and hyphens"
    return None


def autoname(logical_name: str, scope: str) -> str:
    """A default name (valid for a server, and so for an auth config) made from the
    resource's logical name plus a 7-character suffix.

    The suffix is a hash of ``scope`` (organization, project, stack and logical name), not
    random: the same resource in the same stack always proposes the same name, so a server
    left behind by an interrupted ``pulumi up`` can be recognised and taken back (see
    ``ServerService._create``), while another stack's copy of the resource gets another
    name. Nothing here is ever replaced, so names need not differ across runs.
    """
    digest = int.from_bytes(hashlib.sha256(scope.encode()).digest()[:8], "big")
    suffix = ""
    for _ in range(_AUTONAME_SUFFIX_LENGTH):
        digest, index = divmod(digest, len(_AUTONAME_ALPHABET))
        suffix += _AUTONAME_ALPHABET[index]
    prefix = re.sub(r"[^A-Za-z0-9 -]+", "-", logical_name).strip(" -")
    prefix = prefix[: SERVER_NAME_MAX_LENGTH - _AUTONAME_SUFFIX_LENGTH - 1].rstrip(" -")
    return f"{prefix}-{suffix}" if prefix else f"mcp-{suffix}"


def stack_scope(resource_name: str) -> str:
    """What makes a default name one resource's own, in the running program."""
    return resource_scope(
        pulumi.get_organization(), pulumi.get_project(), pulumi.get_stack(), resource_name
    )


def resource_scope(organization: str, project: str, stack: str, resource_name: str) -> str:
    """What makes a default name one resource's own: organization, project, stack, name.

    A program knows all four (:func:`stack_scope`); the native plugin reads the last three
    from the resource's URN and is not told the organization (see ``native/urns.py``).
    """
    return f"{organization}/{project}/{stack}/{resource_name}"
