"""Warnings for the user, sent to the engine that started this plugin process.

The engine starts every plugin with its own address as an argument and serves ``Log`` there;
what a plugin logs shows under the resource (or, without a URN, under the stack) as a
program's ``pulumi.log.warn`` would. The native plugin is given the address by its ``main``;
a dynamic provider runs inside the SDK's ``python -m pulumi.dynamic`` server, whose
arguments are the engine's, so :func:`dynamic_provider_engine_log` finds it there.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from functools import cache

import grpc
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc

__all__ = ["EngineLog", "dynamic_provider_engine_log"]


class EngineLog:
    """Warnings shown to the user through the engine at ``engine_address``."""

    def __init__(self, engine_address: str) -> None:
        self._channel = grpc.insecure_channel(engine_address)
        self._engine = engine_pb2_grpc.EngineStub(self._channel)

    def warn(self, urn: str, message: str) -> None:
        request = engine_pb2.LogRequest(severity=engine_pb2.WARNING, message=message, urn=urn)
        # A warning the engine cannot take is not worth failing an operation for.
        with contextlib.suppress(grpc.RpcError):
            self._engine.Log(request, timeout=10)


@cache
def dynamic_provider_engine_log() -> EngineLog | None:
    """The engine of this dynamic-provider process, or ``None`` anywhere else (a test, a
    program): the first argument that is no flag, as the engine passes it."""
    if not hasattr(sys.modules.get("__main__"), "DynamicResourceProviderServicer"):
        return None
    address = _engine_address(sys.argv[1:])
    return EngineLog(address) if address else None


def _engine_address(arguments: Sequence[str]) -> str | None:
    return next((a for a in arguments if not a.startswith("-") and ":" in a), None)
