"""The Composio HTTP client: one request core (retries, decoding, errors) with an endpoint
group per API area, the API's shapes (:mod:`.models`) and where the key and base URL come
from (:mod:`.settings`).

Nothing here imports ``pulumi``: the client is usable on its own, and both provider fronts
(the dynamic resources and the native plugin) stand on it.
"""

from .client import ComposioClient

__all__ = ["ComposioClient"]
