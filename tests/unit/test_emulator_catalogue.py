"""The emulator's catalogue: the built-in file, and what ``--catalogue FILE`` may add.

The MCP endpoint lists tools with the catalogue's descriptions and schemas, so a file that
describes a tool badly must be refused at start, naming the file and the field, rather than
served to an agent.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from pulumi_composio.emulator import BUILT_IN
from pulumi_composio.emulator.catalogue import CatalogueError


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data))
    return path


def test_every_built_in_tool_has_a_description_and_a_valid_object_schema() -> None:
    tools = [tool for kit in BUILT_IN.toolkits.values() for tool in kit.tools.values()]
    assert len(tools) >= 15
    for tool in tools:
        assert tool.description, tool.slug
        assert tool.slug.startswith(tool.toolkit.upper() + "_")
        jsonschema.Draft202012Validator.check_schema(tool.input_schema)
        assert tool.input_schema["type"] == "object"
    for config, toolkit in BUILT_IN.auth_configs.items():
        assert BUILT_IN.is_toolkit(toolkit), config


def test_a_list_of_slugs_is_still_a_toolkit(tmp_path: Path) -> None:
    merged = BUILT_IN.merged_with(write(tmp_path, {"toolkits": {"jira": ["JIRA_CREATE_ISSUE"]}}))
    tool = merged.tool("JIRA_CREATE_ISSUE")
    assert tool is not None
    assert (tool.toolkit, tool.name, tool.result) == ("jira", "Jira create issue", None)
    assert tool.input_schema == {"type": "object"}
    assert merged.tool_slugs_of("jira") == {"JIRA_CREATE_ISSUE"}


def test_a_described_tool_joins_a_built_in_toolkit_and_keeps_its_tools(tmp_path: Path) -> None:
    schema = {"type": "object", "properties": {"repo": {"type": "string"}}, "required": ["repo"]}
    entry = {"tools": {"GITHUB_FORK_REPO": {"description": "Forks.", "input_schema": schema}}}
    merged = BUILT_IN.merged_with(write(tmp_path, {"toolkits": {"github": entry}}))
    github = merged.toolkits["github"]
    assert github.name == "GitHub", "a file that does not rename a toolkit keeps its name"
    assert github.auth_schemes == BUILT_IN.toolkits["github"].auth_schemes
    assert github.tool_slugs == BUILT_IN.toolkits["github"].tool_slugs | {"GITHUB_FORK_REPO"}
    fork = merged.tool("GITHUB_FORK_REPO")
    assert fork is not None
    assert (fork.description, fork.input_schema) == ("Forks.", schema)
    assert BUILT_IN.tool("GITHUB_FORK_REPO") is None, "the built-in catalogue is unchanged"


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ({"toolkits": {"jira": {"tools": {"T": {"input_schema": {"type": 7}}}}}}, "input_schema"),
        (
            {"toolkits": {"jira": {"tools": {"T": {"input_schema": {"type": "string"}}}}}},
            '"type": "object"',
        ),
        ({"toolkits": {"jira": {"tools": {"T": {"descripton": "typo"}}}}}, "descripton"),
        ({"toolkits": {}, "auth_config": {}}, "auth_config"),
    ],
    ids=["schema-invalid", "schema-not-object", "unknown-tool-field", "unknown-top-field"],
)
def test_a_badly_described_tool_is_refused_naming_the_field(
    tmp_path: Path, data: object, named: str
) -> None:
    path = write(tmp_path, data)
    with pytest.raises(CatalogueError) as caught:
        BUILT_IN.merged_with(path)
    assert str(path) in str(caught.value)
    assert named in str(caught.value)
