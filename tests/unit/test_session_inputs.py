"""A session's input rules, its diff, and the calls its service makes (against scripted
HTTP answers: one POST per create, one PATCH with the config version per update, a 409
turned into one line that says what to run)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pulumi.dynamic import Config

from pulumi_composio.api.models import CreateSessionRequest, ToolRouterSession
from pulumi_composio.core.input_rules import UNKNOWN
from pulumi_composio.errors import AdoptionFailed, AmbiguousCreateError, ChangedElsewhere
from pulumi_composio.sessions.inputs import (
    TAGS,
    check_inputs,
    create_request,
    diff_inputs,
    outputs_from_api,
    patch_request,
)
from pulumi_composio.sessions.service import SessionService
from tests.support.client_fakes import API_KEY, envelope, make_client, scripted

slugs = st.lists(st.sampled_from(["github", "slack", "linear", "notion"]), max_size=6)


def problems_of(news: dict[str, Any]) -> dict[str, str]:
    _, problems = check_inputs({}, news)
    return {problem.property: problem.reason for problem in problems}


def test_user_id_is_required_and_named() -> None:
    assert "user_id is required" in problems_of({})["user_id"]
    assert "non-empty string" in problems_of({"user_id": ""})["user_id"]


def test_toolkits_and_disabled_toolkits_are_never_both() -> None:
    found = problems_of({"user_id": "u", "toolkits": ["github"], "disabled_toolkits": ["slack"]})
    assert set(found) == {"disabled_toolkits"}
    assert "not both" in found["disabled_toolkits"]


@pytest.mark.parametrize(
    ("news", "prop", "words"),
    [
        ({"tools": {"github": {"enable": ["A"], "disable": ["B"]}}}, "tools", "exactly one"),
        ({"tools": {"github": ["A"]}}, "tools", "must be a rule"),
        ({"tools": {"github": {"tags": ["loudHint"]}}}, "tools", "is not a tag"),
        ({"tags": ["readOnly"]}, "tags", "is not a tag"),
        ({"auth_configs": {"github": 3}}, "auth_configs", "auth config id"),
        ({"connected_accounts": {"github": "ca_1"}}, "connected_accounts", "list"),
        ({"search": {"enabled": False}}, "search", "search.enabled is not a setting"),
        ({"workbench": {"enable": "yes"}}, "workbench", "wrong type"),
        ({"direct_tools": "yes"}, "direct_tools", "true or false"),
        ({"direct_tools": True}, "direct_tools", "name them"),
        ({"direct_tools": True, "toolkits": ["github"], "search": {}}, "search", "remove"),
        ({"adopt_session_id": ""}, "adopt_session_id", "tool router session"),
    ],
)
def test_each_bad_input_is_one_problem_naming_its_field(
    news: dict[str, Any], prop: str, words: str
) -> None:
    found = problems_of({"user_id": "u", **news})
    assert set(found) == {prop}, found
    assert words in found[prop]


def test_unknowns_pass_check_untouched() -> None:
    news = {
        "user_id": UNKNOWN,
        "toolkits": [UNKNOWN],
        "tools": {"github": UNKNOWN},
        "auth_configs": {"github": UNKNOWN},
        "direct_tools": True,
    }
    inputs, problems = check_inputs({}, news)
    assert problems == []
    assert inputs["auth_configs"] == {"github": UNKNOWN}


@given(slugs, st.lists(st.sampled_from(TAGS), max_size=4))
def test_lists_are_sets_so_order_and_repeats_never_change_anything(
    toolkits: list[str], tags: list[str]
) -> None:
    first, _ = check_inputs({}, {"user_id": "u", "toolkits": toolkits, "tags": tags})
    second, _ = check_inputs(
        {}, {"user_id": "u", "toolkits": list(reversed(toolkits)) * 2, "tags": tags[::-1]}
    )
    assert first == second
    assert diff_inputs(first, second).changed == []


def test_a_new_user_replaces_and_anything_else_patches() -> None:
    olds = {"user_id": "u", "toolkits": ["github"], "config_version": 1}
    assert diff_inputs(olds, {"user_id": "v", "toolkits": ["github"]}).replaces == ["user_id"]
    changes = diff_inputs(olds, {"user_id": "u", "toolkits": ["github", "slack"]})
    assert changes.changed == ["toolkits"]
    assert changes.replaces == []
    unknown = diff_inputs(olds, {"user_id": UNKNOWN, "toolkits": ["github"]})
    assert unknown.replaces == ["user_id"]


def test_an_undeclared_policy_block_is_never_a_change() -> None:
    olds = {"user_id": "u", "search": {"enable": True}}
    assert diff_inputs(olds, {"user_id": "u"}).changed == []


def test_direct_tools_sends_the_preset_and_only_the_declared_blocks() -> None:
    body = create_request(
        {"user_id": "u", "toolkits": ["github"], "direct_tools": True, "tags": None}
    ).to_body()
    assert body == {
        "user_id": "u",
        "toolkits": {"enable": ["github"]},
        "search": {"enable": False},
        "execute": {"enable_multi_execute": False},
        "manage_connections": {"enable": False},
        "workbench": {"enable": False},
        "preload": {"tools": "all"},
    }


def test_a_patch_sends_the_changed_blocks_and_the_version() -> None:
    body = patch_request(["tools", "tags"], {"user_id": "u", "tools": {"x": {"enable": []}}}, 3)
    assert body.to_body() == {
        "tools": {"x": {"enable": []}},
        "tags": None,
        "expected_config_version": 3,
    }


def session_json(version: int = 1, **config: Any) -> dict[str, Any]:
    return {
        "session_id": "trs_1",
        "config": {"user_id": "u", **config},
        "config_version": version,
        "mcp": {"type": "http", "url": "https://mcp.test/tool_router/trs_1/mcp"},
        "tool_router_tools": ["COMPOSIO_SEARCH_TOOLS"],
    }


def test_outputs_read_the_config_back_in_the_declarations_words() -> None:
    session = ToolRouterSession.model_validate(
        session_json(
            toolkits={"enabled": ["slack", "github"]},
            tools={"github": {"enabled": ["B", "A"]}},
            tags={"enabled": ["readOnlyHint"]},
            workbench={"enable": True, "proxy_execution_enabled": False},
        )
    )
    outputs = outputs_from_api(
        session, {"user_id": "u", "workbench": {"enable_proxy_execution": True}}
    )
    assert outputs["toolkits"] == ["github", "slack"]
    assert outputs["tools"] == {"github": {"enable": ["A", "B"]}}
    assert outputs["tags"] == ["readOnlyHint"]
    assert outputs["workbench"] == {"enable_proxy_execution": False}
    assert outputs["search"] is None
    assert API_KEY not in outputs["client_config"]
    assert (
        "${env:COMPOSIO_API_KEY}"
        in json.loads(outputs["client_config"])["mcpServers"]["composio"]["headers"]["x-api-key"]
    )


def service_with(replies: list[httpx.Response], monkeypatch: pytest.MonkeyPatch) -> Any:
    client, recorder, _ = make_client(scripted(replies))
    service = SessionService(Config({}, ""))
    monkeypatch.setattr(service, "_api", lambda **_: client)
    return service, recorder


def test_a_create_is_one_post(monkeypatch: pytest.MonkeyPatch) -> None:
    service, recorder = service_with([httpx.Response(201, json=session_json())], monkeypatch)
    found = service.create({"user_id": "u", "toolkits": ["github"]})
    assert found.id == "trs_1"
    assert [r.method for r in recorder.requests] == ["POST"]


def test_an_update_is_one_patch_with_the_config_version(monkeypatch: pytest.MonkeyPatch) -> None:
    service, recorder = service_with([httpx.Response(200, json=session_json(3))], monkeypatch)
    olds = {"user_id": "u", "toolkits": ["github"], "config_version": 2.0}
    outputs = service.update("trs_1", olds, {"user_id": "u", "toolkits": ["slack"]})
    assert outputs["config_version"] == 3
    assert recorder.bodies("PATCH") == [
        {"toolkits": {"enable": ["slack"]}, "expected_config_version": 2}
    ]
    assert len(recorder.requests) == 1


def test_a_session_changed_elsewhere_fails_the_update_with_what_to_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service, recorder = service_with([httpx.Response(409, json=envelope(409))], monkeypatch)
    olds = {"user_id": "u", "toolkits": ["github"], "config_version": 2}
    with pytest.raises(ChangedElsewhere, match="pulumi refresh") as failed:
        service.update("trs_1", olds, {"user_id": "u", "toolkits": ["slack"]})
    assert "\n" not in str(failed.value)
    assert len(recorder.requests) == 1


def test_a_gone_session_reads_as_absent_and_deletes_quietly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gone = httpx.Response(404, json=envelope(404, "No tool router session"))
    service, recorder = service_with([gone, gone], monkeypatch)
    assert service.read("trs_1", {"user_id": "u"}).id == ""
    service.delete("trs_1", {"user_id": "u"})
    assert [r.method for r in recorder.requests] == ["GET", "DELETE"]


def test_adopting_a_session_reads_it_and_patches_only_the_difference(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    live = session_json(4, toolkits={"enabled": ["github"]})
    service, recorder = service_with(
        [httpx.Response(200, json=live), httpx.Response(200, json=session_json(5))], monkeypatch
    )
    found = service.create(
        {"user_id": "u", "toolkits": ["github"], "tags": ["readOnlyHint"], "adopt_session_id": "t"}
    )
    assert found.id == "trs_1"
    assert [r.method for r in recorder.requests] == ["GET", "PATCH"]
    assert recorder.bodies("PATCH") == [{"tags": ["readOnlyHint"], "expected_config_version": 4}]


def test_adopting_another_users_session_fails_naming_the_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    service, _ = service_with([httpx.Response(200, json=session_json())], monkeypatch)
    with pytest.raises(AdoptionFailed, match="set user_id to 'u'"):
        service.create({"user_id": "someone-else", "adopt_session_id": "trs_1"})


def test_a_create_with_an_unknown_outcome_says_how_to_take_the_session_over() -> None:
    client, recorder, _ = make_client(scripted([httpx.Response(500, json=envelope(500))]))
    with pytest.raises(AmbiguousCreateError, match="adopt_session_id") as unknown:
        client.create_session(CreateSessionRequest(user_id="u"))
    assert API_KEY not in str(unknown.value)
    assert len(recorder.requests) == 1
