"""What a program would declare to get an object that exists already: ``pulumi import``.

The engine imports an object by reading it with no inputs, then writes the program code
from the inputs the read returns and checks them against what it read: the next
``preview`` must show no changes. So the inputs are the object's outputs, as declarations:
only input properties, and none that would mean something else when declared (a
Composio-managed auth config has an ``auth_scheme`` output, but declaring one means custom
auth), and none that only repeat a default (an empty list, ``enabled``). Credentials
cannot be read back: an imported custom auth config is declared without them until the
program adds them (then sent once, as a rotation).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .resource_types import ResourceType

__all__ = [
    "ImportIdError",
    "auth_config_declaration",
    "declared_inputs",
    "session_declaration",
    "user_url_from_id",
]


class ImportIdError(ValueError):
    """An id given to ``pulumi import`` that cannot name such an object."""


def declared_inputs(kind: ResourceType, outputs: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs (service names) that declare the object ``outputs`` describe."""
    inputs = {
        p.name: outputs[p.name]
        for p in kind.inputs()
        if outputs.get(p.name) is not None and outputs[p.name] != []
    }
    return kind.import_declaration(inputs, outputs) if kind.import_declaration else inputs


def auth_config_declaration(inputs: dict[str, Any], outputs: Mapping[str, Any]) -> dict[str, Any]:
    """An auth config's declaration leaves out the scheme of a Composio-managed one
    (declaring a scheme means custom auth) and ``enabled: true`` (the default)."""
    if outputs.get("is_composio_managed"):
        inputs.pop("auth_scheme", None)
    if inputs.get("enabled") is True:
        del inputs["enabled"]
    return inputs


def session_declaration(inputs: dict[str, Any], outputs: Mapping[str, Any]) -> dict[str, Any]:
    """A session's declaration leaves out ``direct_tools: false`` (the default): the preset
    is declared only when the session is one."""
    if inputs.get("direct_tools") is False:
        del inputs["direct_tools"]
    return inputs


def user_url_from_id(url_id: str) -> dict[str, Any]:
    """A user URL's inputs from its id, ``SERVER/users/USER`` or
    ``SERVER/connected_accounts/ACCOUNT`` (see ``user_urls.inputs.url_id``)."""
    for segment, prop in (("/users/", "user_id"), ("/connected_accounts/", "connected_account_id")):
        server_id, found, whom = url_id.partition(segment)
        if found and server_id and whom:
            return {"server_id": server_id, prop: whom}
    raise ImportIdError(
        f"McpServerUserUrl id {url_id!r} is not SERVER_ID/users/USER_ID or "
        "SERVER_ID/connected_accounts/ACCOUNT_ID"
    )
