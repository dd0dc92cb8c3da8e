"""The rules for a per-user URL's inputs: who it is for, what replaces it, what is sent."""

from __future__ import annotations

import json

import pytest

from pulumi_composio.api.models import GenerateUrlsResponse
from pulumi_composio.user_urls.inputs import (
    check_inputs,
    diff_inputs,
    generate_request,
    outputs_from_api,
    url_id,
)

FOR_A_USER = {"server_id": "srv_1", "user_id": "support-bot"}
FOR_AN_ACCOUNT = {"server_id": "srv_1", "connected_account_id": "ca_1"}


def problems(**news: object) -> list[tuple[str, str]]:
    inputs, found = check_inputs({}, news)
    assert inputs == news
    return [(p.property, p.reason) for p in found]


def test_a_user_or_a_connected_account_with_a_server_is_valid():
    assert problems(**FOR_A_USER) == []
    assert problems(**FOR_AN_ACCOUNT, managed_auth_by_composio=True) == []


def test_the_server_is_required_and_named_as_usually_a_servers_id():
    assert problems(user_id="bot") == [
        ("server_id", "server_id is required: usually a CustomMcpServer's id")
    ]


@pytest.mark.parametrize(
    ("news", "word"),
    [({"server_id": "srv_1"}, "neither"), ({**FOR_A_USER, "connected_account_id": "ca"}, "both")],
)
def test_exactly_one_of_user_and_connected_account_is_required(news: dict[str, str], word: str):
    [(prop, reason)] = problems(**news)
    assert prop == "user_id"
    assert reason.endswith(f"not {word}")
    assert "connected_account_id" in reason


@pytest.mark.parametrize("prop", ["server_id", "user_id"])
@pytest.mark.parametrize("value", ["", 7, ["srv_1"]])
def test_ids_must_be_non_empty_strings(prop: str, value: object):
    assert (prop, f"{prop} must be a non-empty string") in problems(**{**FOR_A_USER, prop: value})


def test_managed_auth_must_be_a_boolean():
    assert problems(**FOR_A_USER, managed_auth_by_composio="yes") == [
        (
            "managed_auth_by_composio",
            "managed_auth_by_composio must be true or false, not the string 'yes'",
        )
    ]


def test_every_changed_input_is_reported_since_any_change_makes_another_url():
    olds = {**FOR_A_USER, "managed_auth_by_composio": None}
    assert diff_inputs(olds, olds).changed == []
    assert diff_inputs(olds, {**olds, "user_id": "other"}).replaces == ["user_id"]
    moved = diff_inputs(olds, {**FOR_AN_ACCOUNT, "server_id": "srv_2"})
    assert moved.changed == ["server_id", "user_id", "connected_account_id"]
    assert moved.replaces == moved.changed


def test_the_id_names_the_server_and_whom_the_url_is_for():
    assert url_id(FOR_A_USER) == "srv_1/users/support-bot"
    assert url_id(FOR_AN_ACCOUNT) == "srv_1/connected_accounts/ca_1"


def test_the_generate_body_asks_for_exactly_one_url():
    body = generate_request({**FOR_A_USER, "managed_auth_by_composio": False})
    assert body.mcp_server_id == "srv_1"
    assert body.user_ids == ["support-bot"]
    assert body.connected_account_ids is None
    assert body.managed_auth_by_composio is False
    assert generate_request(FOR_AN_ACCOUNT).connected_account_ids == ["ca_1"]


def test_the_url_output_is_the_one_asked_for_and_base_url_the_servers():
    answer = GenerateUrlsResponse(
        mcp_url="https://mcp.example/srv_1",
        user_ids_url=["https://mcp.example/srv_1?user_id=support-bot"],
        connected_account_urls=["https://mcp.example/srv_1?connected_account_id=ca_1"],
    )
    for_user = outputs_from_api(answer, FOR_A_USER)
    assert for_user["url"] == "https://mcp.example/srv_1?user_id=support-bot"
    assert for_user["base_url"] == "https://mcp.example/srv_1"
    assert for_user["server_id"] == "srv_1"
    assert outputs_from_api(answer, FOR_AN_ACCOUNT)["url"].endswith("connected_account_id=ca_1")


def test_the_client_config_is_an_mcp_json_naming_the_url_and_the_key_header_not_the_key():
    answer = GenerateUrlsResponse(
        mcp_url="https://mcp.example/srv_1",
        user_ids_url=["https://mcp.example/srv_1?user_id=support-bot"],
    )
    config = json.loads(outputs_from_api(answer, FOR_A_USER)["client_config"])
    assert config == {
        "mcpServers": {
            "composio": {
                "url": "https://mcp.example/srv_1?user_id=support-bot",
                "headers": {"x-api-key": "${env:COMPOSIO_API_KEY}"},
            }
        }
    }
