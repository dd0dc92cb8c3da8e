"""Where :class:`CustomMcpServerProvider` lived before each resource had its own home.

Stacks created by earlier versions hold a provider pickled by reference to this module;
``pulumi refresh`` and ``pulumi destroy`` unpickle it from state, so the name must keep
resolving.
"""

from .servers.provider import CustomMcpServerProvider

__all__ = ["CustomMcpServerProvider"]
