"""Manage Composio custom MCP servers as Pulumi resources.

``CustomMcpServer`` is what a Pulumi program declares; ``ComposioClient`` is the typed
HTTP client it runs on, usable on its own; the errors form one tree under
``ComposioError``.
"""

from .client import ComposioClient
from .errors import (
    AmbiguousCreateError,
    AuthenticationFailed,
    ComposioApiError,
    ComposioError,
    ComposioTransportError,
    ConfigurationError,
    DuplicateServerName,
    InvalidResponse,
    RateLimited,
    ServerNotFound,
    ServerSideError,
)
from .resource import CustomMcpServer, CustomMcpServerArgs

__all__ = [
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
    "RateLimited",
    "ServerNotFound",
    "ServerSideError",
]
