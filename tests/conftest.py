"""Fixtures for the whole test tree (see :mod:`tests.support.cli_fixtures`)."""

from pathlib import Path

import pytest

from pulumi_composio.core import confirmed_slugs

pytest_plugins = ["tests.support.cli_fixtures", "tests.support.longest_first"]


@pytest.fixture(autouse=True)
def slugs_confirmed_in_process_stay_in_the_test(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A check run in the test process records the slugs Composio confirmed under the Pulumi
    home (:mod:`pulumi_composio.core.confirmed_slugs`): in a home of the test's own, never
    the developer's nor another test's. ``pulumi`` commands get their own from their stack."""
    home = tmp_path_factory.mktemp("pulumi-home")
    monkeypatch.setattr(confirmed_slugs, "pulumi_home", lambda: home)
    return home
