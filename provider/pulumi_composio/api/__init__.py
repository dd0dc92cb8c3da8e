"""The Composio HTTP client: one request core (retries, decoding, errors) with an endpoint
group per API area, the API's shapes (:mod:`.models`) and where the key and base URL come
from (:mod:`.settings`).

Nothing here imports ``pulumi``: the client is usable on its own, and both provider fronts
(the dynamic resources and the native plugin) stand on it.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .client import ComposioClient

__all__ = ["ComposioClient"]


def __getattr__(name: str) -> object:
    """``ComposioClient`` on first use, so :mod:`.settings` and :mod:`.models` load without
    httpx (the native plugin answers ``GetSchema`` before it needs a client)."""
    if name == "ComposioClient":
        from .client import ComposioClient

        return ComposioClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
