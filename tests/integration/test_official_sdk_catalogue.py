"""The official ``composio-client`` SDK, unchanged and strictly validating, on the catalogue.

Its ``toolkits`` and ``tools`` resources read the emulator's toolkit and tool routes; strict
validation fails on any field the emulator leaves out or mistypes. As for auth configs, one
variant moves the SDK's ``/api/v3.1`` calls to ``/api/v3``, so both prefixes meet the models.
"""

from __future__ import annotations

import composio_client
import pytest

from pulumi_composio.emulator import BUILT_IN, EmulatorAdmin, RunningEmulator
from tests.support.official_sdk import refused_with_a_wrong_key


def test_sdk_reads_every_toolkit_route(
    composio: composio_client.Composio, admin: EmulatorAdmin, sdk_prefix: str
) -> None:
    listed = composio.toolkits.list(limit=100, managed_by="composio", sort_by="usage")
    assert [item.slug for item in listed.items] == list(BUILT_IN.toolkits)
    assert listed.next_cursor is None
    github = listed.items[0]
    assert github.auth_schemes == ["OAUTH2", "BEARER_TOKEN"]
    assert github.composio_managed_auth_schemes == ["OAUTH2"]
    assert github.meta.tools_count == len(BUILT_IN.toolkits["github"].tools)
    assert [c.id for c in github.meta.categories] == ["developer-tools", "collaboration"]

    linear = composio.toolkits.retrieve("linear")
    assert (linear.slug, linear.name, linear.enabled) == ("linear", "Linear", True)
    assert [d.mode for d in linear.auth_config_details or []] == ["OAUTH2", "API_KEY"]
    assert linear.composio_managed_auth_schemes == ["OAUTH2"]
    assert linear.meta.available_versions == [linear.meta.version]

    found = composio.toolkits.list(category="communication", search="mail")
    assert [item.slug for item in found.items] == ["gmail"]
    assert all(r["path"].startswith(sdk_prefix + "/toolkits") for r in admin.requests())


def test_sdk_reads_every_tool_route(composio: composio_client.Composio) -> None:
    listed = composio.tools.list(toolkit_slug="slack", limit=100)
    assert [item.slug for item in listed.items] == list(BUILT_IN.toolkits["slack"].tools)
    assert {item.toolkit.slug for item in listed.items} == {"slack"}
    picked = composio.tools.list(tool_slugs="GITHUB_CREATE_ISSUE,NOTION_FETCH_DATA")
    assert [item.slug for item in picked.items] == ["GITHUB_CREATE_ISSUE", "NOTION_FETCH_DATA"]
    assert [i.slug for i in composio.tools.list(query="draft").items] == [
        "GMAIL_CREATE_EMAIL_DRAFT"
    ]

    tool = composio.tools.retrieve("GITHUB_CREATE_ISSUE")
    described = BUILT_IN.tool("GITHUB_CREATE_ISSUE")
    assert described is not None
    assert (tool.name, tool.description) == (described.name, described.description)
    assert tool.input_parameters == described.input_schema
    assert tool.deprecated.display_name == described.name
    assert tool.is_deprecated is False


def test_sdk_pages_the_tools_of_a_toolkit_with_the_cursor(
    composio: composio_client.Composio,
) -> None:
    seen: list[str] = []
    page = composio.tools.list(toolkit_slug="github", limit=2)
    seen += [item.slug for item in page.items]
    while page.next_cursor:
        page = composio.tools.list(toolkit_slug="github", cursor=page.next_cursor)
        seen += [item.slug for item in page.items]
    assert seen == list(BUILT_IN.toolkits["github"].tools)
    assert page.total_items == len(seen)
    assert page.current_page == page.total_pages == 3


def test_sdk_sees_unknown_slugs_as_not_found(
    composio: composio_client.Composio, emulator: RunningEmulator
) -> None:
    with pytest.raises(composio_client.NotFoundError) as toolkit:
        composio.toolkits.retrieve("githb")
    with pytest.raises(composio_client.NotFoundError) as tool:
        composio.tools.retrieve("GITHUB_CREATE_ISSU")
    for raised, slug in ((toolkit, "Toolkit_NotFound"), (tool, "Tool_NotFound")):
        body = raised.value.body
        assert isinstance(body, dict)
        assert body["error"]["slug"] == slug
    with pytest.raises(composio_client.BadRequestError):
        composio.toolkits.list(limit=5000)
    refused_with_a_wrong_key(emulator, lambda wrong: wrong.toolkits.list())
