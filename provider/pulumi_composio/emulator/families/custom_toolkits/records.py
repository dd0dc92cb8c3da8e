"""A custom toolkit as the emulator keeps it, in the ``custom_toolkits`` collection: a remote
MCP server registered under a project-scoped ``CUSTOM_*`` slug, with how users authenticate
to it. While it lives it is a toolkit of the catalogue (with no tools: the emulator never
reaches the server to sync them), so the toolkit routes list it and auth configs, servers
and sessions may name it.
"""

from __future__ import annotations

import dataclasses
import re
import secrets
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ...catalogue import Toolkit
from ...database import now
from ...documents import Collection
from ...state import EmulatorState

__all__ = [
    "NAME",
    "CustomToolkitRecord",
    "custom_slug",
    "custom_toolkits",
    "join_catalogue",
    "live_toolkit",
]

NAME = "custom_toolkits"
"""The family's name: its collection, and its admin view ``/_emulator/custom_toolkits``."""
PREFIX = "CUSTOM_"


def custom_slug(given: str) -> str:
    """The slug Composio answers for ``given``: ``CUSTOM_`` and ``given`` in capitals, its
    spaces made underscores (a slug already so prefixed is kept)."""
    slug = re.sub(r"\s+", "_", given.strip()).upper()
    return slug if slug.startswith(PREFIX) else PREFIX + slug


@dataclass(frozen=True)
class CustomToolkitRecord:
    """One custom toolkit as stored; ``id`` is the store's own, ``slug`` the API's."""

    UPDATED_FIELD: ClassVar[str] = "updated_at"

    id: str
    slug: str
    name: str
    app_url: str
    auth_schemes: list[dict[str, Any]]
    has_logo: bool = False
    syncs: int = 0
    created_at: str = field(default_factory=now)
    updated_at: str = ""
    deleted: bool = False

    def __post_init__(self) -> None:
        if not self.updated_at:
            object.__setattr__(self, "updated_at", self.created_at)

    @property
    def modes(self) -> list[str]:
        return [str(scheme["mode"]) for scheme in self.auth_schemes]

    def toolkit(self) -> Toolkit:
        """The toolkit the catalogue shows for it."""
        return Toolkit(
            slug=self.slug,
            name=self.name,
            auth_schemes=tuple(mode for mode in self.modes if mode != "NO_AUTH"),
            composio_managed_auth=False,
            tools={},
            description=f"Custom MCP toolkit served at {self.app_url}.",
        )


def new_record_id() -> str:
    return "ctk_" + secrets.token_hex(8)


def custom_toolkits(state: EmulatorState) -> Collection[CustomToolkitRecord]:
    return state.store.collection(NAME, CustomToolkitRecord)


def live_toolkit(state: EmulatorState, slug: str) -> CustomToolkitRecord | None:
    """The live custom toolkit answering to ``slug`` (given with or without ``CUSTOM_``)."""
    wanted = custom_slug(slug)
    return next((r for r in custom_toolkits(state).all() if r.slug == wanted), None)


def join_catalogue(state: EmulatorState) -> None:
    """Make the emulator's catalogue read the live custom toolkits too.

    It runs as the family's seed, so before any family builds its routes from the catalogue
    (and again, harmlessly, after every reset).
    """
    store = custom_toolkits(state)
    catalogue = state.settings.catalogue.with_made_toolkits(
        lambda: {record.slug: record.toolkit() for record in store.all()}
    )
    if catalogue is not state.settings.catalogue:
        state.settings = dataclasses.replace(state.settings, catalogue=catalogue)
