"""``composio-emulator`` as a user starts it: flags, the ready line, files, refusals.

Each test here starts its own process, because what is under test is the start itself
(or a restart); the shared emulator cannot show that.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from pulumi_composio.api.client import ComposioClient
from pulumi_composio.api.models import CreateCustomServerRequest, UpdateServerRequest
from pulumi_composio.emulator import EmulatorFailedToStart, RunningEmulator, start_emulator
from pulumi_composio.emulator.process import _await_ready
from pulumi_composio.errors import InvalidRequest
from tests.support.emulator_keys import ADMIN_TOKEN, API_KEY

VENV_BIN = Path(sys.executable).parent
READY = re.compile(r"composio-emulator ready at (http://127\.0\.0\.1:(\d+))")
KEY_VARIABLES = (
    "COMPOSIO_EMULATOR_API_KEY",
    "COMPOSIO_EMULATOR_READ_ONLY_KEY",
    "COMPOSIO_EMULATOR_ADMIN_TOKEN",
)


def clean_env() -> dict[str, str]:
    """The environment without any emulator key, so only the flags under test count."""
    return {k: v for k, v in os.environ.items() if k not in KEY_VARIABLES}


@contextmanager
def launched(command: list[str]) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """Run ``command``, wait for its first stdout line, yield (that line, process)."""
    process = subprocess.Popen(
        command,
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        yield process.stdout.readline(), process
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
        if process.stderr is not None:
            process.stderr.close()


@pytest.mark.parametrize(
    "command",
    [
        [str(VENV_BIN / "composio-emulator")],
        [sys.executable, "-m", "pulumi_composio.emulator"],
    ],
    ids=["console-script", "python-m"],
)
def test_prints_one_ready_line_and_serves(command: list[str]) -> None:
    with launched([*command, "--port", "0", "--api-key", "K-cli-1234"]) as (line, process):
        match = READY.fullmatch(line.rstrip("\n"))
        assert match, line
        url, port = match.groups()
        assert int(port) > 0
        health = httpx.get(url + "/health")
        assert health.status_code == 200
        assert health.json() == {"status": "ok"}
        made = httpx.post(
            url + "/api/v3/mcp/servers/custom",
            json={"name": "cli server"},
            headers={"x-api-key": "K-cli-1234"},
        )
        assert made.status_code == 201
        process.terminate()
        rest, _ = process.communicate(timeout=10)
    assert rest == "", "nothing but the ready line goes to stdout"
    assert "K-cli-1234" not in line


def run_to_exit(command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run an emulator command that should refuse to start, capturing what it says."""
    return subprocess.run(
        command, env=clean_env(), capture_output=True, text=True, timeout=30, check=False
    )


def test_missing_api_key_exits_with_a_message() -> None:
    result = run_to_exit([str(VENV_BIN / "composio-emulator"), "--port", "0"])
    assert result.returncode != 0
    assert "--api-key" in result.stderr
    assert "COMPOSIO_EMULATOR_API_KEY" in result.stderr
    assert result.stdout == ""


def test_api_key_may_come_from_the_environment() -> None:
    """Keys in the environment stay out of ``ps`` listings; start_emulator relies on it."""
    with start_emulator(api_key="env-key-5678") as emulator:
        assert "env-key-5678" not in str(emulator.process.args)
        response = httpx.get(
            emulator.url + "/api/v3/mcp/servers", headers={"x-api-key": "env-key-5678"}
        )
        assert response.status_code == 200


def test_file_db_keeps_servers_across_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "nested" / "state.sqlite"
    with start_emulator(api_key=API_KEY, db=db) as first, _client(first) as client:
        kept = client.create_custom_server(
            CreateCustomServerRequest(name="survivor", toolkits=["notion"])
        )
        client.update_server(kept.id, UpdateServerRequest(allowed_tools=["NOTION_FETCH_DATA"]))
        gone = client.create_custom_server(CreateCustomServerRequest(name="casualty"))
        client.delete_server(gone.id)
        before = client.get_server(kept.id)
    assert db.exists()
    with start_emulator(api_key=API_KEY, db=db) as second, _client(second) as client:
        assert second.process.pid != first.process.pid
        after = client.get_server(kept.id)
        where = {"mcp_url", "commands"}  # the second emulator's own address
        assert after.model_dump(exclude=where) == before.model_dump(exclude=where)
        assert after.mcp_url == f"{second.url}/v3/mcp/{kept.id}"
        assert client.get_server(gone.id).deleted is True
        assert [s.id for s in client.list_servers()] == [kept.id]


def test_memory_db_starts_empty_each_time() -> None:
    for _ in range(2):
        with start_emulator(api_key=API_KEY) as emulator, _client(emulator) as client:
            assert list(client.list_servers()) == []
            client.create_custom_server(CreateCustomServerRequest(name="ephemeral"))


def test_without_admin_token_there_is_no_admin_surface() -> None:
    with start_emulator(api_key=API_KEY) as emulator:
        for method, path in [
            ("GET", "/_emulator/requests"),
            ("PUT", "/_emulator/faults"),
            ("POST", "/_emulator/reset"),
            ("GET", "/_emulator/servers"),
        ]:
            for headers in ({}, {"authorization": "Bearer anything"}):
                response = httpx.request(method, emulator.url + path, json={}, headers=headers)
                assert response.status_code == 404, (method, path)
        with pytest.raises(RuntimeError, match="without an admin token"):
            _ = emulator.admin


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong-token", f"Basic {ADMIN_TOKEN}", f"Bearer {ADMIN_TOKEN}x", "Bearer"],
)
def test_admin_surface_refuses_a_wrong_token(
    emulator: RunningEmulator, authorization: str | None
) -> None:
    headers = {"authorization": authorization} if authorization else {}
    for method, path in [
        ("GET", "/_emulator/requests"),
        ("DELETE", "/_emulator/requests"),
        ("GET", "/_emulator/faults"),
        ("PUT", "/_emulator/faults"),
        ("POST", "/_emulator/reset"),
        ("GET", "/_emulator/servers"),
    ]:
        response = httpx.request(
            method, emulator.url + path, json={"latency_ms": 10}, headers=headers
        )
        assert response.status_code == 401, (method, path)
    assert emulator.admin.set_faults()["latency_ms"] == 0, "the refused PUT changed nothing"


def test_admin_token_is_not_an_api_key(emulator: RunningEmulator) -> None:
    response = httpx.get(emulator.url + "/api/v3/mcp/servers", headers={"x-api-key": ADMIN_TOKEN})
    assert response.status_code == 401


def test_catalogue_file_adds_toolkits_and_auth_configs(tmp_path: Path) -> None:
    catalogue = tmp_path / "catalogue.json"
    catalogue.write_text(
        json.dumps(
            {
                "toolkits": {"jira": ["JIRA_CREATE_ISSUE"], "github": ["GITHUB_FORK_REPO"]},
                "auth_configs": {"ac_jira": "jira"},
            }
        )
    )
    with (
        start_emulator(api_key=API_KEY, catalogue=catalogue) as emulator,
        _client(emulator) as client,
    ):
        made = client.create_custom_server(
            CreateCustomServerRequest(
                name="jira tools",
                toolkits=["jira", "github"],
                allowed_tools=["JIRA_CREATE_ISSUE", "GITHUB_FORK_REPO", "GITHUB_CREATE_ISSUE"],
                auth_config_ids=["ac_jira", "ac_github_default"],
            )
        )
        server = client.get_server(made.id)
        assert server.toolkits == ["jira", "github"]
        assert server.auth_config_ids == ["ac_jira", "ac_github_default"]
        with pytest.raises(InvalidRequest, match="unknown toolkit 'confluence'"):
            client.create_custom_server(
                CreateCustomServerRequest(name="still strict", toolkits=["confluence"])
            )


def test_the_built_in_catalogue_does_not_know_the_extra_toolkit(
    emulator: RunningEmulator,
) -> None:
    with _client(emulator) as client, pytest.raises(InvalidRequest, match="unknown toolkit 'jira'"):
        client.create_custom_server(CreateCustomServerRequest(name="jira", toolkits=["jira"]))


@pytest.mark.parametrize(
    "content",
    ["{not json", '["a list"]', '{"toolkits": {"jira": "JIRA_CREATE_ISSUE"}}'],
    ids=["not-json", "not-an-object", "tools-not-a-list"],
)
def test_unusable_catalogue_file_exits_with_a_message(tmp_path: Path, content: str) -> None:
    catalogue = tmp_path / "broken.json"
    catalogue.write_text(content)
    with (
        pytest.raises(EmulatorFailedToStart) as caught,
        start_emulator(api_key=API_KEY, catalogue=catalogue, startup_timeout=30),
    ):
        pass
    message = str(caught.value)
    assert str(catalogue) in message, "the child's stderr names the file"
    assert "Traceback" not in message


def test_a_child_that_dies_is_reported_by_its_exit_code() -> None:
    """The launcher must say the child exited, with its code, not that it timed out.

    A child that fails at start closes its stdout a moment before it is reaped; the
    launcher must not mistake that moment for "printed no ready line within 30s".
    """
    child = subprocess.Popen(
        [sys.executable, "-c", "import os, sys, time; os.close(1); time.sleep(0.3); sys.exit(3)"],
        stdout=subprocess.PIPE,
    )
    try:
        with pytest.raises(EmulatorFailedToStart) as caught:
            _await_ready(child, 30)
    finally:
        child.wait(timeout=10)
    assert str(caught.value) == "composio-emulator exited with code 3"


def test_missing_catalogue_file_exits_with_a_message(tmp_path: Path) -> None:
    emulator = [sys.executable, "-m", "pulumi_composio.emulator", "--port", "0"]
    result = run_to_exit(
        [*emulator, "--api-key", "k-1234", "--catalogue", str(tmp_path / "absent.json")]
    )
    assert result.returncode != 0
    assert "absent.json" in result.stderr
    assert "Traceback" not in result.stderr


def _client(emulator: RunningEmulator) -> ComposioClient:
    return ComposioClient(API_KEY, base_url=emulator.url)
