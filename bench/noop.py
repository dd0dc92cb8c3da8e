"""A dynamic resource whose provider does nothing: the engine floor of the benchmark.

Everything a ``CustomMcpServer`` costs that is not the provider's own work (the CLI, the
language host, the dynamic-provider plugin start-up, gRPC round trips, dill, checkpoints)
is paid by this resource too. Its provider returns at once from every method, so the time
a stack of these takes is the least any Python dynamic provider can cost.

The module is importable (the bench puts its folder on ``PYTHONPATH``) so that dill pickles
the provider by reference, as it pickles the installed ``CustomMcpServerProvider``: both
variants then carry a serialized provider of the same kind in every resource's state.
"""

from __future__ import annotations

import uuid
from typing import Any

import pulumi
from pulumi.dynamic import (
    CreateResult,
    DiffResult,
    ReadResult,
    Resource,
    ResourceProvider,
    UpdateResult,
)

_PROVIDER_KEY = "__provider"


class NoopProvider(ResourceProvider):
    """Create, read, update and delete that return immediately with the inputs as outputs."""

    serialize_as_secret_always = False
    """Same choice as the real provider, so that state sizes stay comparable."""

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        """A property-by-property comparison, so that a no-change preview shows no change."""
        changed = [
            key
            for key in sorted(set(_olds) | set(_news))
            if key != _PROVIDER_KEY and _olds.get(key) != _news.get(key)
        ]
        return DiffResult(changes=bool(changed), replaces=[], delete_before_replace=False)

    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(uuid.uuid4().hex, props)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_, props)

    def update(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(_news)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        return None


class NoopResource(Resource, module="bench", name="Noop"):
    """A resource with the same inputs as a ``CustomMcpServer`` and no API behind it."""

    def __init__(
        self,
        resource_name: str,
        props: dict[str, Any],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(NoopProvider(), resource_name, props, opts)
