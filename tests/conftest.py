"""Fixtures for the whole test tree (see :mod:`tests.support.cli_fixtures`)."""

pytest_plugins = ["tests.support.cli_fixtures"]
