"""The Python resource classes are what ``make python-resources`` writes from the declarations,
and what they send the engine follows from those declarations."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import pulumi_composio
from pulumi_composio.native.resource_types import RESOURCE_TYPES, ResourceType
from tools.gen_python import home, modules_as_written, python_text, string_literal

REPO = Path(__file__).resolve().parents[2]
KINDS = list(RESOURCE_TYPES.values())
NAMES = [kind.name for kind in KINDS]


def module_of(kind: ResourceType, part: str) -> object:
    package = ".".join(home(kind).relative_to(REPO / "provider").parts)
    return importlib.import_module(f"{package}.{part}")


@pytest.mark.parametrize("path", sorted(modules_as_written()), ids=lambda p: p.name)
def test_each_generated_module_is_what_make_python_resources_writes(path: Path):
    shown = path.relative_to(REPO)
    assert path.read_text() == modules_as_written()[path], (
        f"{shown} is not what its declaration makes: run `make python-resources`"
    )


@pytest.mark.parametrize("kind", KINDS, ids=NAMES)
def test_each_declared_resource_is_a_public_python_class_with_its_args(kind: ResourceType):
    resource = getattr(pulumi_composio, kind.name)
    assert resource is getattr(module_of(kind, "resource"), kind.name)
    assert f"{kind.name}Args" in pulumi_composio.__all__


@pytest.mark.parametrize("kind", KINDS, ids=NAMES)
def test_the_provider_class_stays_where_state_pickles_it(kind: ResourceType):
    provider = getattr(module_of(kind, "provider"), f"{kind.name}Provider")
    assert provider.service == kind.service
    assert provider.__module__ == f"pulumi_composio.{home(kind).name}.provider"


@pytest.mark.parametrize("kind", KINDS, ids=NAMES)
def test_each_python_example_parses(kind: ResourceType):
    ast.parse(kind.python_example)


def test_descriptions_name_properties_as_python_does():
    said = python_text("Merged into allowedTools; give userId or connectedAccountId, not name.")
    assert said == (
        "Merged into ``allowed_tools``; give ``user_id`` or ``connected_account_id``, not name."
    )


def test_a_long_warning_is_split_into_literals_that_join_back_exactly():
    warning = "custom_tools is deprecated by Composio: use allowed_tools " * 4
    literal = string_literal(warning)
    assert ast.literal_eval(literal) == warning
    assert all(len(line) < 90 for line in literal.split("' '"))


def test_only_a_resource_read_by_its_id_alone_has_get():
    with_get = {kind.name for kind in KINDS if "get" in vars(getattr(pulumi_composio, kind.name))}
    assert with_get == {kind.name for kind in KINDS if kind.import_state is None}
    assert "McpServerUserUrl" not in with_get
