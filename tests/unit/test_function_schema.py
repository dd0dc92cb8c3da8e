"""The schema's functions and the Python functions declare the same lookups.

Every language but Python reads the schema's ``functions``; Python programs call
``pulumi_composio.get_*``. These tests hold them against each other: an argument or result
added, renamed or made required on one side only fails here.
"""

from __future__ import annotations

import dataclasses
import inspect
import typing

import pytest

import pulumi_composio
from pulumi_composio.native.function_types import FUNCTION_TYPES, FunctionType
from pulumi_composio.native.properties import wire_name
from pulumi_composio.native.schema import TOOL_SUMMARY_TYPE, schema

FUNCTIONS = list(FUNCTION_TYPES.values())
IDS = [function.name for function in FUNCTIONS]


def python_function(function: FunctionType) -> typing.Callable[..., object]:
    found: typing.Callable[..., object] = getattr(pulumi_composio, function.method)
    return found


@pytest.mark.parametrize("function", FUNCTIONS, ids=IDS)
def test_the_python_function_takes_the_schemas_arguments(function: FunctionType) -> None:
    declared = schema()["functions"][function.token]["inputs"]
    parameters = inspect.signature(python_function(function)).parameters
    assert {wire_name(name) for name in parameters} == set(declared["properties"])
    required = {wire_name(n) for n, p in parameters.items() if p.default is inspect.Parameter.empty}
    assert required == set(declared["required"])
    outputs_form = getattr(pulumi_composio, f"{function.method}_output")
    assert list(inspect.signature(outputs_form).parameters) == list(parameters)


@pytest.mark.parametrize("function", FUNCTIONS, ids=IDS)
def test_the_python_result_has_the_schemas_outputs(function: FunctionType) -> None:
    declared = schema()["functions"][function.token]["outputs"]
    result = typing.get_type_hints(python_function(function))["return"]
    fields = {wire_name(field.name): field for field in dataclasses.fields(result)}
    assert set(fields) == set(declared["properties"])
    optional = {name for name, field in fields.items() if "None" in str(field.type)}
    assert set(declared["required"]) == set(fields) - optional


def test_the_tool_summary_type_is_the_python_one() -> None:
    declared = schema()["types"][TOOL_SUMMARY_TYPE]["properties"]
    assert set(declared) == {f.name for f in dataclasses.fields(pulumi_composio.ToolSummary)}
    tools = schema()["functions"]["composio:index:getTools"]["outputs"]["properties"]["tools"]
    assert tools["items"] == {"$ref": f"#/types/{TOOL_SUMMARY_TYPE}"}


@pytest.mark.parametrize("function", FUNCTIONS, ids=IDS)
def test_every_function_says_it_runs_at_preview_and_what_it_costs(function: FunctionType) -> None:
    description = schema()["functions"][function.token]["description"]
    assert "runs at preview" in description
    assert "API call" in description


def test_no_function_result_is_secret_or_holds_credentials() -> None:
    for function in FUNCTIONS:
        outputs = schema()["functions"][function.token]["outputs"]["properties"]
        assert not any(spec.get("secret") for spec in outputs.values()), function.name
        assert not {"credentials", "credentialsFingerprint"} & set(outputs), function.name
