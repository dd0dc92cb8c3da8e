"""The client's session endpoints against the emulator, under each API prefix: create, get,
patch with the config version (a stale one is Composio's 409), delete, then 404."""

from __future__ import annotations

import pytest

from pulumi_composio.api.client import ComposioClient
from pulumi_composio.api.models import CreateSessionRequest, PatchSessionRequest
from pulumi_composio.errors import ComposioApiError, NotFound


def test_a_session_is_created_read_patched_and_deleted(client: ComposioClient) -> None:
    created = client.create_session(
        CreateSessionRequest(
            user_id="support-bot",
            toolkits={"enable": ["github"]},
            tools={"github": {"enable": ["GITHUB_CREATE_ISSUE"]}},
        )
    )
    assert created.config["user_id"] == "support-bot"
    assert created.config_version == 1
    assert created.session_id in created.mcp.url

    read = client.get_session(created.session_id)
    assert read.config == created.config

    patched = client.patch_session(
        created.session_id,
        PatchSessionRequest(tags=["readOnlyHint"], expected_config_version=1),
    )
    assert patched.config_version == 2
    assert patched.config["tags"] == {"enabled": ["readOnlyHint"]}

    client.delete_session(created.session_id)
    with pytest.raises(NotFound):
        client.get_session(created.session_id)


def test_a_stale_config_version_is_refused_and_changes_nothing(client: ComposioClient) -> None:
    session = client.create_session(CreateSessionRequest(user_id="u"))
    client.patch_session(session.session_id, PatchSessionRequest(tags=["readOnlyHint"]))
    with pytest.raises(ComposioApiError) as refused:
        client.patch_session(
            session.session_id, PatchSessionRequest(tags=None, expected_config_version=1)
        )
    assert refused.value.status == 409
    assert client.get_session(session.session_id).config_version == 2


def test_a_none_block_goes_back_to_the_default(client: ComposioClient) -> None:
    session = client.create_session(CreateSessionRequest(user_id="u", tags=["readOnlyHint"]))
    patched = client.patch_session(session.session_id, PatchSessionRequest(tags=None))
    assert "tags" not in patched.config
