"""The dynamic-provider class every resource's provider is: a shell around a service.

Pulumi pickles a provider object (with dill) into every resource's state and unpickles it
in the ``pulumi-resource-pulumi-python`` plugin process. Each resource's provider class
lives in an installed module, so it is pickled by reference, and carries no attributes at
that point: the API key, the HTTP client and every cache exist only in the plugin process,
in the service that :meth:`DynamicProvider.configure` builds there.

A Pulumi program imports these classes only to name them, so the service module (httpx,
pydantic) is imported in ``configure``, never by the program, which keeps the program's
start-up (paid by every ``preview``) free of them.
"""

from __future__ import annotations

import importlib
from typing import Any, ClassVar, Protocol

from pulumi.dynamic import (
    CheckResult,
    Config,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

__all__ = ["DynamicProvider", "ResourceService"]


class ResourceService(Protocol):
    """What a resource's service does for each provider operation, in the plugin process."""

    def __init__(self, config: Config) -> None: ...
    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult: ...
    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult: ...
    def create(self, props: dict[str, Any]) -> CreateResult: ...
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult: ...
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult: ...
    def delete(self, id_: str, props: dict[str, Any]) -> None: ...


class DynamicProvider(ResourceProvider):
    """A dynamic provider whose operations are those of the service named by ``service``."""

    service: ClassVar[str]
    """``"module:Class"`` of the :class:`ResourceService`, imported in the plugin process."""

    serialize_as_secret_always = False
    """Nothing secret is captured when a provider is pickled, so its serialized form need
    not be encrypted in state (which also keeps state small and diffs readable)."""

    _service: ResourceService

    def configure(self, req: ConfigureRequest) -> None:
        module, _, name = self.service.partition(":")
        self._service = getattr(importlib.import_module(module), name)(req.config)

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return self._service.check(olds, news)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        return self._service.diff(id_, olds, news)

    def create(self, props: dict[str, Any]) -> CreateResult:
        return self._service.create(props)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return self._service.read(id_, props)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return self._service.update(id_, olds, news)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        self._service.delete(id_, props)
