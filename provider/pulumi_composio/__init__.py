"""Manage Composio custom MCP servers as Pulumi resources.

``CustomMcpServer`` is what a Pulumi program declares; ``ComposioClient`` is the typed
HTTP client it runs on, usable on its own; the errors form one tree under
``ComposioError``.

Importing the package is cheap on purpose: a Pulumi program needs only the resource, so
:class:`ComposioClient` (httpx, pydantic) loads on first use.
"""

from typing import TYPE_CHECKING

from .errors import (
    AdoptionFailed,
    AmbiguousCreateError,
    AuthenticationFailed,
    ComposioApiError,
    ComposioError,
    ComposioTransportError,
    ConfigurationError,
    DuplicateServerName,
    InvalidResponse,
    NameTaken,
    RateLimited,
    ServerNotFound,
    ServerSideError,
)
from .servers import CustomMcpServer, CustomMcpServerArgs

if TYPE_CHECKING:
    from .client import ComposioClient

    __version__: str
    """This distribution's version, from its installed metadata (read on first use)."""

__all__ = [
    "AdoptionFailed",
    "AmbiguousCreateError",
    "AuthenticationFailed",
    "ComposioApiError",
    "ComposioClient",
    "ComposioError",
    "ComposioTransportError",
    "ConfigurationError",
    "CustomMcpServer",
    "CustomMcpServerArgs",
    "DuplicateServerName",
    "InvalidResponse",
    "NameTaken",
    "RateLimited",
    "ServerNotFound",
    "ServerSideError",
]


def __getattr__(name: str) -> object:
    if name == "__version__":
        from importlib.metadata import version

        return version("pulumi-composio")
    if name == "ComposioClient":
        from .client import ComposioClient

        return ComposioClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
