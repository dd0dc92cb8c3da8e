"""Manage a whole Composio MCP setup as Pulumi resources.

What a Pulumi program declares: ``AuthConfig`` (how a toolkit authenticates),
``CustomMcpServer`` (one server exposing several toolkits) and ``McpServerUserUrl`` (the
URL one user connects with). ``ComposioClient`` is the typed HTTP client they run on,
usable on its own; the errors form one tree under ``ComposioError``.

Importing the package is cheap on purpose: a Pulumi program needs only the resources, so
:class:`ComposioClient` (httpx, pydantic) loads on first use.
"""

from typing import TYPE_CHECKING

from .auth_configs import AuthConfig, AuthConfigArgs
from .errors import (
    AdoptionFailed,
    AmbiguousCreateError,
    AuthenticationFailed,
    ComposioApiError,
    ComposioError,
    ComposioTransportError,
    ConfigurationError,
    DuplicateName,
    DuplicateServerName,
    InvalidResponse,
    NameTaken,
    NotFound,
    RateLimited,
    ServerNotFound,
    ServerSideError,
)
from .servers import CustomMcpServer, CustomMcpServerArgs
from .user_urls import McpServerUserUrl, McpServerUserUrlArgs

if TYPE_CHECKING:
    from .api.client import ComposioClient

    __version__: str
    """This distribution's version, from its installed metadata (read on first use)."""

__all__ = [
    "AdoptionFailed",
    "AmbiguousCreateError",
    "AuthConfig",
    "AuthConfigArgs",
    "AuthenticationFailed",
    "ComposioApiError",
    "ComposioClient",
    "ComposioError",
    "ComposioTransportError",
    "ConfigurationError",
    "CustomMcpServer",
    "CustomMcpServerArgs",
    "DuplicateName",
    "DuplicateServerName",
    "InvalidResponse",
    "McpServerUserUrl",
    "McpServerUserUrlArgs",
    "NameTaken",
    "NotFound",
    "RateLimited",
    "ServerNotFound",
    "ServerSideError",
]


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib.metadata import version

        return version("pulumi-composio")
    if name == "ComposioClient":
        from .api.client import ComposioClient

        return ComposioClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
