"""Endpoint groups on Composio's v3.1 routes, beside the client's own prefix (``/api/v3``).

Composio serves triggers, the webhook subscription and custom toolkits under ``/api/v3.1``
(custom toolkits only there), which is where ``composio-client`` 2.0.0rc19 sends them; the
v3.1 subscription answers also carry the signing secret whole, where v3's reads mask it.
Such a group sends absolute URLs under :func:`v3_1_root`, through the same request core.
"""

from __future__ import annotations

from ._requests import EndpointGroup, RequestSender

__all__ = ["V31EndpointGroup", "v3_1_root"]


def v3_1_root(origin: str, prefix: str) -> str:
    """Where v3.1 routes are for a client at ``origin`` with ``prefix``: ``/api/v3.1`` beside
    ``/api/v3``; any other prefix (a test's or a proxy's) is kept as it is."""
    if prefix.rstrip("/").endswith("/api/v3"):
        return origin + prefix.rstrip("/") + ".1"
    return origin + prefix


class V31EndpointGroup(EndpointGroup):
    """An endpoint group whose paths are under Composio's v3.1 API."""

    def __init__(self, requests: RequestSender, root: str) -> None:
        super().__init__(requests)
        self._root = root.rstrip("/")

    def _url(self, path: str) -> str:
        return self._root + path
