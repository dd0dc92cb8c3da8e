"""The plugin process: a gRPC server the engine starts as ``pulumi-resource-composio``.

The engine starts the executable with its own address as the argument, reads the port the
plugin prints on stdout, and sends it up to ``--parallel`` operations at once. The server
is ``grpc.aio``: its event loop takes every request as it comes, so nothing here caps how
many run at once (the dynamic-provider host serves 4). The services underneath are
synchronous (one shared ``httpx.Client``, its connection pool and its 429 handling), so
each operation runs on a thread of one pool; threads are made as operations arrive, so
the pool grows to the engine's parallelism and no further. :data:`MAX_WORKERS` only guards
against a runaway engine.

An error the user can cause (a :class:`~pulumi_composio.errors.ComposioError`: an API answer,
a name taken, a missing key) reaches the engine as its one-line message, in the program's
property names; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import os
import sys
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any, TypeVar

import grpc
import grpc.aio
from pulumi.runtime import proto
from pulumi.runtime.proto import provider_pb2_grpc

from ..core.engine_log import EngineLog
from ..errors import ComposioError
from .imports import ImportIdError
from .listings import NotListable
from .provider import (
    CheckFailed,
    InitFailed,
    NativeProvider,
    RunCancelled,
    UnknownFunction,
    UnknownResourceType,
)

__all__ = ["MAX_WORKERS", "ProviderServicer", "main", "serve"]

MAX_WORKERS = int(os.environ.get("PULUMI_COMPOSIO_MAX_WORKERS") or 256)
"""At most this many operations run at once; more wait for a thread. Far above any
``--parallel`` a run of this provider needs (the API's rate limit binds first)."""

RequestT = TypeVar("RequestT")
ResponseT = TypeVar("ResponseT")
_EXPECTED = (
    ComposioError,
    CheckFailed,
    UnknownResourceType,
    UnknownFunction,
    ImportIdError,
    NotListable,
    RunCancelled,
)


def _forwarded(operation: str) -> Callable[..., Awaitable[Any]]:
    """The handler of one RPC: the :class:`NativeProvider` method ``operation``, run on a
    worker thread by :meth:`ProviderServicer._run`."""

    async def handle(servicer: ProviderServicer, request: Any, context: Any) -> Any:
        return await servicer._run(context, getattr(servicer._provider, operation), request)

    return handle


class ProviderServicer(provider_pb2_grpc.ResourceProviderServicer):
    """The engine's ``ResourceProvider`` service, each call on a worker thread."""

    def __init__(self, provider: NativeProvider, pool: concurrent.futures.Executor) -> None:
        self._provider = provider
        self._pool = pool

    async def _run(
        self,
        context: grpc.aio.ServicerContext,
        operation: Callable[[RequestT], ResponseT],
        request: RequestT,
    ) -> ResponseT:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._pool, operation, request)
        except InitFailed as failed:
            await context.abort(
                grpc.StatusCode.UNKNOWN, str(failed), trailing_metadata=_status_details(failed)
            )
        except _EXPECTED as error:
            urn, token = getattr(request, "urn", ""), getattr(request, "tok", "")
            await context.abort(
                grpc.StatusCode.UNKNOWN, self._provider.in_wire_words(urn, str(error), token)
            )
        except Exception:  # noqa: BLE001 - a bug: the engine shows its traceback
            await context.abort(grpc.StatusCode.INTERNAL, traceback.format_exc())
        raise AssertionError("unreachable: context.abort raises")

    async def GetPluginInfo(self, request: Any, context: Any) -> proto.PluginInfo:
        return self._provider.get_plugin_info()

    GetSchema = _forwarded("get_schema")
    CheckConfig = _forwarded("check_config")
    DiffConfig = _forwarded("diff_config")
    Configure = _forwarded("configure")
    Check = _forwarded("check")
    Diff = _forwarded("diff")
    Create = _forwarded("create")
    Read = _forwarded("read")
    Update = _forwarded("update")
    Delete = _forwarded("delete")
    Invoke = _forwarded("invoke")
    Cancel = _forwarded("cancel")

    async def List(self, request: Any, context: Any) -> AsyncIterator[Any]:
        """The engine's streaming ``List``: one page, read whole on a worker thread, then
        streamed."""
        for response in await self._run(context, self._provider.list_resources, request):
            yield response


def _status_details(failed: InitFailed) -> tuple[tuple[str, bytes], ...]:
    """The ``ErrorResourceInitFailed`` detail as gRPC carries rich errors, for the engine to
    record the object. A ``pulumi`` SDK too old to have ``status_pb2`` sends the message alone,
    and the object is then taken back by the next create, as after a Python program's."""
    try:
        from pulumi.runtime.proto import status_pb2
    except ImportError:  # pragma: no cover - pulumi SDKs before 3.1xx
        return ()
    status = status_pb2.Status(code=grpc.StatusCode.UNKNOWN.value[0], message=str(failed))
    status.details.add().Pack(failed.detail)
    return (("grpc-status-details-bin", status.SerializeToString()),)


async def serve(
    port_out: Callable[[int], None] | None = None, engine_address: str | None = None
) -> None:
    """Serve until the engine stops the process; ``port_out`` receives the port."""
    warn = EngineLog(engine_address).warn if engine_address else None
    with concurrent.futures.ThreadPoolExecutor(
        max_workers=MAX_WORKERS, thread_name_prefix="composio-op"
    ) as pool:
        server = grpc.aio.server(
            options=[("grpc.max_receive_message_length", 1 << 30)],
        )
        provider_pb2_grpc.add_ResourceProviderServicer_to_server(
            ProviderServicer(NativeProvider(warn), pool), server
        )
        port = server.add_insecure_port("127.0.0.1:0")
        await server.start()
        (port_out or _print_port)(port)
        await server.wait_for_termination()


def main(argv: Sequence[str] | None = None) -> None:
    """The ``pulumi-resource-composio`` executable."""
    parser = argparse.ArgumentParser(
        prog="pulumi-resource-composio",
        description="The Pulumi resource provider plugin for Composio (started by the engine).",
    )
    parser.add_argument("engine", nargs="?", help="the engine's address, for warnings")
    parser.add_argument("--logtostderr", action="store_true", help="ignored")
    parser.add_argument("--logflow", action="store_true", help="ignored")
    parser.add_argument("-v", dest="verbosity", default=None, help="ignored")
    parser.add_argument("--tracing", default=None, help="ignored")
    known, _ = parser.parse_known_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(engine_address=known.engine))


def _print_port(port: int) -> None:
    sys.stdout.write(f"{port}\n")
    sys.stdout.flush()
