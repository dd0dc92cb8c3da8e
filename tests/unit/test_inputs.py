"""The provider's rules for inputs: validation, normalisation, naming, diffs and patches."""

from __future__ import annotations

import pytest

from pulumi_composio.naming import autoname, validate_server_name
from pulumi_composio.servers.inputs import (
    UNKNOWN,
    changed_properties,
    check_inputs,
    create_request,
    update_request,
)


def checked(news: dict[str, object], olds: dict[str, object] | None = None) -> dict[str, object]:
    inputs, problems = check_inputs(olds or {}, news)
    assert problems == []
    return inputs


def test_lists_are_sorted_and_deduplicated():
    inputs = checked({"name": "Tools", "toolkits": ["slack", "github", "slack"]})
    assert inputs["toolkits"] == ["github", "slack"]
    assert inputs["allowed_tools"] == []
    assert inputs["auth_config_ids"] == []


def test_custom_tools_are_folded_into_allowed_tools():
    inputs = checked(
        {"name": "Tools", "allowed_tools": ["B_TOOL"], "custom_tools": ["A_TOOL", "B_TOOL"]}
    )
    assert inputs["allowed_tools"] == ["A_TOOL", "B_TOOL"]
    assert inputs["custom_tools"] is None


def test_a_missing_name_is_the_default_name():
    inputs = checked({"default_name": "support-tools-abc1234"})
    assert inputs["name"] == "support-tools-abc1234"


def test_a_missing_name_reuses_the_previous_one():
    inputs = checked(
        {"default_name": "support-tools-new1234"}, olds={"name": "support-tools-abc1234"}
    )
    assert inputs["name"] == "support-tools-abc1234"


def test_autonames_are_stable_per_scope_and_differ_across_stacks():
    dev = autoname("support-tools", "proj/dev/support-tools")
    assert dev == autoname("support-tools", "proj/dev/support-tools")
    assert dev != autoname("support-tools", "proj/prod/support-tools")
    assert dev.startswith("support-tools-")


@pytest.mark.parametrize(
    "logical_name",
    ["x", "", "a" * 80, "my_server.prod", "ünïcödé", "--", "a b c d e f g h i j k l m n o p"],
)
def test_autonames_always_satisfy_the_name_rule(logical_name: str):
    assert validate_server_name(autoname(logical_name, f"p/s/{logical_name}")) is None


def test_an_adopted_server_without_a_name_keeps_its_own():
    inputs = checked({"adopt_server_id": "srv_1", "default_name": "x-abc1234"})
    assert inputs.get("name") is None


def test_unknown_values_pass_through_unchecked():
    inputs = checked({"name": UNKNOWN, "toolkits": UNKNOWN, "auth_config_ids": ["ac_1", UNKNOWN]})
    assert inputs["name"] == UNKNOWN
    assert inputs["toolkits"] == UNKNOWN
    assert inputs["auth_config_ids"] == ["ac_1", UNKNOWN]


@pytest.mark.parametrize(
    ("news", "prop", "fragment"),
    [
        ({"name": "abc"}, "name", "too short"),
        ({"name": "x" * 31}, "name", "at most 30"),
        ({"name": "bad_name"}, "name", "'_'"),
        ({"name": 12}, "name", "must be a string"),
        ({"toolkits": "github"}, "toolkits", "must be a list"),
        ({"toolkits": ["github", ""]}, "toolkits", "toolkits[1]"),
        ({"allowed_tools": [None]}, "allowed_tools", "allowed_tools[0]"),
        ({"auth_config_ids": ["a"] * 51}, "auth_config_ids", "at most 50"),
        ({"managed_auth_via_composio": "true"}, "managed_auth_via_composio", "true or false"),
        ({"adopt_server_id": ""}, "adopt_server_id", "non-empty"),
    ],
)
def test_invalid_inputs_name_the_property(news: dict[str, object], prop: str, fragment: str):
    _, problems = check_inputs({}, news)
    assert [p.property for p in problems] == [prop]
    assert fragment in problems[0].reason


def test_reordered_lists_are_not_a_change():
    olds = {"name": "Tools", "toolkits": ["slack", "github"], "allowed_tools": []}
    news = checked({"name": "Tools", "toolkits": ["github", "slack", "github"]})
    assert changed_properties({**olds, "auth_config_ids": []}, news) == []


def test_exactly_the_changed_properties_are_reported():
    olds = {
        "name": "Tools",
        "toolkits": ["github"],
        "allowed_tools": [],
        "auth_config_ids": [],
        "managed_auth_via_composio": False,
    }
    news = checked({"name": "Tools 2", "toolkits": ["github"], "managed_auth_via_composio": True})
    assert changed_properties(olds, news) == ["name", "managed_auth_via_composio"]


def test_unset_managed_auth_is_not_managed():
    olds = {"name": "Tools", "managed_auth_via_composio": True}
    news = checked({"name": "Tools"})
    assert "managed_auth_via_composio" not in changed_properties(olds, news)


def test_unknown_inputs_count_as_changed():
    olds = {"name": "Tools", "toolkits": [], "allowed_tools": [], "auth_config_ids": []}
    news = checked({"name": "Tools", "auth_config_ids": [UNKNOWN]})
    assert changed_properties(olds, news) == ["auth_config_ids"]


def test_the_patch_sends_only_changed_fields():
    news = checked({"name": "Tools", "toolkits": ["github"], "allowed_tools": ["X_TOOL"]})
    body = update_request(["toolkits"], news).to_body()
    assert body == {"toolkits": ["github"]}


def test_a_cleared_list_is_sent_as_empty():
    news = checked({"name": "Tools"})
    assert update_request(["toolkits"], news).to_body() == {"toolkits": []}


def test_the_create_body_carries_the_normalised_inputs():
    news = checked({"name": "Tools", "toolkits": ["slack", "github"], "custom_tools": ["T"]})
    assert create_request(news).to_body() == {
        "name": "Tools",
        "toolkits": ["github", "slack"],
        "allowed_tools": ["T"],
        "auth_config_ids": [],
    }
