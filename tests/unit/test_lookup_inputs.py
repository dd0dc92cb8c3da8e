"""The lookups' rules without any API: arguments, exact names, and results without secrets."""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_composio.api.models import ComposioAuthConfig, McpServer
from pulumi_composio.core.catalogue import closest, did_you_mean
from pulumi_composio.errors import DuplicateName, InvalidArguments, NothingFound
from pulumi_composio.lookups.inputs import (
    FROM_A_MISSING_OUTPUT,
    auth_config_result,
    id_or_name,
    one_server_named,
    optional_text,
    server_result,
    slug_argument,
)
from tests.support.client_fakes import server_json


def server(**fields: Any) -> McpServer:
    return McpServer.model_validate(server_json(**fields))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, f"nothing{FROM_A_MISSING_OUTPUT}"),
        ("", "the string ''"),
        (" github", "the string ' github'"),
        (7, "the number 7"),
    ],
)
def test_a_slug_must_be_a_non_empty_string_and_the_error_names_the_argument(
    value: Any, shown: str
) -> None:
    with pytest.raises(InvalidArguments) as raised:
        slug_argument("get_toolkit", "slug", value, example="a toolkit slug such as 'github'")
    assert str(raised.value) == (
        "get_toolkit: slug must be a toolkit slug such as 'github' (a non-empty string without "
        f"spaces around it), not {shown}"
    )


def test_a_good_slug_comes_back_as_given() -> None:
    assert slug_argument("get_toolkit", "slug", "github", example="x") == "github"


def test_an_optional_text_is_a_string_or_nothing() -> None:
    assert optional_text("get_tools", "search", None) is None
    assert optional_text("get_tools", "search", "") is None
    assert optional_text("get_tools", "search", "issue") == "issue"
    with pytest.raises(InvalidArguments, match="get_tools: search must be a string, not a list"):
        optional_text("get_tools", "search", ["issue"])


@pytest.mark.parametrize(
    ("id_", "name", "how"),
    [
        (
            None,
            None,
            "neither was given, and one fed from another stack's output arrives so when "
            "that stack does not export it",
        ),
        ("mcp_1", "support", "both were given"),
    ],
)
def test_a_server_is_looked_up_by_exactly_one_of_id_and_name(
    id_: str | None, name: str | None, how: str
) -> None:
    with pytest.raises(InvalidArguments) as failed:
        id_or_name("get_custom_mcp_server", id_, name)
    assert f"give exactly one of id and name ({how})" in str(failed.value)
    assert id_or_name("f", "mcp_1", None) == ("mcp_1", None)
    assert id_or_name("f", None, "support") == (None, "support")


def test_one_exact_name_is_the_server() -> None:
    exact = server(id="a", name="Support")
    assert one_server_named("Support", [exact, server(id="b", name="support 2")], [exact]) is exact


def test_several_servers_of_the_name_are_an_error_naming_their_ids() -> None:
    twins = [server(id="srv-a", name="Support"), server(id="srv-b", name="Support")]
    with pytest.raises(DuplicateName) as raised:
        one_server_named("Support", twins, twins)
    assert raised.value.ids == ("srv-a", "srv-b")
    assert "srv-a, srv-b" in str(raised.value)
    assert "look the one you mean up by id with get_custom_mcp_server" in str(raised.value)


def test_no_exact_name_is_an_error_naming_it_and_the_near_misses() -> None:
    listed = [server(id="a", name="SUPPORT"), server(id="b", name="support tools")]
    with pytest.raises(NothingFound) as raised:
        one_server_named("support", listed, [])
    assert str(raised.value) == (
        "get_custom_mcp_server: no live Composio MCP server is named 'support' (names are "
        "matched exactly, case and all); servers with names like it: 'SUPPORT', 'support tools'"
    )
    with pytest.raises(NothingFound, match=r"case and all\)$"):
        one_server_named("nobody", [], [])


def test_a_server_result_is_its_outputs_with_lists_as_sets() -> None:
    result = server_result(
        server(id="srv-9", toolkits=["slack", "github", "slack"], auth_config_ids=["b", "a"])
    )
    assert result["id"] == "srv-9"
    assert result["toolkits"] == ["github", "slack"]
    assert result["auth_config_ids"] == ["a", "b"]
    assert set(result["commands"]) == {"cursor", "claude", "windsurf"}
    assert set(result) == {
        "id",
        "name",
        "toolkits",
        "allowed_tools",
        "auth_config_ids",
        "mcp_url",
        "commands",
    }


def test_an_auth_config_result_holds_no_credential_at_all() -> None:
    config = ComposioAuthConfig.model_validate(
        {
            "id": "ac_1",
            "name": "Linear key",
            "status": "DISABLED",
            "type": "custom",
            "toolkit": {"slug": "linear"},
            "auth_scheme": "API_KEY",
            "is_composio_managed": False,
            "credentials": {"api_key": "lin_api_SECRET", "scopes": "read,write"},
        }
    )
    result = auth_config_result(config)
    assert "credentials" not in result
    assert "lin_api_SECRET" not in repr(result)
    assert (result["enabled"], result["status"], result["scopes"]) == (
        False,
        "DISABLED",
        ["read", "write"],
    )


def test_the_closest_slugs_are_offered_ignoring_case() -> None:
    assert closest("githb", ["github", "gmail", "slack"]) == ["github"]
    assert closest("GitHub", ["github"]) == ["github"]
    assert closest("slack", ["slack"]) == [], "the slug itself is no suggestion"
    assert did_you_mean("GITHUB_CREATE_ISSU", ["GITHUB_CREATE_ISSUE", "SLACK_SEND_MESSAGE"]) == (
        " (did you mean `GITHUB_CREATE_ISSUE`?)"
    )
    assert did_you_mean("zzz", ["github"]) == ""
