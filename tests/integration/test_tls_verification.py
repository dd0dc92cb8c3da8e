"""TLS certificates are verified by default: a self-signed server is refused, not trusted.

The server is a real TLS listener on loopback with a certificate made by ``openssl`` for
this test, so the refusal comes from the client's verification and nothing else.
"""

from __future__ import annotations

import http.server
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from pulumi_composio import ComposioClient, ComposioTransportError
from pulumi_composio.api.client import NO_RETRY

KEY = "sk-tls-0123456789-SECRET"


class _Answers200(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def self_signed_server(tmp_path: Path) -> Iterator[str]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    server = http.server.HTTPServer(("127.0.0.1", 0), _Answers200)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_self_signed_certificate_is_refused(self_signed_server: str):
    with (
        ComposioClient(KEY, base_url=self_signed_server, retry=NO_RETRY) as client,
        pytest.raises(ComposioTransportError) as refused,
    ):
        client.get_server("srv-1")

    assert "CERTIFICATE_VERIFY_FAILED" in str(refused.value)
    assert KEY not in str(refused.value)
