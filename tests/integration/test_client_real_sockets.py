"""The client's retry decisions against real sockets, not just mocked exceptions.

These check that the failures ``httpx`` really raises for a refused port, a peer that
hangs up after reading the request, and a peer that never answers land on the intended
side of the "was the create processed?" line.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator

import pytest

from pulumi_composio.api.client import ComposioClient, RetryPolicy
from pulumi_composio.api.models import CreateCustomServerRequest
from pulumi_composio.errors import AmbiguousCreateError, ComposioTransportError

REQUEST = CreateCustomServerRequest(name="support tools")

Behaviour = Callable[[socket.socket], None]


class RawServer:
    """A loopback TCP server that handles each connection with ``behaviour``."""

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.requests: list[bytes] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            with connection:
                self.requests.append(_read_request(connection))
                self.behaviour(connection)

    def close(self) -> None:
        self.listener.close()


def _read_request(connection: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next(
        (
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        ),
        0,
    )
    while len(body) < length:
        body += connection.recv(65536)
    return head


def hang_up(connection: socket.socket) -> None:
    connection.shutdown(socket.SHUT_RDWR)


def never_answer(connection: socket.socket) -> None:
    connection.recv(1)


@pytest.fixture
def raw_server() -> Iterator[Callable[[Behaviour], RawServer]]:
    servers: list[RawServer] = []

    def start(behaviour: Behaviour) -> RawServer:
        server = RawServer(behaviour)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def client_for(port: int, **timeout: float) -> ComposioClient:
    return ComposioClient(
        "sk-test-SECRET123",
        base_url=f"http://127.0.0.1:{port}",
        timeout=timeout.get("read", 5.0),
        retry=RetryPolicy(max_attempts=3, sleep=lambda _: None),
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_create_to_a_refused_port_is_retried_and_reported_as_unreachable():
    with client_for(free_port()) as client, pytest.raises(ComposioTransportError) as caught:
        client.create_custom_server(REQUEST)

    assert (caught.value.reason, caught.value.attempts) == ("ConnectError", 3)


def test_create_whose_connection_drops_after_sending_is_ambiguous_and_sent_once(raw_server):
    server = raw_server(hang_up)

    with client_for(server.port) as client, pytest.raises(AmbiguousCreateError) as caught:
        client.create_custom_server(REQUEST)

    assert len(server.requests) == 1
    assert caught.value.name == "support tools"


def test_create_without_an_answer_in_time_is_ambiguous_and_sent_once(raw_server):
    server = raw_server(never_answer)

    with client_for(server.port, read=0.3) as client, pytest.raises(AmbiguousCreateError) as caught:
        client.create_custom_server(REQUEST)

    assert len(server.requests) == 1
    assert "ReadTimeout" in str(caught.value)


def test_read_whose_connection_drops_is_retried(raw_server):
    server = raw_server(hang_up)

    with client_for(server.port) as client, pytest.raises(ComposioTransportError):
        client.get_server("srv-1")

    assert len(server.requests) == 3
