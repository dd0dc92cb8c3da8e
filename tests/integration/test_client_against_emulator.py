"""``ComposioClient`` through every endpoint, over real HTTP, under both API prefixes.

The unit tests prove the client against canned answers; these prove that the client and
the emulator agree on the wire: paths, query parameters, bodies, pagination and the
error envelope, so that a drift on either side shows up here rather than in a
``pulumi up``.
"""

from __future__ import annotations

import json
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest

from pulumi_composio.api.client import ComposioClient
from pulumi_composio.api.models import (
    CreateCustomServerRequest,
    CreatedCustomServer,
    GenerateUrlsRequest,
    UpdateServerRequest,
)
from pulumi_composio.emulator import EmulatorAdmin
from pulumi_composio.errors import (
    AuthenticationFailed,
    ComposioApiError,
    InvalidRequest,
    ServerNotFound,
)
from tests.support.api_log import api_requests
from tests.support.emulator_calls import ClientFactory, make_server
from tests.support.emulator_keys import API_KEY, READ_ONLY_KEY
from tests.support.recording_client import RecordingTransport

FULL = CreateCustomServerRequest(
    name="support tools",
    toolkits=["github", "slack"],
    allowed_tools=["GITHUB_CREATE_ISSUE", "SLACK_SEND_MESSAGE"],
    auth_config_ids=["ac_github_default", "ac_slack_default"],
    managed_auth_via_composio=True,
)


# --- create / get ----------------------------------------------------------------------


def test_create_returns_the_short_form(
    client: ComposioClient, admin: EmulatorAdmin, api_prefix: str
) -> None:
    """The 201 answer lacks toolkits and timestamps; the model must not invent them."""
    created = client.create_custom_server(FULL)
    assert isinstance(created, CreatedCustomServer)
    assert created.name == "support tools"
    assert created.allowed_tools == ["GITHUB_CREATE_ISSUE", "SLACK_SEND_MESSAGE"]
    assert created.auth_config_ids == ["ac_github_default", "ac_slack_default"]
    assert created.toolkits is None
    assert created.managed_auth_via_composio is None
    assert created.created_at is None
    assert created.updated_at is None
    assert created.mcp_url.endswith(f"/v3/mcp/{created.id}")
    assert created.mcp_url in created.commands.cursor
    assert created.mcp_url in created.commands.claude
    assert created.mcp_url in created.commands.windsurf
    [logged] = api_requests(admin)
    assert (logged["method"], logged["path"], logged["status"]) == (
        "POST",
        f"{api_prefix}/mcp/servers/custom",
        201,
    )
    [stored] = admin.servers()
    assert stored["id"] == created.id


def test_get_returns_every_field(client: ComposioClient, admin: EmulatorAdmin) -> None:
    created = client.create_custom_server(FULL)
    server = client.get_server(created.id)
    assert server.id == created.id
    assert server.name == "support tools"
    assert server.toolkits == ["github", "slack"]
    assert server.allowed_tools == ["GITHUB_CREATE_ISSUE", "SLACK_SEND_MESSAGE"]
    assert server.auth_config_ids == ["ac_github_default", "ac_slack_default"]
    assert server.managed_auth_via_composio is True
    assert server.mcp_url == created.mcp_url
    assert server.commands == created.commands
    assert server.deleted is False
    assert server.created_at == server.updated_at
    assert set(server.toolkit_icons) == {"github", "slack"}
    assert server.model_dump(mode="json") == admin.servers()[0]


def test_minimal_create_defaults_lists_and_flag(client: ComposioClient) -> None:
    server = make_server(client, "bare")
    assert server.toolkits == []
    assert server.allowed_tools == []
    assert server.auth_config_ids == []
    assert server.managed_auth_via_composio is False


def test_deprecated_custom_tools_arrive_as_allowed_tools(client: ComposioClient) -> None:
    server = make_server(client, "legacy tools", custom_tools=["LINEAR_CREATE_ISSUE"])
    assert server.allowed_tools == ["LINEAR_CREATE_ISSUE"]


def test_user_api_key_header(make_client: ClientFactory, admin: EmulatorAdmin) -> None:
    client = make_client(key_header="x-user-api-key")
    created = client.create_custom_server(CreateCustomServerRequest(name="user key"))
    assert client.get_server(created.id).name == "user key"


# --- update ----------------------------------------------------------------------------


def test_update_sends_only_the_given_fields_and_keeps_the_rest(
    make_client: ClientFactory, admin: EmulatorAdmin, api_prefix: str
) -> None:
    transport = RecordingTransport()
    client = make_client(api_prefix=api_prefix, transport=transport)
    before = make_server(client, FULL.name, **FULL.model_dump(exclude={"name"}, exclude_none=True))
    time.sleep(0.002)  # timestamps have millisecond resolution; make updated_at move
    after = client.update_server(before.id, UpdateServerRequest(name="support tools v2"))
    patch = transport.exchanges[-1]
    assert (patch.method, patch.path, patch.status) == (
        "PATCH",
        f"{api_prefix}/mcp/{before.id}",
        200,
    )
    assert json.loads(patch.body) == {"name": "support tools v2"}
    assert api_requests(admin, "PATCH")[0]["query"] == ""
    assert after.name == "support tools v2"
    unchanged = ("toolkits", "allowed_tools", "auth_config_ids", "managed_auth_via_composio")
    for field in unchanged:
        assert getattr(after, field) == getattr(before, field), field
    assert after.created_at == before.created_at
    assert after.updated_at > before.updated_at
    assert client.get_server(before.id) == after


def test_update_can_empty_lists_and_flip_the_flag(make_client: ClientFactory) -> None:
    """An explicit empty list is a change, not an omitted field."""
    transport = RecordingTransport()
    client = make_client(transport=transport)
    before = make_server(client, FULL.name, **FULL.model_dump(exclude={"name"}, exclude_none=True))
    after = client.update_server(
        before.id,
        UpdateServerRequest(
            allowed_tools=[], auth_config_ids=["ac_linear_default"], managed_auth_via_composio=False
        ),
    )
    assert json.loads(transport.exchanges[-1].body) == {
        "allowed_tools": [],
        "auth_config_ids": ["ac_linear_default"],
        "managed_auth_via_composio": False,
    }
    assert after.allowed_tools == []
    assert after.auth_config_ids == ["ac_linear_default"]
    assert after.managed_auth_via_composio is False
    assert after.toolkits == before.toolkits
    assert after.name == before.name


def test_update_of_toolkits_changes_icons(client: ComposioClient) -> None:
    server = make_server(client, "icons", toolkits=["github"])
    after = client.update_server(server.id, UpdateServerRequest(toolkits=["notion", "gmail"]))
    assert after.toolkits == ["notion", "gmail"]
    assert set(after.toolkit_icons) == {"notion", "gmail"}


# --- delete ----------------------------------------------------------------------------


def test_delete_is_soft(client: ComposioClient, admin: EmulatorAdmin) -> None:
    keep = make_server(client, "keeper")
    gone = make_server(client, "goner")
    result = client.delete_server(gone.id)
    assert (result.id, result.deleted) == (gone.id, True)
    read = client.get_server(gone.id)
    assert read.deleted is True
    assert read.name == "goner"
    assert [s.id for s in client.list_servers()] == [keep.id]
    assert client.find_servers_by_exact_name("goner") == []
    with pytest.raises(ServerNotFound) as second:
        client.delete_server(gone.id)
    assert second.value.status == 404
    assert second.value.slug == "MCP_ServerNotFound"
    with pytest.raises(ServerNotFound):
        client.update_server(gone.id, UpdateServerRequest(name="lazarus"))
    assert {s["id"]: s["deleted"] for s in admin.servers(include_deleted=True)} == {
        keep.id: False,
        gone.id: True,
    }


# --- list ------------------------------------------------------------------------------


@pytest.fixture
def five(client: ComposioClient) -> list[str]:
    """Five servers, oldest first, with toolkits and auth configs to filter on."""
    specs = [
        ("Alpha Tools", ["github"], ["ac_github_default"]),
        ("alpha helpers", ["slack"], ["ac_slack_default"]),
        ("Beta ALPHA", ["github", "slack"], []),
        ("gamma", ["gmail"], ["ac_gmail_default", "ac_1"]),
        ("delta", [], ["ac_2"]),
    ]
    return [
        client.create_custom_server(
            CreateCustomServerRequest(name=name, toolkits=toolkits, auth_config_ids=auth)
        ).id
        for name, toolkits, auth in specs
    ]


def test_list_walks_every_page(
    client: ComposioClient, admin: EmulatorAdmin, five: list[str], api_prefix: str
) -> None:
    admin.clear_requests()
    servers = list(client.list_servers(page_size=2, order_by="created_at", order_direction="asc"))
    assert [s.id for s in servers] == five
    gets = api_requests(admin, "GET")
    assert [r["path"] for r in gets] == [f"{api_prefix}/mcp/servers"] * 3
    queries = [dict(urllib.parse.parse_qsl(r["query"])) for r in gets]
    assert [q["page_no"] for q in queries] == ["1", "2", "3"]
    assert {q["limit"] for q in queries} == {"2"}


def test_list_is_lazy(client: ComposioClient, admin: EmulatorAdmin, five: list[str]) -> None:
    """Taking the first item fetches one page, not all of them."""
    admin.clear_requests()
    first = next(iter(client.list_servers(page_size=2)))
    assert first.id == five[-1]
    assert len(api_requests(admin)) == 1


def test_list_of_nothing_is_one_request(client: ComposioClient, admin: EmulatorAdmin) -> None:
    assert list(client.list_servers(page_size=2)) == []
    assert len(api_requests(admin)) == 1


def test_list_order(client: ComposioClient, five: list[str]) -> None:
    newest_first = [s.id for s in client.list_servers(page_size=2)]
    assert newest_first == five[::-1]
    asc = [s.id for s in client.list_servers(order_by="created_at", order_direction="asc")]
    assert asc == five
    desc = [s.id for s in client.list_servers(order_by="created_at", order_direction="desc")]
    assert desc == five[::-1]


def test_list_by_updated_at(client: ComposioClient, five: list[str]) -> None:
    time.sleep(0.002)  # timestamps have millisecond resolution
    client.update_server(five[1], UpdateServerRequest(toolkits=["linear"]))
    by_update = [s.id for s in client.list_servers(order_by="updated_at", order_direction="desc")]
    assert by_update[0] == five[1]
    assert sorted(by_update) == sorted(five)
    ascending = list(client.list_servers(order_by="updated_at", order_direction="asc"))
    assert ascending[-1].id == five[1]
    stamps = [s.updated_at for s in ascending]
    assert stamps == sorted(stamps)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("alpha", [0, 1, 2]), ("ALPHA", [0, 1, 2]), ("pha t", [0]), ("elt", [4]), ("zeta", [])],
)
def test_list_name_filter_is_partial_and_case_insensitive(
    client: ComposioClient, five: list[str], name: str, expected: list[int]
) -> None:
    found = client.list_servers(name=name, page_size=2, order_direction="asc")
    assert [s.id for s in found] == [five[i] for i in expected]


@pytest.mark.parametrize(
    ("toolkits", "expected"),
    [(["github"], [0, 2]), (["slack", "gmail"], [1, 2, 3]), (["notion"], [])],
)
def test_list_toolkits_filter_matches_any(
    client: ComposioClient, five: list[str], toolkits: list[str], expected: list[int]
) -> None:
    found = client.list_servers(toolkits=toolkits, order_direction="asc")
    assert [s.id for s in found] == [five[i] for i in expected]


@pytest.mark.parametrize(
    ("auth", "expected"),
    [(["ac_1"], [3]), (["ac_github_default", "ac_2"], [0, 4]), (["ac_notion_default"], [])],
)
def test_list_auth_config_filter_matches_any(
    client: ComposioClient, five: list[str], auth: list[str], expected: list[int]
) -> None:
    found = client.list_servers(auth_config_ids=auth, order_direction="asc")
    assert [s.id for s in found] == [five[i] for i in expected]


def test_list_filters_combine(client: ComposioClient, five: list[str]) -> None:
    found = client.list_servers(name="alpha", toolkits=["slack"], order_direction="asc")
    assert [s.id for s in found] == [five[1], five[2]]


# --- find by exact name ----------------------------------------------------------------


def test_find_by_exact_name_ignores_partial_and_case_matches(
    client: ComposioClient, five: list[str]
) -> None:
    """The partial, case-insensitive list filter finds three; only one is exactly it."""
    [found] = client.find_servers_by_exact_name("Alpha Tools")
    assert found.id == five[0]
    assert client.find_servers_by_exact_name("alpha") == []


def test_find_by_exact_name_across_pages(make_client: ClientFactory, admin: EmulatorAdmin) -> None:
    """Sixty near-namesakes push the real ones onto later pages of the 50-item default."""
    client = make_client()
    for n in range(60):
        client.create_custom_server(CreateCustomServerRequest(name=f"twin {n:02d}"))
    first = client.create_custom_server(CreateCustomServerRequest(name="twin"))
    second = client.create_custom_server(CreateCustomServerRequest(name="twin"))
    admin.clear_requests()
    found = client.find_servers_by_exact_name("twin")
    assert [s.id for s in found] == [first.id, second.id]
    assert len(api_requests(admin, "GET")) == 2


# --- generate --------------------------------------------------------------------------


def test_generate_urls(client: ComposioClient, api_prefix: str, admin: EmulatorAdmin) -> None:
    server = make_server(client, "per user")
    urls = client.generate_urls(
        GenerateUrlsRequest(
            mcp_server_id=server.id,
            user_ids=["alice", "bob@example.com"],
            connected_account_ids=["ca_1"],
            managed_auth_by_composio=True,
        )
    )
    assert urls.mcp_url == server.mcp_url
    assert urls.user_ids_url == [
        f"{server.mcp_url}?user_id=alice",
        f"{server.mcp_url}?user_id=bob%40example.com",
    ]
    assert urls.connected_account_urls == [f"{server.mcp_url}?connected_account_id=ca_1"]
    assert api_requests(admin)[-1]["path"] == f"{api_prefix}/mcp/servers/generate"


def test_generate_urls_with_no_ids(client: ComposioClient) -> None:
    server = make_server(client, "no ids")
    urls = client.generate_urls(GenerateUrlsRequest(mcp_server_id=server.id))
    assert urls.mcp_url == server.mcp_url
    assert urls.user_ids_url == []
    assert urls.connected_account_urls == []


# --- errors ----------------------------------------------------------------------------


def check_one_line(error: ComposioApiError, status: int, slug: str, admin: EmulatorAdmin) -> None:
    """A user-facing line naming status, slug, message and request id, and no key."""
    text = str(error)
    assert "\n" not in text
    assert text.startswith(f"Composio API {status} ({slug}): ")
    assert error.status == status
    assert error.slug == slug
    assert error.message
    assert error.message.rstrip(".") in text
    assert error.request_id is not None
    assert f"request_id={error.request_id}" in text
    assert error.request_id in {r["request_id"] for r in admin.requests()}
    assert API_KEY not in text
    assert READ_ONLY_KEY not in text
    assert API_KEY not in repr(error.__dict__)


@pytest.mark.parametrize(
    ("request_", "problem"),
    [
        (CreateCustomServerRequest(name="ab"), "must be 4-30 characters"),
        (CreateCustomServerRequest(name="bad_name!"), "must be 4-30 characters"),
        (CreateCustomServerRequest(name="okay", toolkits=["jira"]), "unknown toolkit 'jira'"),
        (
            CreateCustomServerRequest(name="okay", allowed_tools=["GITHUB_DELETE_EVERYTHING"]),
            "unknown tool 'GITHUB_DELETE_EVERYTHING'",
        ),
        (
            CreateCustomServerRequest(name="okay", custom_tools=["NOPE_TOOL"]),
            "unknown tool 'NOPE_TOOL'",
        ),
        (
            CreateCustomServerRequest(name="okay", auth_config_ids=["ac_missing"]),
            "unknown auth config 'ac_missing'",
        ),
    ],
)
def test_invalid_create_raises_invalid_request(
    client: ComposioClient,
    admin: EmulatorAdmin,
    request_: CreateCustomServerRequest,
    problem: str,
) -> None:
    with pytest.raises(InvalidRequest) as caught:
        client.create_custom_server(request_)
    error = caught.value
    check_one_line(error, 400, "MCP_InvalidRequest", admin)
    assert any(problem in item for item in error.errors), error.errors
    assert problem in str(error)
    assert error.suggested_fix
    assert f"Fix: {error.suggested_fix}" in str(error)
    assert len(api_requests(admin)) == 1, "a 400 is final and must not be retried"
    assert admin.servers() == []


def test_invalid_update_raises_invalid_request(
    client: ComposioClient, admin: EmulatorAdmin
) -> None:
    server = make_server(client, "valid name")
    with pytest.raises(InvalidRequest) as caught:
        client.update_server(server.id, UpdateServerRequest(name="x", toolkits=["nope"]))
    check_one_line(caught.value, 400, "MCP_InvalidRequest", admin)
    assert len(caught.value.errors) == 2
    assert client.get_server(server.id) == server
    assert len(api_requests(admin, "PATCH")) == 1


def test_empty_update_raises_invalid_request(client: ComposioClient, admin: EmulatorAdmin) -> None:
    server = make_server(client, "valid name")
    with pytest.raises(InvalidRequest) as caught:
        client.update_server(server.id, UpdateServerRequest())
    assert "nothing to update" in str(caught.value)


def test_the_key_echoed_by_the_server_is_redacted(
    client: ComposioClient, admin: EmulatorAdmin
) -> None:
    """A user who pastes the key into the wrong field must not see it printed back."""
    with pytest.raises(InvalidRequest) as caught:
        client.create_custom_server(CreateCustomServerRequest(name="okay", toolkits=[API_KEY]))
    raw_errors = [r for r in admin.requests() if r["status"] == 400]
    assert raw_errors, "the emulator answered the bad toolkit"
    text = str(caught.value)
    assert API_KEY not in text
    assert "[redacted]" in text
    assert all(API_KEY not in item for item in caught.value.errors)


@pytest.mark.parametrize("operation", ["get", "update", "delete", "generate"])
def test_unknown_id_raises_server_not_found(
    client: ComposioClient, admin: EmulatorAdmin, operation: str
) -> None:
    missing = "3b241101-e2bb-4255-8caf-4136c566a962"
    with pytest.raises(ServerNotFound) as caught:
        _do(client, operation, missing)
    check_one_line(caught.value, 404, "MCP_ServerNotFound", admin)
    assert missing in str(caught.value)
    assert len(api_requests(admin)) == 1


@pytest.mark.parametrize("operation", ["create", "get", "list", "update", "delete", "generate"])
def test_wrong_key_raises_authentication_failed(
    make_client: ClientFactory, admin: EmulatorAdmin, api_prefix: str, operation: str
) -> None:
    server = make_server(make_client(), "real server")
    wrong_key = "ck_wrong_key_123456"
    wrong = make_client(api_key=wrong_key, api_prefix=api_prefix)
    admin.clear_requests()
    with pytest.raises(AuthenticationFailed) as caught:
        _do(wrong, operation, server.id)
    check_one_line(caught.value, 401, "Auth_InvalidApiKey", admin)
    assert wrong_key not in str(caught.value)
    assert len(api_requests(admin)) == 1, "a 401 is final and must not be retried"


@pytest.mark.parametrize("operation", ["create", "update", "delete"])
def test_read_only_key_may_not_write(
    make_client: ClientFactory, admin: EmulatorAdmin, api_prefix: str, operation: str
) -> None:
    server = make_server(make_client(), "real server")
    reader = make_client(api_key=READ_ONLY_KEY, api_prefix=api_prefix)
    before = admin.servers(include_deleted=True)
    admin.clear_requests()
    with pytest.raises(AuthenticationFailed) as caught:
        _do(reader, operation, server.id)
    check_one_line(caught.value, 403, "Auth_Forbidden", admin)
    assert caught.value.suggested_fix
    assert len(api_requests(admin)) == 1
    assert admin.servers(include_deleted=True) == before


def test_read_only_key_may_read(make_client: ClientFactory) -> None:
    server = make_server(make_client(), "real server")
    reader = make_client(api_key=READ_ONLY_KEY)
    assert reader.get_server(server.id) == server
    assert [s.id for s in reader.list_servers()] == [server.id]
    assert [s.id for s in reader.find_servers_by_exact_name("real server")] == [server.id]
    urls = reader.generate_urls(GenerateUrlsRequest(mcp_server_id=server.id, user_ids=["u1"]))
    assert urls.user_ids_url == [f"{server.mcp_url}?user_id=u1"]


def _do(client: ComposioClient, operation: str, server_id: str) -> object:
    if operation == "create":
        return client.create_custom_server(CreateCustomServerRequest(name="new server"))
    if operation == "get":
        return client.get_server(server_id)
    if operation == "list":
        return list(client.list_servers())
    if operation == "update":
        return client.update_server(server_id, UpdateServerRequest(name="renamed"))
    if operation == "delete":
        return client.delete_server(server_id)
    return client.generate_urls(GenerateUrlsRequest(mcp_server_id=server_id))


def test_one_client_shared_by_threads(client: ComposioClient, admin: EmulatorAdmin) -> None:
    """The provider may run operations in parallel over one client and one SQLite store."""
    names = [f"parallel {n:02d}" for n in range(40)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        created = list(
            pool.map(
                lambda n: client.create_custom_server(CreateCustomServerRequest(name=n)), names
            )
        )
        read = list(pool.map(lambda c: client.get_server(c.id), created))
    assert [server.name for server in read] == names
    assert len({server.id for server in read}) == 40
    assert sorted(s["name"] for s in admin.servers()) == names
    assert [r["status"] for r in api_requests(admin, "POST")] == [201] * 40
