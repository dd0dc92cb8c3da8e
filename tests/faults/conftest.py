"""The fault suite reuses the end-to-end fixtures: a real emulator and a real CLI stack."""

from tests.e2e.conftest import deployment, emulator, pulumi_cli

__all__ = ["deployment", "emulator", "pulumi_cli"]
