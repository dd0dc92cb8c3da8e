"""The official ``composio-client`` SDK, unchanged and strictly validating, on auth configs.

The SDK calls ``/api/v3.1`` only; to hold the emulator's ``/api/v3`` answers to the same
models, one variant gives the SDK an httpx client whose request hook moves each call to
``/api/v3``. Every route the SDK's ``auth_configs`` resource knows is driven here.
"""

from __future__ import annotations

import composio_client
import pytest

from pulumi_composio.emulator import EmulatorAdmin, RunningEmulator
from tests.support.emulator_keys import READ_ONLY_KEY
from tests.support.official_sdk import official_sdk, refused_with_a_wrong_key

SECRET = "lin_api_sdk_5e6f7a8b"


def test_sdk_drives_every_auth_config_route(
    composio: composio_client.Composio, admin: EmulatorAdmin, sdk_prefix: str
) -> None:
    managed = composio.auth_configs.create(
        toolkit={"slug": "github"},
        auth_config={
            "type": "use_composio_managed_auth",
            "credentials": {"scopes": ["repo"]},
            "restrict_to_following_tools": ["GITHUB_CREATE_ISSUE"],
        },
    )
    assert managed.toolkit.slug == "github"
    assert managed.auth_config.is_composio_managed is True
    assert managed.auth_config.restrict_to_following_tools == ["GITHUB_CREATE_ISSUE"]

    custom = composio.auth_configs.create(
        toolkit={"slug": "linear"},
        auth_config={
            "type": "use_custom_auth",
            "auth_scheme": "API_KEY",
            "name": "Linear via SDK",
            "credentials": {"api_key": SECRET},  # type: ignore[typeddict-unknown-key]
        },
    )
    custom_id = custom.auth_config.id
    assert custom.auth_config.auth_scheme == "API_KEY"
    assert custom.auth_config.is_composio_managed is False

    got = composio.auth_configs.retrieve(custom_id)
    assert got.name == "Linear via SDK"
    assert got.type == "custom"
    assert got.status == "ENABLED"
    assert got.toolkit.slug == "linear"
    assert got.credentials == {"api_key": "REDACTED"}

    composio.auth_configs.update(custom_id, type="custom", name="Linear renamed")
    composio.auth_configs.update(managed.auth_config.id, type="default", scopes=["repo", "gist"])
    assert composio.auth_configs.retrieve(custom_id).name == "Linear renamed"
    scopes = composio.auth_configs.retrieve(managed.auth_config.id).credentials
    assert scopes == {"scopes": ["repo", "gist"]}

    composio.auth_configs.update_status("DISABLED", nanoid=custom_id)
    assert composio.auth_configs.retrieve(custom_id).status == "DISABLED"
    hidden = composio.auth_configs.list(toolkit_slug="linear")
    assert [item.id for item in hidden.items] == ["ac_linear_default"]
    shown = composio.auth_configs.list(toolkit_slug="linear", show_disabled=True)
    assert {item.id for item in shown.items} == {custom_id, "ac_linear_default"}
    composio.auth_configs.update_status("ENABLED", nanoid=custom_id)

    mine = composio.auth_configs.list(is_composio_managed=False, search="renamed")
    assert [item.id for item in mine.items] == [custom_id]
    assert mine.total_items == 1
    assert mine.next_cursor is None

    deleted = composio.auth_configs.delete(custom_id, revoke_on_delete=True)
    assert deleted.revoke_job_id
    with pytest.raises(composio_client.NotFoundError):
        composio.auth_configs.retrieve(custom_id)
    assert SECRET not in str(admin.auth_configs(include_deleted=True))

    log = admin.requests()
    assert {(r["method"], r["path"].removeprefix(sdk_prefix)) for r in log} == {
        ("POST", "/auth_configs"),
        ("GET", f"/auth_configs/{custom_id}"),
        ("GET", f"/auth_configs/{managed.auth_config.id}"),
        ("PATCH", f"/auth_configs/{custom_id}"),
        ("PATCH", f"/auth_configs/{managed.auth_config.id}"),
        ("PATCH", f"/auth_configs/{custom_id}/DISABLED"),
        ("PATCH", f"/auth_configs/{custom_id}/ENABLED"),
        ("GET", "/auth_configs"),
        ("DELETE", f"/auth_configs/{custom_id}"),
    }
    assert all(r["path"].startswith(sdk_prefix + "/auth_configs") for r in log)


def test_sdk_pages_with_the_cursor(composio: composio_client.Composio) -> None:
    seen: list[str] = []
    page = composio.auth_configs.list(limit=2)
    pages = 1
    seen += [item.id for item in page.items]
    while page.next_cursor:
        page = composio.auth_configs.list(cursor=page.next_cursor)
        seen += [item.id for item in page.items]
        pages += 1
    assert pages == page.total_pages == 4
    assert len(seen) == len(set(seen)) == page.total_items == 7


def test_sdk_made_config_is_usable_by_a_server_until_disabled(
    composio: composio_client.Composio,
) -> None:
    made = composio.auth_configs.create(toolkit={"slug": "slack"})
    server = composio.mcp.custom.create(name="sdk auth user", auth_config_ids=[made.auth_config.id])
    assert server.auth_config_ids == [made.auth_config.id]
    composio.auth_configs.update_status("DISABLED", nanoid=made.auth_config.id)
    with pytest.raises(composio_client.BadRequestError) as refused:
        composio.mcp.update(server.id, auth_config_ids=[made.auth_config.id])
    body = refused.value.body
    assert isinstance(body, dict)
    assert body["error"]["errors"] == [
        f"auth_config_ids: disabled auth config '{made.auth_config.id}'"
    ]


def test_sdk_sees_the_documented_auth_config_errors(
    composio: composio_client.Composio, emulator: RunningEmulator
) -> None:
    with pytest.raises(composio_client.BadRequestError) as bad:
        composio.auth_configs.create(toolkit={"slug": "jira"})
    body = bad.value.body
    assert isinstance(body, dict)
    assert body["error"]["slug"] == "AuthConfig_InvalidRequest"
    with pytest.raises(composio_client.BadRequestError):
        composio.auth_configs.update("ac_github_default", type="custom", name="switch")
    with pytest.raises(composio_client.NotFoundError):
        composio.auth_configs.retrieve("ac_nothing")
    with pytest.raises(composio_client.NotFoundError):
        composio.auth_configs.delete("ac_nothing")
    refused_with_a_wrong_key(emulator, lambda wrong: wrong.auth_configs.list())
    with official_sdk(emulator, prefix="/api/v3.1", api_key=READ_ONLY_KEY) as reader:
        assert reader.auth_configs.retrieve("ac_1").id == "ac_1"
        with pytest.raises(composio_client.PermissionDeniedError):
            reader.auth_configs.create(toolkit={"slug": "github"})
        with pytest.raises(composio_client.PermissionDeniedError):
            reader.auth_configs.update_status("DISABLED", nanoid="ac_1")
