"""The SDK's own dynamic-provider host, loaded without starting its gRPC server.

``pulumi/dynamic/__main__.py`` is what the engine runs to serve Python dynamic resources;
it ends with a bare ``main()`` that serves forever, so it cannot simply be imported. This
loads the installed SDK's file with that one statement left out, so tests call the very
``DynamicResourceProviderServicer`` users run (its deserialization of unknowns, its
provider cache, its ``Check`` and ``Diff``) in-process. :class:`Engine` calls it with
requests built as the engine builds them.
"""

from __future__ import annotations

import ast
import asyncio
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from google.protobuf import struct_pb2
from pulumi.dynamic import ResourceProvider
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime import proto, rpc

__all__ = ["Engine", "Props", "load_dynamic_host", "wire"]

Props = dict[str, Any]


def load_dynamic_host() -> ModuleType:
    spec = importlib.util.find_spec("pulumi.dynamic.__main__")
    assert spec is not None
    assert spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(), spec.origin)
    tree.body = [node for node in tree.body if not _is_call_to_main(node)]
    module = ModuleType("pulumi_dynamic_host")
    module.__file__ = spec.origin
    exec(compile(tree, spec.origin, "exec"), module.__dict__)  # noqa: S102 - the SDK's own file
    return module


def _is_call_to_main(node: Any) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
        and node.value.func.id == "main"
    )


def wire(props: Props) -> struct_pb2.Struct:
    """``props`` as the program's SDK sends them to the engine."""
    loop = asyncio.get_event_loop()
    return loop.run_until_complete(rpc.serialize_properties(props, {}))


class Engine:
    """Calls the SDK's dynamic-provider host the way the engine does, and fails the test
    when the host aborts (a provider exception)."""

    class Aborted(Exception):
        pass

    class Context:
        def abort(self, code: object, details: str) -> None:
            raise Engine.Aborted(details)

    def __init__(self, provider: ResourceProvider) -> None:
        self.host = load_dynamic_host().DynamicResourceProviderServicer()
        self.provider = serialize_provider(provider)

    def check(self, news: Props, olds: Props | None = None) -> proto.CheckResponse:
        request = proto.CheckRequest(
            urn="urn:pulumi:test::unit::pulumi-python:dynamic:Resource::r",
            olds=wire({**(olds or {}), "__provider": self.provider} if olds else {}),
            news=wire({**news, "__provider": self.provider}),
        )
        return self.host.Check(request, Engine.Context())

    def diff(self, olds: Props, news: Props) -> proto.DiffResponse:
        request = proto.DiffRequest(
            id="id-1",
            urn="urn:pulumi:test::unit::pulumi-python:dynamic:Resource::r",
            olds=wire({**olds, "__provider": self.provider}),
            news=wire({**news, "__provider": self.provider}),
        )
        return self.host.Diff(request, Engine.Context())
