"""The emulator stands apart from the client it tests.

It plays Composio, so what it believes about the API must come from Composio's public
API, not from this package's client: were it to borrow the client's constants, a client
that drifted from the API would still pass every test. These tests keep it apart (no
import of anything outside ``pulumi_composio.emulator``) and catch the drift its own
statements then allow (the emulator's, the client's and the official SDK's lists of
custom auth schemes must agree).
"""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import pytest
from composio_client.types import auth_config_create_params

import pulumi_composio.emulator
from pulumi_composio.api.models import AUTH_SCHEMES
from pulumi_composio.emulator.families.auth_configs.validation import CUSTOM_AUTH_SCHEMES

EMULATOR = "pulumi_composio.emulator"
EMULATOR_DIR = Path(pulumi_composio.emulator.__file__).parent
FORBIDDEN_ROOTS = ("pulumi_composio", "pulumi")
"""The package the emulator lives in (its client and plugin worlds) and the Pulumi SDK,
which only the plugin world needs."""


def imported_modules(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Every module that ``source`` (the code of ``module``) names in an import, made absolute.

    ``from X import name`` counts as ``X.name`` too, since ``name`` may be a submodule.
    """
    package = module if is_package else module.rpartition(".")[0]
    named: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            named.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            parts = [node.module] if node.module else []
            if node.level:
                base = package.split(".")
                parts = [*base[: len(base) - (node.level - 1)], *parts]
            origin = ".".join(parts)
            named.add(origin)
            named.update(f"{origin}.{alias.name}" for alias in node.names)
    return named


def is_outside_emulator(module: str) -> bool:
    if module == EMULATOR or module.startswith(EMULATOR + "."):
        return False
    return any(module == root or module.startswith(root + ".") for root in FORBIDDEN_ROOTS)


def emulator_modules() -> dict[str, Path]:
    """Module name -> file, for every module of the emulator; a package by its own name."""
    found = {}
    for path in sorted(EMULATOR_DIR.rglob("*.py")):
        parts = path.relative_to(EMULATOR_DIR).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join((EMULATOR, *parts))] = path
    return found


def test_the_emulator_has_modules_to_scan() -> None:
    expected = {EMULATOR, f"{EMULATOR}.app", f"{EMULATOR}.families.auth_configs.validation"}

    assert expected <= emulator_modules().keys()


@pytest.mark.parametrize("module", sorted(emulator_modules()))
def test_the_emulator_imports_nothing_from_the_client_side(module: str) -> None:
    path = emulator_modules()[module]
    named = imported_modules(path.read_text(), module, is_package=path.name == "__init__.py")

    assert sorted(m for m in named if is_outside_emulator(m)) == []


CLIENT_SIDE = True
ALLOWED = False


@pytest.mark.parametrize(
    ("line", "client_side"),
    [
        ("from ..api.models import AUTH_SCHEMES", CLIENT_SIDE),
        ("from .. import servers", CLIENT_SIDE),
        ("from ...pulumi_composio import auth_configs", CLIENT_SIDE),
        ("import pulumi_composio.api", CLIENT_SIDE),
        ("from pulumi_composio import errors", CLIENT_SIDE),
        ("import pulumi", CLIENT_SIDE),
        ("from pulumi.dynamic import Resource", CLIENT_SIDE),
        ("from .api_errors import ApiError", ALLOWED),
        ("from . import app", ALLOWED),
        ("from pulumi_composio.emulator.process import start_emulator", ALLOWED),
        ("import httpx", ALLOWED),
        ("from starlette.routing import Route", ALLOWED),
        ("import pulumi_composio_extra", ALLOWED),
    ],
)
def test_the_import_scan_sees_client_imports_and_lets_emulator_and_third_party_ones_pass(
    line: str, client_side: bool
) -> None:
    named = imported_modules(line, f"{EMULATOR}.some_module")

    assert any(is_outside_emulator(m) for m in named) is client_side, named


def test_a_package_resolves_relative_imports_from_itself() -> None:
    named = imported_modules("from ..api import models", EMULATOR, is_package=True)

    assert "pulumi_composio.api" in named
    assert any(is_outside_emulator(m) for m in named)


def sdk_custom_auth_schemes() -> frozenset[str]:
    """The ``authScheme`` literal of the official SDK's ``use_custom_auth`` create body."""
    hints = typing.get_type_hints(auth_config_create_params.AuthConfigUnionMember1)
    scheme = hints["auth_scheme"]
    while typing.get_origin(scheme) is not typing.Literal:
        scheme = typing.get_args(scheme)[0]
    return frozenset(typing.get_args(scheme))


def test_the_emulator_states_the_custom_auth_schemes_of_composios_api() -> None:
    assert sdk_custom_auth_schemes() == CUSTOM_AUTH_SCHEMES


def test_the_client_and_the_emulator_agree_on_the_custom_auth_schemes() -> None:
    assert AUTH_SCHEMES == CUSTOM_AUTH_SCHEMES
