"""The native plugin's gRPC server started in this test process, and a stub calling it as the
engine does; the unit and integration tests of the plugin share it."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import grpc
from pulumi.runtime import proto
from pulumi.runtime.proto import provider_pb2_grpc

from pulumi_composio.native.server import serve

__all__ = ["served_plugin"]


@contextlib.contextmanager
def served_plugin(configure: proto.ConfigureRequest) -> Iterator[Any]:
    """A ``ResourceProvider`` stub on a plugin server running on a thread of its own, already
    configured with ``configure``; the server stops when the block ends."""
    ready = threading.Event()
    port: list[int] = []
    loop = asyncio.new_event_loop()

    def run() -> None:
        def started(number: int) -> None:
            port.append(number)
            ready.set()

        asyncio.set_event_loop(loop)
        with contextlib.suppress(asyncio.CancelledError):
            loop.run_until_complete(serve(started))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(30), "the plugin's server did not start"
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port[0]}") as channel:
            client = provider_pb2_grpc.ResourceProviderStub(channel)
            client.Configure(configure)
            yield client
    finally:
        for task in asyncio.all_tasks(loop):
            loop.call_soon_threadsafe(task.cancel)
        thread.join(30)
