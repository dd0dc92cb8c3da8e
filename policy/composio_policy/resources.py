"""Which resources are this provider's, and their inputs in one shape for both fronts.

The native plugin's resources carry their own type tokens (``composio:index:CustomMcpServer``).
The Python dynamic resources share the engine's dynamic provider, so their type is
``pulumi-python:dynamic/<module>:<name>``; ours declare ``module="composio"`` and their class
name (``pulumi-python:dynamic/composio:CustomMcpServer``), which no dynamic resource written
without that declaration has: the SDK's default is ``pulumi-python:dynamic:Resource``. The
serialized provider in ``__provider``, which names our class, would say it too, but the
engine strips ``__``-keys from what it sends a policy pack, so the type is what a pack sees.

Inputs come in the front's own names (``allowed_tools`` from Python, ``allowedTools`` from
the others); :class:`ComposioResource` holds them under the Python names and says each back
in the front's, so a message names what the user wrote. A value not known at preview (another
resource's output) is :data:`UNKNOWN`, at any depth.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from pulumi_policy.proxy import (
    UNKNOWN_ARCHIVE_VALUE,
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_ASSET_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
)

__all__ = ["UNKNOWN", "ComposioResource", "Unknown", "recognise"]

NATIVE_PREFIX: Final = "composio:index:"
DYNAMIC_PREFIX: Final = "pulumi-python:dynamic/composio:"

_SENTINELS: Final = frozenset(
    {
        UNKNOWN_ARCHIVE_VALUE,
        UNKNOWN_ARRAY_VALUE,
        UNKNOWN_ASSET_VALUE,
        UNKNOWN_BOOLEAN_VALUE,
        UNKNOWN_NUMBER_VALUE,
        UNKNOWN_OBJECT_VALUE,
        UNKNOWN_STRING_VALUE,
    }
)


class Unknown:
    """A value the engine does not know yet: at preview, another resource's output."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = Unknown()


@dataclass(frozen=True)
class ComposioResource:
    """One of this provider's resources: its kind (``CustomMcpServer``), logical name and
    inputs under the Python names; ``native`` when it came through the native plugin."""

    kind: str
    name: str
    inputs: Mapping[str, Any]
    native: bool

    @property
    def label(self) -> str:
        return f'{self.kind} "{self.name}"'

    def shown(self, python_name: str) -> str:
        """An input's name as the program wrote it: ``allowed_tools`` or ``allowedTools``."""
        if not self.native:
            return python_name
        head, *rest = python_name.split("_")
        return head + "".join(part.capitalize() for part in rest)

    def get(self, python_name: str) -> Any:
        return self.inputs.get(python_name)


def recognise(resource_type: str, name: str, props: Any) -> ComposioResource | None:
    """The resource as :class:`ComposioResource` when it is this provider's, else ``None``."""
    if resource_type.startswith(NATIVE_PREFIX):
        kind, native = resource_type.removeprefix(NATIVE_PREFIX), True
    elif resource_type.startswith(DYNAMIC_PREFIX):
        kind, native = resource_type.removeprefix(DYNAMIC_PREFIX), False
    else:
        return None
    inputs = plain(props)
    if not isinstance(inputs, dict):
        inputs = {}
    if native:
        inputs = {_snake(key): value for key, value in inputs.items()}
    return ComposioResource(kind=kind, name=name, inputs=inputs, native=native)


def plain(value: Any) -> Any:
    """``value`` as plain dicts and lists, with :data:`UNKNOWN` for what is not known yet.

    pulumi-policy hands a pack its inputs behind proxies that raise on an unknown value;
    their ``"__target"`` is what they wrap, so reading through it sees the unknowns
    instead of stopping at the first."""
    if isinstance(value, str):
        return UNKNOWN if value in _SENTINELS else value
    if isinstance(value, Mapping):
        target = value.get("__target", value)
        return {key: plain(item) for key, item in dict(target).items()}
    if isinstance(value, list | tuple) or _is_list_proxy(value):
        target = _list_target(value)
        return [plain(item) for item in target]
    return value


def _is_list_proxy(value: Any) -> bool:
    return type(value).__name__ == "_ListProxy"


def _list_target(value: Any) -> list[Any]:
    if isinstance(value, list | tuple):
        return list(value)
    return list(value["__target"])


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
