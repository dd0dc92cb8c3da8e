"""TypeScript and Go programs on the generated SDKs (sdk/nodejs, sdk/go) under the pinned CLI.

Every scenario runs in each language (tests/support/program_languages.py). The full-setup
example runs under every set of Node.js and Go hosts this machine has (Pulumi's own and the
stand-ins); the other scenarios under the default set (see tests/support/languages.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pulumi_composio.emulator.process import RunningEmulator
from pulumi_composio.errors import NotFound
from tests.support.language_front import (
    full_setup_lifecycle,
    import_existing,
    language_deployment,
    stack_reference,
)
from tests.support.languages import available_hosts, default_hosts, language_stack
from tests.support.missing_tools import required
from tests.support.program_languages import LANGUAGES, ProgramLanguage


@pytest.fixture(scope="module", params=LANGUAGES, ids=lambda language: language.name)
def language(request: pytest.FixtureRequest) -> ProgramLanguage:
    """Each language, once its toolchain is there (for TypeScript, with the example's
    dependencies installed once, by ``npm ci`` from the npm cache)."""
    chosen: ProgramLanguage = request.param
    required(chosen.ready)
    return chosen


@pytest.mark.parametrize("hosts", available_hosts())
def test_the_full_setup_example_lives_rotates_disables_and_leaves_nothing(
    hosts: str,
    language: ProgramLanguage,
    pulumi_cli: Path,
    emulator: RunningEmulator,
    tmp_path: Path,
) -> None:
    full_setup_lifecycle(emulator, tmp_path, hosts, language)


def test_a_second_stack_reads_the_server_through_a_stack_reference(
    language: ProgramLanguage, pulumi_cli: Path, emulator: RunningEmulator, tmp_path: Path
) -> None:
    stack_reference(emulator, tmp_path, default_hosts(), language)


def test_pulumi_import_brings_objects_under_a_program(
    language: ProgramLanguage, pulumi_cli: Path, emulator: RunningEmulator, tmp_path: Path
) -> None:
    import_existing(emulator, tmp_path, default_hosts(), language)


def test_a_session_is_created_with_an_auth_config_wired_in_and_destroyed(
    language: ProgramLanguage, pulumi_cli: Path, emulator: RunningEmulator, tmp_path: Path
) -> None:
    with language_deployment(
        emulator, lambda: language_stack(tmp_path, default_hosts(), language.runtime)
    ) as deployment:
        language.write_program(deployment.stack, language.program("session"))
        deployment.stack.up().check()
        session_id = deployment.stack.outputs()["sessionId"]
        live = deployment.api.get_session(session_id)
        assert live.config["tools"] == {"github": {"enabled": ["GITHUB_CREATE_ISSUE"]}}
        assert live.config["auth_configs"]["github"].startswith("ac_")
        deployment.stack.destroy().check()
        with pytest.raises(NotFound):
            deployment.api.get_session(session_id)
