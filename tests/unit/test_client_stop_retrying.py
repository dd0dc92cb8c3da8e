"""``ComposioClient.stop_retrying``, which the native plugin calls when the engine cancels a
run: a failed attempt is final from then on, so the operations in flight end soon, and a
create whose answer was lost is still looked up by its name but never sent again."""

from __future__ import annotations

import httpx
import pytest

from pulumi_composio.api.models import CreateCustomServerRequest
from pulumi_composio.errors import AmbiguousCreateError, ComposioApiError
from tests.support.client_fakes import make_client, scripted, server_json

BUSY = httpx.Response(429, headers={"retry-after": "5"}, json={"error": {"message": "busy"}})


def test_a_read_turned_away_is_not_tried_again_once_stopped() -> None:
    client, recorder, clock = make_client(scripted([BUSY, httpx.Response(200, json={})]))
    client.stop_retrying()
    with pytest.raises(ComposioApiError):
        client.get_server("srv-1")
    assert len(recorder.calls()) == 1
    assert clock.sleeps == []


def test_a_lost_create_is_looked_up_but_not_sent_again_once_stopped() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            client.stop_retrying()  # the engine cancels while the create is in flight
            return httpx.Response(500, json={"error": {"message": "lost"}})
        return httpx.Response(200, json={"items": [], "current_page": 1, "total_pages": 0})

    client, recorder, _ = make_client(handler)
    with pytest.raises(AmbiguousCreateError):
        client.create_custom_server_idempotently(
            CreateCustomServerRequest(name="support", toolkits=["github"]), known_ids=[]
        )
    assert [request.method for request in recorder.calls()] == ["POST", "GET"]


def test_a_lost_create_found_by_its_name_is_answered_once_stopped() -> None:
    found = server_json(id="srv-9", name="support")

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            client.stop_retrying()
            return httpx.Response(500, json={"error": {"message": "lost"}})
        return httpx.Response(200, json={"items": [found], "current_page": 1, "total_pages": 1})

    client, recorder, _ = make_client(handler)
    made = client.create_custom_server_idempotently(
        CreateCustomServerRequest(name="support", toolkits=["github"]), known_ids=[]
    )
    assert made.id == "srv-9"
    assert len(recorder.calls("POST")) == 1
