"""A native resource provider plugin that does nothing but wait: the native one-call floor.

It serves the same package and type token as the real plugin (``composio``,
``composio:index:CustomMcpServer``), so the benchmark's YAML program runs unchanged against
either; which one the engine starts is decided by which ``pulumi-resource-composio`` comes
first on ``PATH`` (:func:`write_launcher` makes one that starts this module). ``create``,
``read``, ``update`` and ``delete`` each sleep one API round trip
(``BENCH_NATIVE_FLOOR_LATENCY_MS``) and return the inputs as outputs; ``check`` and ``diff``
answer at once, so a no-change preview costs only the engine.

Unlike the dynamic one-call floor (:mod:`one_call`), it sleeps instead of calling an
emulator: the native front's question is how close a plugin serving every call the engine
sends at once comes to the ideal, and an ``asyncio.sleep`` is that ideal (no client, no
connection pool, no emulator CPU), so the ratio against it also shows what the real
plugin's HTTP work costs. It is built on ``pulumi.provider.experimental`` (async gRPC),
the interface the real plugin may also use, so both pay the same SDK start-up.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid
from pathlib import Path

from pulumi.provider.experimental.provider import (
    CheckRequest,
    CheckResponse,
    CreateRequest,
    CreateResponse,
    DeleteRequest,
    DiffRequest,
    DiffResponse,
    GetSchemaRequest,
    GetSchemaResponse,
    Provider,
    ReadRequest,
    ReadResponse,
    UpdateRequest,
    UpdateResponse,
)
from pulumi.provider.experimental.server import main

LATENCY_VARIABLE = "BENCH_NATIVE_FLOOR_LATENCY_MS"
PLUGIN_NAME = "pulumi-resource-composio"
VERSION = "0.0.1"
_STRINGS = {"type": "array", "items": {"type": "string"}}
SCHEMA = {
    "name": "composio",
    "version": VERSION,
    "resources": {
        "composio:index:CustomMcpServer": {
            "description": "The benchmark's stand-in: waits one round trip per operation.",
            "inputProperties": {"toolkits": _STRINGS, "allowedTools": _STRINGS},
            "properties": {"toolkits": _STRINGS, "allowedTools": _STRINGS},
        }
    },
}
"""Only what the benchmark's program declares: pulumi-yaml checks a program's properties
against the schema before it registers anything."""


class NativeFloorProvider(Provider):
    """Every operation the engine sends is served at once, each after one round trip."""

    def __init__(self, latency_s: float) -> None:
        self.latency_s = latency_s

    async def get_schema(self, request: GetSchemaRequest) -> GetSchemaResponse:
        return GetSchemaResponse(schema=json.dumps(SCHEMA))

    async def check(self, request: CheckRequest) -> CheckResponse:
        return CheckResponse(inputs=request.new_inputs)

    async def diff(self, request: DiffRequest) -> DiffResponse:
        """Changed top-level properties only (the outputs are the inputs), so a no-change
        preview shows no change."""
        olds, news = request.old_state, request.new_inputs
        changed = sorted(key for key in set(olds) | set(news) if olds.get(key) != news.get(key))
        return DiffResponse(changes=bool(changed), diffs=changed)

    async def create(self, request: CreateRequest) -> CreateResponse:
        if not request.preview:
            await asyncio.sleep(self.latency_s)
        return CreateResponse(resource_id=uuid.uuid4().hex, properties=request.properties)

    async def read(self, request: ReadRequest) -> ReadResponse:
        await asyncio.sleep(self.latency_s)
        return ReadResponse(request.resource_id, request.properties, request.inputs)

    async def update(self, request: UpdateRequest) -> UpdateResponse:
        if not request.preview:
            await asyncio.sleep(self.latency_s)
        return UpdateResponse(properties=request.news)

    async def delete(self, request: DeleteRequest) -> None:
        await asyncio.sleep(self.latency_s)


def write_launcher(folder: Path, python: str = sys.executable) -> Path:
    """An executable ``pulumi-resource-composio`` in ``folder`` that starts this plugin with
    ``python`` (one with the ``pulumi`` SDK); put ``folder`` first on ``PATH``."""
    folder.mkdir(parents=True, exist_ok=True)
    launcher = folder / PLUGIN_NAME
    launcher.write_text(f'#!/bin/sh\nexec "{python}" "{Path(__file__).resolve()}" "$@"\n')
    launcher.chmod(0o755)
    return launcher


if __name__ == "__main__":
    latency_ms = float(os.environ.get(LATENCY_VARIABLE, "0"))
    main(sys.argv[1:], VERSION, NativeFloorProvider(latency_ms / 1000))
