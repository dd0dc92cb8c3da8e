"""Python programs that use the native plugin, as any language does: by type token.

A program declares ``pulumi.CustomResource("composio:index:CustomMcpServer", ...)`` with
Pulumi's camelCase property names; the engine finds ``pulumi-resource-composio`` on ``PATH``
(``PulumiStack`` puts the virtualenv's ``bin`` there) and the dynamic provider is not
involved at all. Outputs a program reads must be named among the properties it passes, so
:data:`PRELUDE` passes every output of the declarations (:data:`OUTPUTS`) as ``None``, which the
SDK leaves out of the inputs it sends.
"""

from __future__ import annotations

import shutil
import textwrap

from pulumi_composio.native.resource_types import RESOURCE_TYPES
from pulumi_composio.native.schema import plugin_version
from tests.support.pulumi_stack import VENV, PulumiMissing, PulumiStack
from tools.gen_sdks import PLUGIN

__all__ = [
    "OUTPUTS",
    "PRELUDE",
    "install_plugin",
    "native_program",
    "require_native_plugin",
    "served_from_the_plugin_cache",
]

OUTPUTS = {kind.name: [prop.wire for prop in kind.outputs()] for kind in RESOURCE_TYPES.values()}
"""Every output of every type by its Pulumi name, from the declarations."""

PRELUDE = (
    """
import pulumi

OUTPUTS = """
    + repr(OUTPUTS)
    + """


def composio(kind, resource_name, /, opts=None, **inputs):
    props = {**{output: None for output in OUTPUTS[kind]}, **inputs}
    return pulumi.CustomResource(f"composio:index:{kind}", resource_name, props, opts)
"""
)


def native_program(body: str) -> str:
    """A program of :data:`PRELUDE` plus ``body`` (dedented)."""
    return PRELUDE + textwrap.dedent(body)


def require_native_plugin(stack: PulumiStack) -> None:
    """:class:`PulumiMissing` saying how to install it unless the engine of ``stack`` finds the
    native plugin on its ``PATH``, so a test fails with the fix, not with the engine's
    "no resource plugin 'composio'"."""
    if shutil.which(PLUGIN, path=stack.env["PATH"]) is None:
        raise PulumiMissing(
            f"the native plugin {PLUGIN} is not on the stack's PATH (nor in "
            f"{VENV / 'bin'}): run `make setup`, which installs it with the package"
        )


def install_plugin(stack: PulumiStack) -> None:
    """The plugin under its name and version in the stack's plugin folder, as a release
    download puts it there: ``pulumi do --package composio@<version>`` finds it by name,
    which stateful commands need (a plugin named by its path is not found again when the
    engine binds the snippet)."""
    plugin = shutil.which(PLUGIN, path=stack.env["PATH"])
    assert plugin is not None, f"{PLUGIN} is not on PATH: run `make setup`"
    stack.run(
        "plugin", "install", "resource", "composio", plugin_version(), "--file", plugin
    ).check()


def served_from_the_plugin_cache(stack: PulumiStack) -> None:
    """The plugin as a YAML, TypeScript or Go user's machine holds it: installed by name and
    version (:func:`install_plugin`), and the copy on ``PATH`` ignored
    (``PULUMI_IGNORE_AMBIENT_PLUGINS``). The engine keeps the schema of an installed plugin
    beside it after its first read, so each later command starts one plugin process, not a
    second one for the YAML host's schema."""
    install_plugin(stack)
    stack.env["PULUMI_IGNORE_AMBIENT_PLUGINS"] = "true"
