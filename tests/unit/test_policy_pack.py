"""The policy pack's policies through pulumi-policy's own analyzer (the servicer the engine
talks to over gRPC), on requests shaped as the engine sends them: which resources are ours,
what each policy says and at which level, unknowns at preview and at ``up``, the pack's
config, and a catalogue out of reach. Composio's facts come from the emulator's catalogue.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import pytest
from composio_policy.catalogue import CatalogueOutOfReach, ServerFacts, ToolFacts
from composio_policy.policies import policies
from composio_policy.resources import recognise
from composio_policy.stack_config import composio_config, keep_stack_configuration
from google.protobuf import json_format, struct_pb2
from pulumi.runtime.proto import analyzer_pb2
from pulumi_policy import EnforcementLevel
from pulumi_policy.policy import _PolicyAnalyzerServicer
from pulumi_policy.proxy import UNKNOWN_ARRAY_VALUE, UNKNOWN_STRING_VALUE

from pulumi_composio import __version__
from pulumi_composio.emulator import BUILT_IN

MANDATORY = analyzer_pb2.MANDATORY
ADVISORY = analyzer_pb2.ADVISORY
SERVER_TYPE = "pulumi-python:dynamic/composio:CustomMcpServer"


class EmulatorCatalogue:
    """The emulator's built-in catalogue, counting the questions asked."""

    def __init__(self, servers: Mapping[str, ServerFacts] | None = None) -> None:
        self.asked = 0
        self.servers = dict(servers or {})
        self.facts = {
            slug: ToolFacts(slug, tool.toolkit, frozenset(tool.tags))
            for kit in BUILT_IN.toolkits.values()
            for slug, tool in kit.tools.items()
        }

    def tools(self, slugs: Collection[str]) -> Mapping[str, ToolFacts]:
        self.asked += 1
        return {slug: self.facts[slug] for slug in slugs if slug in self.facts}

    def toolkit_tools(self, toolkit: str) -> Mapping[str, ToolFacts]:
        self.asked += 1
        return {slug: fact for slug, fact in self.facts.items() if fact.toolkit == toolkit}

    def server(self, server_id: str) -> ServerFacts | None:
        self.asked += 1
        return self.servers.get(server_id)


class OutOfReach:
    """A catalogue that cannot be read: the first question says why, the rest fail at once."""

    def __init__(self) -> None:
        self.asked = 0

    def _fail(self) -> Any:
        self.asked += 1
        raise CatalogueOutOfReach("no API key", first=self.asked == 1)

    def tools(self, slugs: Collection[str]) -> Mapping[str, ToolFacts]:
        return self._fail()  # type: ignore[no-any-return]

    def toolkit_tools(self, toolkit: str) -> Mapping[str, ToolFacts]:
        return self._fail()  # type: ignore[no-any-return]

    def server(self, server_id: str) -> ServerFacts | None:
        return self._fail()  # type: ignore[no-any-return]


class Pack:
    """The pack's policies in pulumi-policy's analyzer, as the engine drives it."""

    def __init__(self, catalogue: Any, *, dry_run: bool = True) -> None:
        keep_stack_configuration()
        self.analyzer = _PolicyAnalyzerServicer(
            "composio", __version__, policies(catalogue), EnforcementLevel.MANDATORY
        )
        self.analyzer.ConfigureStack(
            analyzer_pb2.AnalyzerStackConfigureRequest(
                dry_run=dry_run, config={"composio:apiKey": "k", "other:key": "v"}
            ),
            None,
        )

    def configure(self, config: Mapping[str, Mapping[str, Any]]) -> None:
        request = analyzer_pb2.ConfigureAnalyzerRequest()
        for name, properties in config.items():
            request.policyConfig[name].enforcementLevel = MANDATORY
            request.policyConfig[name].properties.update(properties)
        self.analyzer.Configure(request, None)

    def analyze(
        self, resource_type: str, props: Mapping[str, Any], name: str = "r"
    ) -> list[analyzer_pb2.AnalyzeDiagnostic]:
        properties = struct_pb2.Struct()
        json_format.ParseDict(props, properties)
        request = analyzer_pb2.AnalyzeRequest(
            type=resource_type, properties=properties, name=name, urn=f"urn:{name}"
        )
        return list(self.analyzer.Analyze(request, None).diagnostics)


def said(diagnostics: list[analyzer_pb2.AnalyzeDiagnostic]) -> list[tuple[str, int, str]]:
    """Each diagnostic as (policy, level, message without the policy's description)."""
    return [(d.policyName, d.enforcementLevel, d.message.split("\n")[-1]) for d in diagnostics]


@pytest.fixture
def pack() -> Pack:
    return Pack(EmulatorCatalogue())


def test_our_resources_are_recognised_by_their_type_on_both_fronts() -> None:
    native = recognise("composio:index:Session", "s", {"userId": "u", "directTools": True})
    dynamic = recognise(SERVER_TYPE, "s", {"allowed_tools": ["A"]})
    assert native is not None
    assert native.kind == "Session"
    assert native.native
    assert native.inputs == {"user_id": "u", "direct_tools": True}
    assert native.shown("allowed_tools") == "allowedTools"
    assert dynamic is not None
    assert dynamic.kind == "CustomMcpServer"
    assert not dynamic.native
    assert recognise("pulumi-python:dynamic:Resource", "s", {"toolkits": ["github"]}) is None
    assert recognise("pulumi-python:dynamic/other:CustomMcpServer", "s", {}) is None
    assert recognise("aws:s3/bucket:Bucket", "s", {}) is None


def test_a_named_destructive_tool_is_a_mandatory_violation_naming_tool_tag_and_fix(
    pack: Pack,
) -> None:
    tools = ["GITHUB_CREATE_ISSUE", "GITHUB_DELETE_A_REPOSITORY"]
    found = pack.analyze(SERVER_TYPE, {"toolkits": ["github"], "allowed_tools": tools}, "srv")
    assert said(found) == [
        (
            "no-destructive-tools",
            MANDATORY,
            'CustomMcpServer "srv" exposes GITHUB_DELETE_A_REPOSITORY (github), which Composio '
            "tags destructiveHint. Fix: remove GITHUB_DELETE_A_REPOSITORY from allowed_tools.",
        )
    ]


def test_a_server_without_allowed_tools_exposes_its_toolkits_destructive_tools(
    pack: Pack,
) -> None:
    found = pack.analyze("composio:index:CustomMcpServer", {"toolkits": ["slack"]}, "srv")
    assert [(p, level) for p, level, _ in said(found)] == [
        ("no-destructive-tools", MANDATORY),
        ("explicit-tools", ADVISORY),
    ]
    assert "SLACK_DELETES_A_MESSAGE_FROM_A_CHAT (slack)" in found[0].message
    assert "Fix: name the tools it may use in allowedTools" in found[0].message


@pytest.mark.parametrize(
    ("session", "destructive"),
    [
        ({"toolkits": ["github"], "tools": {"github": {"enable": ["GITHUB_CREATE_ISSUE"]}}}, []),
        ({"toolkits": ["github"]}, ["GITHUB_DELETE_A_REPOSITORY"]),
        ({"toolkits": ["github"], "tags": ["readOnlyHint"]}, []),
        ({"toolkits": ["gmail"], "tools": {"gmail": {"tags": ["idempotentHint"]}}}, ["GMAIL"]),
        ({"toolkits": ["gmail"], "tools": {"gmail": {"disable": ["GMAIL_DELETE_MESSAGE"]}}}, []),
        ({}, ["names no toolkits"]),
        ({"tags": ["readOnlyHint"]}, []),
        ({"disabled_toolkits": ["github"]}, ["names no toolkits"]),
    ],
)
def test_a_session_exposes_what_its_filters_leave(
    pack: Pack, session: dict[str, Any], destructive: list[str]
) -> None:
    found = [
        message
        for policy, _, message in said(pack.analyze("pulumi-python:dynamic/composio:Session", {
            "user_id": "u", "direct_tools": True, **session
        }))
        if policy == "no-destructive-tools"
    ]  # fmt: skip
    assert len(found) == len(destructive)
    for message, words in zip(found, destructive, strict=True):
        assert words in message


def test_unknowns_are_left_for_up_at_preview_and_judged_there() -> None:
    props = {"toolkits": ["github"], "allowed_tools": ["GITHUB_CREATE_ISSUE", UNKNOWN_STRING_VALUE]}
    at_preview = said(Pack(EmulatorCatalogue()).analyze(SERVER_TYPE, props, "srv"))
    assert ("no-destructive-tools", ADVISORY) in [(p, level) for p, level, _ in at_preview]
    (note,) = [m for p, _, m in at_preview if p == "no-destructive-tools"]
    assert note == (
        f"can't run policy 'no-destructive-tools' from policy pack 'composio@v{__version__}' "
        'during preview: CustomMcpServer "srv": allowed_tools is not known until the resource it '
        "comes from is made; no-destructive-tools judges it at `pulumi up`, before CustomMcpServer "
        '"srv" is created or changed'
    )
    at_up = said(Pack(EmulatorCatalogue(), dry_run=False).analyze(SERVER_TYPE, props, "srv"))
    assert ("no-destructive-tools", MANDATORY) in [(p, level) for p, level, _ in at_up]


def test_a_known_destructive_tool_fails_even_while_others_are_unknown(pack: Pack) -> None:
    props = {"toolkits": [UNKNOWN_STRING_VALUE], "allowed_tools": ["GITHUB_DELETE_A_REPOSITORY"]}
    found = said(pack.analyze(SERVER_TYPE, props))
    assert next((p, level) for p, level, _ in found) == ("no-destructive-tools", MANDATORY)


def test_a_user_url_is_judged_by_its_servers_tools() -> None:
    server = ServerFacts("srv_1", ["github"], ["GITHUB_DELETE_A_REPOSITORY"])
    pack = Pack(EmulatorCatalogue({"srv_1": server}))
    url_type = "composio:index:McpServerUserUrl"
    found = said(pack.analyze(url_type, {"serverId": "srv_1", "userId": "u"}, "bot"))
    assert found[0][:2] == ("no-destructive-tools", MANDATORY)
    assert "GITHUB_DELETE_A_REPOSITORY" in found[0][2]
    assert "allowed_tools of its server srv_1" in found[0][2]
    pack.configure({"allowed-toolkits": {"toolkits": ["slack"]}})
    outside = said(pack.analyze(url_type, {"serverId": "srv_1", "userId": "u"}, "bot"))
    assert ("allowed-toolkits", MANDATORY) in [(p, level) for p, level, _ in outside]
    unknown = said(pack.analyze(url_type, {"serverId": UNKNOWN_STRING_VALUE, "userId": "u"}))
    assert [(p, level) for p, level, _ in unknown] == [
        ("no-destructive-tools", ADVISORY),
        ("allowed-toolkits", ADVISORY),
    ]


def test_a_catalogue_out_of_reach_fails_mandatory_policies_saying_why_once() -> None:
    catalogue = OutOfReach()
    pack = Pack(catalogue)
    first = said(pack.analyze(SERVER_TYPE, {"toolkits": ["github"], "allowed_tools": ["A"]}, "a"))
    second = said(pack.analyze(SERVER_TYPE, {"toolkits": ["github"], "allowed_tools": ["B"]}, "b"))
    assert first[0][:2] == ("no-destructive-tools", MANDATORY)
    assert first[0][2].startswith("Composio's catalogue is out of reach (no API key)")
    assert "composio:apiKey" in first[0][2]
    assert second == [
        (
            "no-destructive-tools",
            MANDATORY,
            'CustomMcpServer "b" is not checked (which tools it exposes): Composio\'s catalogue '
            "is out of reach, as this run's first such violation says in full.",
        )
    ]


def test_the_packs_config_allows_toolkits_and_denies_tools(pack: Pack) -> None:
    pack.configure(
        {
            "allowed-toolkits": {"toolkits": ["github"]},
            "denied-tools": {"tools": ["GITHUB_LIST_REPOSITORY_ISSUES", "SLACK_SEND_MESSAGE"]},
        }
    )
    server = {"toolkits": ["github", "slack"], "allowed_tools": ["SLACK_SEND_MESSAGE"]}
    session = {"user_id": "u", "toolkits": ["github"], "tags": ["readOnlyHint"]}
    found = said(pack.analyze(SERVER_TYPE, server, "srv"))
    found += said(pack.analyze("composio:index:Session", session, "s"))
    messages = {(p, m.split(".")[0]) for p, level, m in found if level == MANDATORY}
    assert messages == {
        ("allowed-toolkits", 'CustomMcpServer "srv" uses the toolkit slack, which is not allowed'),
        (
            "denied-tools",
            'CustomMcpServer "srv" exposes SLACK_SEND_MESSAGE, which is denied '
            "(--policy-pack-config denied-tools)",
        ),
        (
            "denied-tools",
            'Session "s" exposes GITHUB_LIST_REPOSITORY_ISSUES (github, tagged idempotentHint, '
            "important, readOnlyHint), which is denied (--policy-pack-config denied-tools), "
            "through every tool of github (toolkits)",
        ),
    }


def test_a_session_naming_no_toolkits_is_outside_any_allowed_list(pack: Pack) -> None:
    pack.configure({"allowed-toolkits": {"toolkits": ["github"]}})
    found = said(pack.analyze("composio:index:Session", {"userId": "u", "tags": ["readOnlyHint"]}))
    assert [p for p, level, _ in found if level == MANDATORY] == ["allowed-toolkits"]


@pytest.mark.parametrize(
    ("resource_type", "props", "expected"),
    [
        ("composio:index:ProjectSettings", {"requireMcpApiKey": False}, [MANDATORY]),
        ("pulumi-python:dynamic/composio:ProjectSettings", {"require_mcp_api_key": False}, [
            MANDATORY
        ]),
        ("composio:index:ProjectSettings", {"requireMcpApiKey": True}, []),
        ("composio:index:ProjectSettings", {}, []),
        ("composio:index:ProjectSettings", {"requireMcpApiKey": UNKNOWN_ARRAY_VALUE}, [ADVISORY]),
    ],
)  # fmt: skip
def test_project_settings_keep_the_mcp_key_required(
    pack: Pack, resource_type: str, props: dict[str, Any], expected: list[int]
) -> None:
    found = said(pack.analyze(resource_type, props, "project"))
    assert [level for p, level, _ in found if p == "mcp-key-required"] == expected


def test_the_stack_configuration_sent_to_the_pack_is_kept(pack: Pack) -> None:
    assert composio_config() == {"composio:apiKey": "k"}
