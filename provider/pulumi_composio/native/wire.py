"""Property values between the engine's wire form (protobuf ``Struct``) and the services.

The services and their input rules take what a dynamic provider takes: plain Python values,
with a value the engine does not know yet (at preview) as a :class:`pulumi.output.Unknown`
at any depth, and secrets already unwrapped (see
:func:`pulumi_composio.core.input_rules.is_unknown`).
:func:`decode` gives them exactly that, and says which top-level properties held a secret
anywhere inside, so :func:`encode` can hand them back to the engine still secret.

Written here rather than borrowed from ``pulumi.runtime.rpc``: its deserializer keeps an
unknown inside a secret only during a program's dry run (a process-wide setting the plugin
never has), and its serializer is a coroutine bound to the program's settings. These are a
few lines of plain recursion with no global state, safe on any worker thread.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from google.protobuf import struct_pb2
from pulumi.output import UNKNOWN as UNKNOWN_VALUE
from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN, is_rpc_secret, unwrap_rpc_secret

__all__ = ["SECRET_SIG", "SIG_KEY", "Decoded", "decode", "encode", "secret"]

SIG_KEY = "4dabf18193072939515e22adb298388d"
"""The key that marks a special value (a secret, an asset, a resource) on the wire."""
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"  # noqa: S105 - a signature
"""The signature of a secret: ``{SIG_KEY: SECRET_SIG, "value": ...}``."""

Decoded = tuple[dict[str, Any], frozenset[str]]
"""Plain properties, and the names of those that held a secret."""


def decode(struct: struct_pb2.Struct) -> Decoded:
    """The properties of ``struct`` as plain values; a ``null`` property is left out, as
    the dynamic-provider host leaves it out."""
    props: dict[str, Any] = {}
    secrets: set[str] = set()
    for key, value in struct.fields.items():
        plain, held_secret = _decode_value(value)
        if held_secret:
            secrets.add(key)
        if plain is not None:
            props[key] = plain
    return props, frozenset(secrets)


def encode(props: Mapping[str, Any], secrets: Collection[str] = ()) -> struct_pb2.Struct:
    """``props`` on the wire; those named in ``secrets`` (and any value wrapped with
    :func:`pulumi.runtime.rpc.wrap_rpc_secret`) as secrets; ``None`` properties left out."""
    struct = struct_pb2.Struct()
    for key, value in props.items():
        if value is None:
            continue
        encoded = _encode_value(value)
        if key in secrets and not _is_secret_value(encoded):
            encoded = _secret_value(encoded)
        struct.fields[key].CopyFrom(encoded)
    return struct


def secret(value: Any) -> dict[str, Any]:
    """``value`` marked secret, in the form :func:`encode` (and the SDK) recognise."""
    return {SIG_KEY: SECRET_SIG, "value": unwrap_rpc_secret(value)}


def _decode_value(value: struct_pb2.Value) -> tuple[Any, bool]:
    kind = value.WhichOneof("kind")
    if kind == "string_value":
        text = value.string_value
        return (UNKNOWN_VALUE if text == UNKNOWN else text), False
    if kind == "bool_value":
        return value.bool_value, False
    if kind == "number_value":
        number = value.number_value
        return (int(number) if number.is_integer() else number), False
    if kind == "list_value":
        items = [_decode_value(item) for item in value.list_value.values]
        return [plain for plain, _ in items], any(held for _, held in items)
    if kind == "struct_value":
        return _decode_struct(value.struct_value)
    return None, False


def _decode_struct(struct: struct_pb2.Struct) -> tuple[Any, bool]:
    fields = struct.fields
    if SIG_KEY in fields:
        if fields[SIG_KEY].string_value == SECRET_SIG:
            plain, _ = _decode_value(fields["value"])
            return plain, True
        raise ValueError(
            "the composio provider takes plain values, secrets and unknowns only, not assets, "
            "archives or resource references"
        )
    items = {key: _decode_value(item) for key, item in fields.items()}
    return {k: plain for k, (plain, _) in items.items()}, any(h for _, h in items.values())


def _encode_value(value: Any) -> struct_pb2.Value:
    encoded = struct_pb2.Value()
    if is_rpc_secret(value):
        return _secret_value(_encode_value(value["value"]))
    if value is None:
        encoded.null_value = struct_pb2.NULL_VALUE
    elif isinstance(value, Unknown):
        encoded.string_value = UNKNOWN
    elif isinstance(value, bool):
        encoded.bool_value = value
    elif isinstance(value, int | float):
        encoded.number_value = float(value)
    elif isinstance(value, str):
        encoded.string_value = value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            encoded.struct_value.fields[str(key)].CopyFrom(_encode_value(item))
    elif isinstance(value, list | tuple):
        encoded.list_value.values.extend(_encode_value(item) for item in value)
    else:
        raise TypeError(f"cannot send a {type(value).__name__} to the engine")
    return encoded


def _secret_value(inner: struct_pb2.Value) -> struct_pb2.Value:
    wrapped = struct_pb2.Value()
    wrapped.struct_value.fields[SIG_KEY].string_value = SECRET_SIG
    wrapped.struct_value.fields["value"].CopyFrom(inner)
    return wrapped


def _is_secret_value(value: struct_pb2.Value) -> bool:
    if value.WhichOneof("kind") != "struct_value":
        return False
    fields = value.struct_value.fields
    return SIG_KEY in fields and fields[SIG_KEY].string_value == SECRET_SIG
