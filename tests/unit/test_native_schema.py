"""The plugin's schema and the Python resources declare the same resources.

Every language reads the schema; Python programs read the ``...Args`` dataclasses and the
resource classes. These tests hold them against each other, so adding, renaming or
retyping an input on one side without the other fails here.
"""

from __future__ import annotations

import dataclasses
import json
import tomllib
from pathlib import Path

import pytest

import pulumi_composio
from pulumi_composio.auth_configs import resource as auth_config_module
from pulumi_composio.native.properties import wire_name
from pulumi_composio.native.resource_types import RESOURCE_TYPES
from pulumi_composio.native.schema import (
    COMMANDS_TYPE,
    GO_MODULE,
    PLUGIN_DOWNLOAD_URL,
    REPOSITORY,
    plugin_version,
    schema,
    schema_json,
)

REPO = Path(__file__).resolve().parents[2]

PAIRS = [
    (
        token,
        getattr(pulumi_composio, f"{kind.name}Args"),
        getattr(pulumi_composio, kind.name),
    )
    for token, kind in RESOURCE_TYPES.items()
]
IDS = [token.rsplit(":", 1)[-1] for token, _, _ in PAIRS]


def schema_type(annotation: str) -> dict[str, object]:
    """The schema type a Python annotation (as written in the source) stands for."""
    if "Sequence[" in annotation or "list[" in annotation:
        return {"type": "array", "items": {"type": "string"}}
    if "Mapping[str, Any]" in annotation:
        return {"type": "object", "additionalProperties": {"$ref": "pulumi.json#/Any"}}
    if "Mapping[" in annotation:
        return {"type": "object", "additionalProperties": {"type": "string"}}
    if "dict[str, str]" in annotation:
        return {"$ref": f"#/types/{COMMANDS_TYPE}"}
    if "bool" in annotation:
        return {"type": "boolean"}
    if "[int" in annotation:
        return {"type": "integer"}
    assert "str" in annotation, annotation
    return {"type": "string"}


def without_docs(spec: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in spec.items() if k not in ("description", "secret")}


@pytest.mark.parametrize(("token", "args", "resource"), PAIRS, ids=IDS)
def test_schema_inputs_are_the_args_fields_with_the_same_types(token, args, resource):
    declared = schema()["resources"][token]["inputProperties"]
    fields = {wire_name(f.name): f for f in dataclasses.fields(args)}

    assert set(declared) == set(fields)
    for name, field in fields.items():
        assert without_docs(declared[name]) == schema_type(str(field.type)), name


@pytest.mark.parametrize(("token", "args", "resource"), PAIRS, ids=IDS)
def test_required_inputs_are_the_args_fields_without_a_default(token, args, resource):
    required = {
        wire_name(f.name)
        for f in dataclasses.fields(args)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    assert set(schema()["resources"][token]["requiredInputs"]) == required


@pytest.mark.parametrize(("token", "args", "resource"), PAIRS, ids=IDS)
def test_every_output_of_the_python_resource_is_a_schema_output_of_its_type(token, args, resource):
    properties = schema()["resources"][token]["properties"]
    outputs = {
        name: annotation
        for name, annotation in vars(resource)["__annotations__"].items()
        if "Output[" in str(annotation)
    }
    assert outputs
    for name, annotation in outputs.items():
        assert wire_name(name) in properties, name
        assert without_docs(properties[wire_name(name)]) == schema_type(str(annotation)), name


def test_what_the_python_resources_keep_secret_is_secret_in_the_schema():
    resources = schema()["resources"]
    auth = resources["composio:index:AuthConfig"]
    for name in auth_config_module._SECRET_OUTPUTS:
        spec = auth["properties"].get(wire_name(name)) or auth["inputProperties"][wire_name(name)]
        assert spec.get("secret") is True, name
    assert auth["inputProperties"]["credentials"]["secret"] is True
    assert resources["composio:index:McpServerUserUrl"]["properties"]["url"]["secret"] is True
    config = schema()["config"]["variables"]
    assert config["apiKey"]["secret"] is True
    assert config["userApiKey"]["secret"] is True
    assert set(config) == {"apiKey", "userApiKey", "baseUrl", "allowInsecureHttp"}


def test_every_property_type_and_setting_has_a_description():
    document = schema()
    specs = [
        *document["config"]["variables"].values(),
        *document["types"][COMMANDS_TYPE]["properties"].values(),
    ]
    for resource in document["resources"].values():
        assert resource["description"]
        specs += [*resource["properties"].values(), *resource["inputProperties"].values()]
    assert all(isinstance(spec["description"], str) and spec["description"] for spec in specs)


def test_the_commands_type_names_each_client():
    commands = schema()["types"][COMMANDS_TYPE]
    assert set(commands["properties"]) == {"cursor", "claude", "windsurf"}


def test_the_schema_is_json_the_plugin_can_serve():
    assert json.loads(schema_json()) == schema()


def test_the_schema_names_one_home_for_the_plugin_the_sdks_and_the_package():
    published = schema()
    urls = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["urls"]
    assert published["pluginDownloadURL"] == PLUGIN_DOWNLOAD_URL
    assert "github://api.github.com/" + REPOSITORY.split("/", 1)[1] == PLUGIN_DOWNLOAD_URL
    assert published["homepage"] == published["repository"] == f"https://{REPOSITORY}"
    assert urls["Homepage"] == urls["Repository"] == f"https://{REPOSITORY}"
    assert published["language"]["go"]["importBasePath"] == f"{GO_MODULE}/composio"
    assert published["publisher"]
    assert published["logoUrl"].endswith("/docs/logo.svg")
    assert (REPO / "docs" / "logo.svg").exists()


def test_the_package_the_plugin_and_the_sdks_report_one_version():
    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    node = json.loads((REPO / "sdk" / "nodejs" / "package.json").read_text())
    go_plugin = json.loads((REPO / "sdk" / "go" / "composio" / "pulumi-plugin.json").read_text())
    assert pulumi_composio.__version__ == plugin_version() == schema()["version"] == version
    assert node["version"] == node["pulumi"]["version"] == go_plugin["version"] == version
