"""A team's webhook receiver on this machine, for a stack's ``WebhookSubscription`` to point at,
and the check a receiver makes of each delivery.

The receiver is an ``http.server`` on a thread; each delivery's headers and raw body go onto a
queue, which a test reads with :meth:`Receiver.next_delivery`: the emulator's fire route answers
only once the receiver has answered, so the delivery is already there and nothing waits on a
clock. :func:`verifies` is the standard-webhooks check Composio signs for (HMAC-SHA256 of
``{webhook-id}.{webhook-timestamp}.{body}`` keyed with the secret), written from the scheme and
not from the emulator's signer; that ``composio`` 0.30's own ``triggers.verify_webhook`` accepts
the same deliveries is the integration suite's ``deliveries`` flow.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["Delivery", "Receiver", "receiving", "verifies"]

PATH = "/composio/events"


@dataclass(frozen=True)
class Delivery:
    """One request the receiver got: its path, headers (lower-cased names) and raw body."""

    path: str
    headers: dict[str, str]
    body: str


@dataclass(frozen=True)
class Receiver:
    url: str
    """``http://localhost:PORT/composio/events``: what the subscription's ``webhook_url`` is."""
    deliveries: queue.Queue[Delivery]

    def next_delivery(self) -> Delivery:
        """The oldest delivery not read yet; fails at once when there is none."""
        try:
            return self.deliveries.get_nowait()
        except queue.Empty:
            raise AssertionError("the receiver got no delivery") from None


@contextmanager
def receiving() -> Iterator[Receiver]:
    """A receiver on a free loopback port for as long as the block lasts; it answers 204."""
    deliveries: queue.Queue[Delivery] = queue.Queue()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"])).decode()
            headers = {name.lower(): value for name, value in self.headers.items()}
            deliveries.put(Delivery(self.path, headers, body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Receiver(f"http://localhost:{server.server_address[1]}{PATH}", deliveries)
    finally:
        server.shutdown()
        server.server_close()


def verifies(delivery: Delivery, secret: str) -> bool:
    """Whether ``delivery`` carries a ``v1`` signature made with ``secret``."""
    headers = delivery.headers
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.{delivery.body}"
    digest = hmac.new(secret.encode(), signed.encode(), hashlib.sha256).digest()
    expected = base64.b64encode(digest).decode()
    given = [
        part.removeprefix("v1,") for part in headers["webhook-signature"].split() if "," in part
    ]
    return any(hmac.compare_digest(expected, signature) for signature in given)
