"""Pydantic models of the Composio MCP API's request and response bodies.

Responses ignore fields they do not know, so Composio can add fields without breaking
``pulumi refresh``; a missing required field is an error that names the field. Requests
forbid unknown fields, so a typo in our own code fails loudly instead of being dropped.

The server-name rule is in :mod:`.naming`, which Pulumi programs import without pydantic.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "CreateCustomServerRequest",
    "CreatedCustomServer",
    "DeleteResult",
    "ErrorBody",
    "ErrorEnvelope",
    "GenerateUrlsRequest",
    "GenerateUrlsResponse",
    "McpCommands",
    "McpServer",
    "OrderBy",
    "OrderDirection",
    "ServerList",
    "UpdateServerRequest",
]

OrderBy = Literal["created_at", "updated_at"]
OrderDirection = Literal["asc", "desc"]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def to_body(self) -> dict[str, Any]:
        """The JSON body to send: only the fields that were given, never ``null``."""
        return self.model_dump(mode="json", exclude_unset=True, exclude_none=True)


class _Response(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class CreateCustomServerRequest(_Request):
    """Body of ``POST /mcp/servers/custom``.

    The name rule is not enforced here: the provider's ``check`` reports it to the user
    (see :func:`validate_server_name`), and Composio stays the final judge.
    """

    name: str
    toolkits: list[str] | None = None
    allowed_tools: list[str] | None = None
    auth_config_ids: list[str] | None = None
    custom_tools: list[str] | None = Field(
        default=None, description="Deprecated by Composio in favour of allowed_tools."
    )
    managed_auth_via_composio: bool | None = None


class UpdateServerRequest(_Request):
    """Body of ``PATCH /mcp/{id}``: Composio changes exactly the fields that are sent."""

    name: str | None = None
    toolkits: list[str] | None = None
    allowed_tools: list[str] | None = None
    auth_config_ids: list[str] | None = None
    managed_auth_via_composio: bool | None = None


class GenerateUrlsRequest(_Request):
    """Body of ``POST /mcp/servers/generate``: per-user or per-account URLs of a server."""

    mcp_server_id: str
    user_ids: list[str] | None = None
    connected_account_ids: list[str] | None = None
    managed_auth_by_composio: bool | None = None


class McpCommands(_Response):
    """Shell commands that register the server with each MCP client."""

    cursor: str
    claude: str
    windsurf: str


class McpServer(_Response):
    """A server as ``GET /mcp/{id}``, ``PATCH`` and list items return it.

    List items carry no ``deleted`` flag, hence its default.
    """

    id: str
    name: str
    toolkits: list[str]
    allowed_tools: list[str]
    auth_config_ids: list[str]
    managed_auth_via_composio: bool
    mcp_url: str
    commands: McpCommands
    created_at: str
    updated_at: str
    deleted: bool = False
    server_instance_count: int = 0
    toolkit_icons: dict[str, str | None] = Field(default_factory=dict)


class CreatedCustomServer(_Response):
    """The ``201`` answer to a create: fewer fields than :class:`McpServer`."""

    id: str
    name: str
    auth_config_ids: list[str]
    allowed_tools: list[str]
    mcp_url: str
    commands: McpCommands
    toolkits: list[str] | None = None
    managed_auth_via_composio: bool | None = None
    created_at: str | None = None
    updated_at: str | None = None


class ServerList(_Response):
    """One page of ``GET /mcp/servers``; ``current_page`` is 1-based."""

    items: list[McpServer]
    current_page: int
    total_pages: int


class DeleteResult(_Response):
    """The answer to ``DELETE /mcp/{id}``; Composio deletes softly."""

    id: str
    deleted: bool


class GenerateUrlsResponse(_Response):
    """Generated URLs, in the order of the requested user and account ids."""

    mcp_url: str
    user_ids_url: list[str] = Field(default_factory=list)
    connected_account_urls: list[str] = Field(default_factory=list)


class ErrorBody(_Response):
    """The inside of Composio's error envelope.

    Only ``message`` is required here although the API documents ``code``, ``slug`` and
    ``status`` as required too: an error is read on a best-effort basis, since failing
    to parse it would hide the message the user needs.
    """

    message: str
    code: int | None = None
    slug: str | None = None
    status: int | None = None
    request_id: str | None = None
    suggested_fix: str | None = None
    errors: list[str] | None = None

    @field_validator("errors", mode="before")
    @classmethod
    def _errors_as_text(cls, value: Any) -> Any:
        """Documented as strings; render anything else as compact JSON rather than fail."""
        if isinstance(value, list):
            return [
                item if isinstance(item, str) else json.dumps(item, separators=(",", ":"))
                for item in value
            ]
        return value


class ErrorEnvelope(_Response):
    """``{"error": {...}}``, the body of every Composio error answer."""

    error: ErrorBody
