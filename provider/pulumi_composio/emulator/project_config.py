"""The project's configuration (Composio's ``/org/project/config``), which several families
obey: the MCP endpoints ask it whether a key is required, connected accounts whether their
secrets are masked, trigger instances whether 2FA pins a connection to its owner.

It is one record, ``project``, in the ``project_config`` collection of the store; the
``project_config`` family (:mod:`.families.project_config`) serves and changes it. Until a
PATCH changes it, it holds Composio's defaults, save ``require_mcp_api_key``, which is what
the emulator was started with (``--no-require-mcp-api-key`` turns it off).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal

from .database import now
from .documents import Collection
from .state import EmulatorState

__all__ = [
    "NAME",
    "PROJECT",
    "LogVisibility",
    "ProjectConfigRecord",
    "project_config",
    "project_configs",
    "seed_project_config",
]

NAME = "project_config"
"""The collection, and the family's admin view ``/_emulator/project_config``."""
PROJECT = "project"
"""The one record's id: the emulator serves one project, the key's."""

LogVisibility = Literal["show_all", "dont_store_data"]


@dataclass(frozen=True)
class ProjectConfigRecord:
    """The project's settings as stored, in the API's own field names."""

    UPDATED_FIELD: ClassVar[str] = "updated_at"

    require_mcp_api_key: bool
    id: str = PROJECT
    is_2FA_enabled: bool = False
    logo_url: str = ""
    display_name: str = ""
    mask_secret_keys_in_connected_account: bool = False
    log_visibility_setting: LogVisibility = "show_all"
    is_composio_link_enabled_for_managed_auth: bool = False
    signed_url_file_expiry_in_seconds: float = 3600
    updated_at: str = field(default_factory=now)
    deleted: bool = False


def project_configs(state: EmulatorState) -> Collection[ProjectConfigRecord]:
    return state.store.collection(NAME, ProjectConfigRecord)


def seed_project_config(state: EmulatorState) -> None:
    """The defaults, unless the store (a database file) holds the project's settings."""
    project_configs(state).insert_missing(
        [ProjectConfigRecord(require_mcp_api_key=state.settings.require_mcp_api_key)]
    )


def project_config(state: EmulatorState) -> ProjectConfigRecord:
    """The project's settings now (the defaults, should a reset be under way)."""
    record = project_configs(state).get(PROJECT)
    if record is None:
        return ProjectConfigRecord(require_mcp_api_key=state.settings.require_mcp_api_key)
    return record
