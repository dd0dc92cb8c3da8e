"""The dynamic-provider class every resource's provider is: a shell around a service.

Pulumi pickles a provider object (with dill) into every resource's state and unpickles it
in the ``pulumi-resource-pulumi-python`` plugin process. Each resource's provider class
lives in an installed module, so it is pickled by reference, and carries no attributes at
that point: the API key, the HTTP client and every cache exist only in the plugin process,
in the service that :meth:`DynamicProvider.configure` builds there.

A Pulumi program imports these classes only to name them, so the service module (httpx,
pydantic) is imported in ``configure``, never by the program; that keeps every ``pulumi
preview`` about 0.15 s faster.
"""

from __future__ import annotations

import importlib
from typing import Any, ClassVar, Protocol

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    Config,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from .engine_log import dynamic_provider_engine_log
from .operations import Changes, Checked, Found

__all__ = ["DynamicProvider", "ResourceService", "check_and_ask"]


class ResourceService(Protocol):
    """What a resource's service does for each provider operation, in the plugin process,
    in front-neutral results (see :mod:`.operations`) that each front translates."""

    def __init__(self, config: Config) -> None: ...
    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> Checked: ...
    def asked(self, olds: dict[str, Any], inputs: dict[str, Any]) -> Checked: ...
    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> Changes: ...
    def create(self, props: dict[str, Any]) -> Found: ...
    def read(self, id_: str, props: dict[str, Any]) -> Found: ...
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]: ...
    def delete(self, id_: str, props: dict[str, Any]) -> None: ...


def check_and_ask(service: ResourceService, olds: dict[str, Any], news: dict[str, Any]) -> Checked:
    """The service's check, then, for valid inputs, what it asks Composio, in one result."""
    checked = service.check(olds, news)
    if checked.problems:
        return checked
    asked = service.asked(olds, checked.inputs)
    return Checked(asked.inputs, asked.problems, checked.warnings + asked.warnings)


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
        """The service's check, then, for valid inputs, what it asks Composio: a dynamic
        provider cannot tell a preview from an apply, so it asks in every check (the apply
        of ``pulumi up`` trusts what its preview confirmed: :mod:`.confirmed_slugs`).
        Warnings go to the engine without a URN, which the dynamic host does not pass to
        ``check``.

        Failures name no property: given one, the engine prints ``property allowed_tools value
        {[{GITHUB_CREATE_ISSU}]} has a problem:`` before the reason, which already starts with
        the property and says the fix (and a value may hold a credential)."""
        checked = check_and_ask(self._service, olds, news)
        engine = dynamic_provider_engine_log() if checked.warnings else None
        if engine is not None:
            for warning in checked.warnings:
                engine.warn("", warning)
        failures = [CheckFailure("", p.reason) for p in checked.problems]
        return CheckResult(checked.inputs, failures)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        """Whether anything changes and what forces a replacement: a dynamic provider
        cannot report per-property diffs (the native plugin does)."""
        changes = self._service.diff(id_, olds, news)
        return DiffResult(
            changes=bool(changes.changed),
            replaces=list(changes.replaces),
            delete_before_replace=changes.delete_before_replace,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        created = self._service.create(props)
        return CreateResult(created.id, created.outputs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        found = self._service.read(id_, props)
        return ReadResult(found.id, found.outputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(self._service.update(id_, olds, news))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        self._service.delete(id_, props)
