"""The SDK's own dynamic-provider host, loaded without starting its gRPC server.

``pulumi/dynamic/__main__.py`` is what the engine runs to serve Python dynamic resources;
it ends with a bare ``main()`` that serves forever, so it cannot simply be imported. This
loads the installed SDK's file with that one statement left out, so tests call the very
``DynamicResourceProviderServicer`` users run (its deserialization of unknowns, its
provider cache, its ``Check`` and ``Diff``) in-process.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

__all__ = ["load_dynamic_host"]


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
