"""The native plugin's answer to the engine's ``Cancel``: the changes in flight finish and
are answered, the user is told so, and a change that arrives afterwards is refused before
any API call. The engine also sends ``Cancel`` before it stops the plugin at the end of
every run, so with nothing in flight it says nothing."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from google.protobuf import empty_pb2
from pulumi.runtime import proto

from pulumi_composio.core.operations import Found
from pulumi_composio.native.provider import NativeProvider, RunCancelled
from pulumi_composio.native.wire import encode

SERVER_URN = "urn:pulumi:dev::proj::composio:index:CustomMcpServer::support"
UNREACHABLE = "http://127.0.0.1:9"
"""No API answers here: an operation that called it would fail with a connection error."""


class HeldCreates:
    """A server service whose create waits until released."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()

    def create(self, props: dict[str, Any]) -> Found:
        self.started.set()
        assert self.release.wait(10)
        return Found("srv_1", {"name": "support"})


@pytest.fixture
def native(monkeypatch: pytest.MonkeyPatch) -> tuple[NativeProvider, list[str]]:
    monkeypatch.setenv("COMPOSIO_API_KEY", "sk-unit-0123456789")
    monkeypatch.setenv("COMPOSIO_BASE_URL", UNREACHABLE)
    warnings: list[str] = []
    plugin = NativeProvider(warn=lambda urn, message: warnings.append(message))
    plugin.configure(proto.ConfigureRequest())
    return plugin, warnings


def test_cancel_with_nothing_in_flight_says_nothing(
    native: tuple[NativeProvider, list[str]],
) -> None:
    plugin, warnings = native
    assert plugin.cancel(empty_pb2.Empty()) == empty_pb2.Empty()
    assert warnings == []


def test_changes_arriving_after_cancel_are_refused_before_any_api_call(
    native: tuple[NativeProvider, list[str]],
) -> None:
    plugin, _ = native
    plugin.cancel(empty_pb2.Empty())
    props = encode({"name": "support", "toolkits": ["github"]})
    with pytest.raises(RunCancelled, match="create of support not started"):
        plugin.create(proto.CreateRequest(urn=SERVER_URN, properties=props))
    with pytest.raises(RunCancelled, match="update of support not started"):
        plugin.update(proto.UpdateRequest(id="srv_1", urn=SERVER_URN, olds=props, news=props))
    with pytest.raises(RunCancelled, match="delete of support not started"):
        plugin.delete(proto.DeleteRequest(id="srv_1", urn=SERVER_URN, properties=props))


def test_a_create_in_flight_at_cancel_finishes_and_is_answered(
    native: tuple[NativeProvider, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    plugin, warnings = native
    held = HeldCreates()
    services = plugin._configured_services()
    monkeypatch.setitem(services, "composio:index:CustomMcpServer", held)
    answers: list[proto.CreateResponse] = []
    request = proto.CreateRequest(urn=SERVER_URN, properties=encode({"toolkits": ["github"]}))
    creating = threading.Thread(target=lambda: answers.append(plugin.create(request)))
    creating.start()
    assert held.started.wait(10)

    plugin.cancel(empty_pb2.Empty())
    held.release.set()
    creating.join(10)

    assert [answer.id for answer in answers] == ["srv_1"]
    assert warnings == [
        "cancelling: the 1 change(s) already sent to Composio finish and are recorded; "
        "no new one starts"
    ]
