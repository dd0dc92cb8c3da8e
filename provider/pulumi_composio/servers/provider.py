"""The dynamic resource provider behind :class:`~pulumi_composio.CustomMcpServer`.

Pulumi pickles this object (with dill) into every resource's state and unpickles it in the
``pulumi-resource-pulumi-python`` plugin process. It is pickled by reference to this
installed module and carries no attributes at that point: the API key and the HTTP client
exist only in the plugin process, made in :meth:`configure`.

The class is a shell around :class:`~._service.ServerService`, which ``configure`` imports.
A Pulumi program imports this module only to name the provider, so it never loads httpx
and pydantic; that saves every ``pulumi preview`` and ``up`` about 0.15 s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pulumi.dynamic import (
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

if TYPE_CHECKING:
    from ._service import ServerService

__all__ = ["CustomMcpServerProvider"]


class CustomMcpServerProvider(ResourceProvider):
    """Composio custom MCP servers as a Pulumi dynamic provider."""

    serialize_as_secret_always = False
    """Nothing secret is captured when this provider is pickled, so its serialized form
    need not be encrypted in state (which also keeps state small and diffs readable)."""

    _service: ServerService

    def configure(self, req: ConfigureRequest) -> None:
        from ._service import ServerService

        self._service = ServerService(req.config)

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        return self._service.check(_olds, news)

    def diff(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> DiffResult:
        return self._service.diff(_id, _olds, _news)

    def create(self, props: dict[str, Any]) -> CreateResult:
        return self._service.create(props)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return self._service.read(id_, props)

    def update(self, _id: str, _olds: dict[str, Any], _news: dict[str, Any]) -> UpdateResult:
        return self._service.update(_id, _olds, _news)

    def delete(self, _id: str, _props: dict[str, Any]) -> None:
        self._service.delete(_id, _props)
