"""What Composio has deprecated in a server's inputs, said by both fronts.

Its own module, free of the API models, since a Python program imports it with the resource
class and the native plugin's declaration imports it too.
"""

from __future__ import annotations

from typing import Final

__all__ = ["CUSTOM_TOOLS_DEPRECATED"]

CUSTOM_TOOLS_DEPRECATED: Final = (
    "custom_tools is deprecated by Composio: use allowed_tools instead "
    "(the tools are merged into allowed_tools)"
)
"""The warning a program that declares ``custom_tools`` gets, from either front."""
