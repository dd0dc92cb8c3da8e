"""``AuthConfig``: how one toolkit authenticates, declared in a Pulumi program.

An auth config is what a server's ``auth_config_ids`` point to: Composio-managed OAuth
(no ``auth_scheme``), or the team's own OAuth app, API key or token (``auth_scheme`` plus
``credentials``)::

    github = AuthConfig("github", toolkit="github")
    linear = AuthConfig(
        "linear",
        toolkit="linear",
        auth_scheme="API_KEY",
        credentials={"api_key": config.require_secret("linearApiKey")},
    )
    server = CustomMcpServer("support", toolkits=["github", "linear"],
                             auth_config_ids=[github.id, linear.id])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi.dynamic

from ..program_exit import exit_quietly_when_the_engine_stops
from ..registration import hidden_inputs, with_secret_outputs
from .provider import AuthConfigProvider

__all__ = ["AuthConfig", "AuthConfigArgs"]

_SECRET_OUTPUTS = ["credentials", "credentials_fingerprint"]


@dataclass
class AuthConfigArgs:
    """The inputs of an :class:`AuthConfig`; each may be a plain value or an ``Output``.

    ``toolkit``: the toolkit slug, such as ``"github"``; changing it replaces the config.
    ``name``: omitted, one is made from the resource name plus a suffix derived from the
    organization, project, stack and resource name, and kept (so an interrupted create is
    recognised, as for servers); changing it renames in place.
    ``auth_scheme``: unset means Composio-managed auth; set (``"API_KEY"``, ``"OAUTH2"``,
    ``"BEARER_TOKEN"``, ...) means the team's own ``credentials``. Switching between the
    two, or between schemes, replaces the config: Composio cannot switch it in place.
    ``credentials``: custom auth only, such as ``{"api_key": ...}`` or ``{"client_id": ...,
    "client_secret": ...}``; always secret. Composio never shows them again, so a change is
    detected against a salted, slow hash of what was last sent, never the value.
    ``scopes``: OAuth scopes; ``allowed_tools``: the only tools the config may execute
    (Composio's ``tool_access_config``); both are sets.
    ``enabled``: ``False`` disables the config (default ``True``).
    ``adopt_auth_config_id``: take over an existing config (say, one made in the dashboard)
    instead of creating one; its declared inputs are then applied to it.
    """

    toolkit: pulumi.Input[str]
    name: pulumi.Input[str] | None = None
    auth_scheme: pulumi.Input[str] | None = None
    credentials: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None
    scopes: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    allowed_tools: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None
    enabled: pulumi.Input[bool] | None = None
    adopt_auth_config_id: pulumi.Input[str] | None = None


class AuthConfig(pulumi.dynamic.Resource, module="composio", name="AuthConfig"):
    """A Composio auth config, created with ``POST /auth_configs``; its ``id`` is ``ac_...``.

    Name, credentials, scopes and tools change in place with one ``PATCH``; ``enabled``
    with ``PATCH /auth_configs/{id}/DISABLED`` (or ``ENABLED``). ``created_at`` is not in
    Composio's create answer; the first ``pulumi refresh`` fills it in.
    """

    toolkit: pulumi.Output[str]
    name: pulumi.Output[str]
    auth_scheme: pulumi.Output[str]
    """The scheme Composio uses; ``"OAUTH2"`` for Composio-managed OAuth."""
    is_composio_managed: pulumi.Output[bool]
    status: pulumi.Output[str]
    """``"ENABLED"`` or ``"DISABLED"``."""
    scopes: pulumi.Output[list[str]]
    allowed_tools: pulumi.Output[list[str]]
    enabled: pulumi.Output[bool]
    created_at: pulumi.Output[str | None]

    def __init__(
        self,
        resource_name: str,
        args: AuthConfigArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        *,
        toolkit: pulumi.Input[str] | None = None,
        name: pulumi.Input[str] | None = None,
        auth_scheme: pulumi.Input[str] | None = None,
        credentials: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None = None,
        scopes: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        allowed_tools: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        enabled: pulumi.Input[bool] | None = None,
        adopt_auth_config_id: pulumi.Input[str] | None = None,
    ) -> None:
        if args is None:
            args = AuthConfigArgs(
                toolkit=toolkit,  # type: ignore[arg-type]  # check() names it when missing
                name=name,
                auth_scheme=auth_scheme,
                credentials=credentials,
                scopes=scopes,
                allowed_tools=allowed_tools,
                enabled=enabled,
                adopt_auth_config_id=adopt_auth_config_id,
            )
        props: dict[str, Any] = {
            **vars(args),
            "credentials": None
            if args.credentials is None
            else pulumi.Output.secret(args.credentials),
            **hidden_inputs(resource_name, opts),
            "is_composio_managed": None,
            "status": None,
            "created_at": None,
            "credentials_fingerprint": None,
        }
        opts = with_secret_outputs(opts, _SECRET_OUTPUTS)
        exit_quietly_when_the_engine_stops()
        super().__init__(AuthConfigProvider(), resource_name, props, opts)

    @staticmethod
    def get(
        resource_name: str, id: pulumi.Input[str], opts: pulumi.ResourceOptions | None = None
    ) -> AuthConfig:
        """Read an existing auth config into the program, without managing it."""
        return AuthConfig(
            resource_name,
            AuthConfigArgs(toolkit=None),  # type: ignore[arg-type]
            opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id)),
        )
