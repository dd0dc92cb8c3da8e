from __future__ import annotations

import pytest
from client_fakes import created_json, page_json, server_json
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from pulumi_composio.api.models import (
    CreateCustomServerRequest,
    CreatedCustomServer,
    DeleteResult,
    ErrorEnvelope,
    GenerateUrlsRequest,
    GenerateUrlsResponse,
    McpServer,
    ServerList,
    UpdateServerRequest,
)
from pulumi_composio.naming import SERVER_NAME_PATTERN, validate_server_name

NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -"
valid_names = st.text(alphabet=NAME_ALPHABET, min_size=4, max_size=30)


def test_server_reads_every_documented_field():
    server = McpServer.model_validate(server_json())

    assert server.id == "srv-1"
    assert server.toolkits == ["github", "slack"]
    assert server.commands.cursor == "npx cursor add srv-1"
    assert server.commands.windsurf == "npx windsurf add srv-1"
    assert server.managed_auth_via_composio is True
    assert server.deleted is False
    assert server.toolkit_icons == {"github": "https://icons.test/github.png"}


def test_server_ignores_fields_composio_adds_later():
    server = McpServer.model_validate(server_json(brand_new_field={"x": 1}))

    assert not hasattr(server, "brand_new_field")


def test_list_items_without_a_deleted_flag_read_as_live():
    body = server_json()
    del body["deleted"], body["server_instance_count"], body["toolkit_icons"]

    server = McpServer.model_validate(body)

    assert server.deleted is False
    assert server.server_instance_count == 0
    assert server.toolkit_icons == {}


def test_server_instance_count_accepts_a_json_float():
    assert (
        McpServer.model_validate(server_json(server_instance_count=3.0)).server_instance_count == 3
    )


@pytest.mark.parametrize("missing", ["id", "mcp_url", "commands", "created_at"])
def test_missing_required_field_is_named(missing):
    body = server_json()
    del body[missing]

    with pytest.raises(ValidationError) as caught:
        McpServer.model_validate(body)

    assert [e["loc"] for e in caught.value.errors()] == [(missing,)]


def test_missing_command_is_named_with_its_path():
    body = server_json()
    del body["commands"]["claude"]

    with pytest.raises(ValidationError) as caught:
        McpServer.model_validate(body)

    assert caught.value.errors()[0]["loc"] == ("commands", "claude")


def test_created_server_reads_the_201_shape_without_the_get_only_fields():
    created = CreatedCustomServer.model_validate(created_json(id="srv-9"))

    assert created.id == "srv-9"
    assert created.toolkits is None
    assert created.commands.claude == "npx claude add srv-9"


def test_server_list_page_reads_items_and_page_numbers():
    page = ServerList.model_validate(page_json([server_json()], current_page=2, total_pages=3))

    assert [s.id for s in page.items] == ["srv-1"]
    assert (page.current_page, page.total_pages) == (2, 3)


def test_delete_result_and_generated_urls_read():
    assert DeleteResult.model_validate({"id": "srv-1", "deleted": True}).deleted is True
    urls = GenerateUrlsResponse.model_validate(
        {"mcp_url": "https://m", "user_ids_url": ["https://m?user_id=u"]}
    )
    assert urls.connected_account_urls == []


def test_responses_are_immutable():
    server = McpServer.model_validate(server_json())

    with pytest.raises(ValidationError):
        server.name = "other"  # type: ignore[misc]


def test_create_request_sends_only_given_fields():
    request = CreateCustomServerRequest(name="support tools", toolkits=["github"])

    assert request.to_body() == {"name": "support tools", "toolkits": ["github"]}


def test_create_request_rejects_misspelt_fields():
    with pytest.raises(ValidationError):
        CreateCustomServerRequest(name="support tools", toolkit=["github"])  # type: ignore[call-arg]


def test_update_request_sends_only_fields_that_were_set():
    request = UpdateServerRequest(allowed_tools=[], managed_auth_via_composio=False)

    assert request.to_body() == {"allowed_tools": [], "managed_auth_via_composio": False}


def test_update_request_treats_none_as_not_sent():
    assert UpdateServerRequest(name=None, toolkits=["slack"]).to_body() == {"toolkits": ["slack"]}


def test_empty_update_request_sends_an_empty_object():
    assert UpdateServerRequest().to_body() == {}


def test_generate_urls_request_body():
    request = GenerateUrlsRequest(mcp_server_id="srv-1", user_ids=["u1"])

    assert request.to_body() == {"mcp_server_id": "srv-1", "user_ids": ["u1"]}


def test_error_envelope_reads_all_documented_fields():
    envelope = ErrorEnvelope.model_validate(
        {
            "error": {
                "message": "Toolkit 'foo' not found",
                "code": 400,
                "slug": "invalid_toolkit",
                "status": 400,
                "request_id": "req-1",
                "suggested_fix": "Use a listed toolkit",
                "errors": ["toolkits.0 is unknown"],
                "extra": True,
            }
        }
    )

    assert envelope.error.slug == "invalid_toolkit"
    assert envelope.error.errors == ["toolkits.0 is unknown"]


def test_error_envelope_renders_structured_field_errors_as_json_text():
    envelope = ErrorEnvelope.model_validate(
        {"error": {"message": "bad", "errors": [{"field": "name", "issue": "too short"}]}}
    )

    assert envelope.error.errors == ['{"field":"name","issue":"too short"}']


@given(valid_names)
def test_names_of_4_to_30_allowed_characters_are_valid(name):
    assert validate_server_name(name) is None
    assert SERVER_NAME_PATTERN.fullmatch(name)


@given(st.text(alphabet=NAME_ALPHABET, max_size=3))
def test_names_shorter_than_4_are_refused_as_too_short(name):
    assert "too short" in (validate_server_name(name) or "")


@given(st.text(alphabet=NAME_ALPHABET, min_size=31, max_size=60))
def test_names_longer_than_30_are_refused_with_their_length(name):
    assert f"{len(name)} characters long" in (validate_server_name(name) or "")


@given(
    valid_names,
    st.characters(blacklist_characters=NAME_ALPHABET, blacklist_categories=["Cs"]),
)
def test_names_with_other_characters_are_refused_naming_the_character(name, bad):
    candidate = name[:29] + bad

    problem = validate_server_name(candidate)

    assert problem is not None
    assert repr(bad) in problem
    assert not SERVER_NAME_PATTERN.fullmatch(candidate)


@given(st.text(max_size=40))
def test_name_rule_and_pattern_agree(name):
    assert (validate_server_name(name) is None) == bool(SERVER_NAME_PATTERN.fullmatch(name))
