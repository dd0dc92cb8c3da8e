"""The plugin's gRPC server, started in-process and called as the engine calls it.

The engine sends up to ``--parallel`` operations at once; the dynamic-provider host runs 4 of
them and queues the rest. Here 16 creates must all be running at the same moment: each waits
at a barrier for the other 15, which only opens if the server runs them all at once (a
server running fewer would leave the barrier closed until its timeout breaks it and every
create fails). Errors the user can cause arrive as one line in the program's names.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import grpc
import pytest
from google.protobuf import empty_pb2
from pulumi.runtime import proto

from pulumi_composio.core.operations import Found
from pulumi_composio.errors import NameTaken
from pulumi_composio.native.wire import encode
from pulumi_composio.servers.service import ServerService
from tests.support.plugin_server import served_plugin

AT_ONCE = 16


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    for name in ("COMPOSIO_API_KEY", "COMPOSIO_USER_API_KEY", "COMPOSIO_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    with served_plugin(proto.ConfigureRequest(acceptSecrets=True)) as client:
        yield client


def create_request(index: int) -> proto.CreateRequest:
    return proto.CreateRequest(
        urn=f"urn:pulumi:dev::infra::composio:index:CustomMcpServer::server-{index:02d}",
        properties=encode({"name": f"server {index:02d}", "toolkits": ["github"]}),
    )


def test_sixteen_creates_run_at_the_same_moment(stub, monkeypatch):
    barrier = threading.Barrier(AT_ONCE, timeout=30)

    def create(self: ServerService, props: dict[str, Any]) -> Found:
        barrier.wait()
        return Found(f"srv-{props['name']}", {"name": props["name"], "toolkits": ["github"]})

    monkeypatch.setattr(ServerService, "create", create)

    with ThreadPoolExecutor(AT_ONCE) as engine:
        answers = list(engine.map(lambda i: stub.Create(create_request(i)), range(AT_ONCE)))

    assert sorted(answer.id for answer in answers) == [
        f"srv-server {i:02d}" for i in range(AT_ONCE)
    ]


def test_a_users_error_arrives_as_one_line_in_the_programs_names(stub, monkeypatch):
    def create(self: ServerService, props: dict[str, Any]) -> Found:
        raise NameTaken("adopt_server_id: set adopt_server_id to its id")

    monkeypatch.setattr(ServerService, "create", create)

    with pytest.raises(grpc.RpcError) as failure:
        stub.Create(create_request(1))

    assert failure.value.details() == "adoptServerId: set adoptServerId to its id"
    assert "Traceback" not in failure.value.details()


def test_the_schema_and_version_are_served(stub):
    schema = stub.GetSchema(proto.GetSchemaRequest(version=0)).schema
    assert '"composio:index:CustomMcpServer"' in schema
    assert stub.GetPluginInfo(empty_pb2.Empty()).version
