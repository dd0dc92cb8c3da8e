"""What the emulator knows exists: toolkits, their tools, and auth configs.

Composio answers 400 for a toolkit, tool or auth config it does not know, so the emulator
needs a catalogue to say no. The built-in one names real toolkit and tool slugs so that
examples read like real programs; ``--catalogue FILE`` adds more from JSON of the form
``{"toolkits": {"jira": ["JIRA_CREATE_ISSUE"]}, "auth_configs": {"ac_jira": "jira"}}``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["BUILT_IN", "Catalogue", "CatalogueError"]


class CatalogueError(ValueError):
    """A catalogue file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Catalogue:
    """Toolkit slug -> its tool slugs, and auth config id -> the toolkit it authenticates."""

    toolkits: Mapping[str, frozenset[str]]
    auth_configs: Mapping[str, str]
    _tools: frozenset[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        tools = frozenset(tool for slugs in self.toolkits.values() for tool in slugs)
        object.__setattr__(self, "_tools", tools)

    def is_tool(self, slug: str) -> bool:
        return slug in self._tools

    def merged_with(self, path: Path) -> Catalogue:
        """This catalogue plus the toolkits and auth configs in the JSON file at ``path``."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CatalogueError(f"cannot read catalogue {path}: {error}") from None
        if not isinstance(data, dict):
            data = {"toolkits": None}
        toolkits = data.get("toolkits", {})
        auth_configs = data.get("auth_configs", {})
        if not (isinstance(toolkits, dict) and _is_toolkit_map(toolkits)) or not (
            isinstance(auth_configs, dict) and _is_str_map(auth_configs)
        ):
            raise CatalogueError(
                f"catalogue {path} must look like "
                '{"toolkits": {"slug": ["TOOL", ...]}, "auth_configs": {"id": "slug"}}'
            )
        merged = {slug: set(tools) for slug, tools in self.toolkits.items()}
        for slug, tools in toolkits.items():
            merged.setdefault(slug, set()).update(tools)
        return Catalogue(
            toolkits={slug: frozenset(tools) for slug, tools in merged.items()},
            auth_configs={**self.auth_configs, **auth_configs},
        )


def _is_toolkit_map(value: dict[str, object]) -> bool:
    return all(
        isinstance(tools, list) and all(isinstance(tool, str) for tool in tools)
        for tools in value.values()
    )


def _is_str_map(value: dict[str, object]) -> bool:
    return all(isinstance(v, str) for v in value.values())


BUILT_IN = Catalogue(
    toolkits={
        "github": frozenset(
            {
                "GITHUB_CREATE_ISSUE",
                "GITHUB_LIST_REPOSITORY_ISSUES",
                "GITHUB_CREATE_A_PULL_REQUEST",
                "GITHUB_GET_A_REPOSITORY",
                "GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER",
            }
        ),
        "slack": frozenset(
            {"SLACK_SEND_MESSAGE", "SLACK_LIST_ALL_CHANNELS", "SLACK_FETCH_CONVERSATION_HISTORY"}
        ),
        "gmail": frozenset({"GMAIL_SEND_EMAIL", "GMAIL_FETCH_EMAILS", "GMAIL_CREATE_EMAIL_DRAFT"}),
        "linear": frozenset({"LINEAR_CREATE_ISSUE", "LINEAR_LIST_PROJECTS", "LINEAR_LIST_TEAMS"}),
        "notion": frozenset(
            {"NOTION_CREATE_NOTION_PAGE", "NOTION_SEARCH_NOTION_PAGE", "NOTION_FETCH_DATA"}
        ),
    },
    auth_configs={
        "ac_github_default": "github",
        "ac_slack_default": "slack",
        "ac_gmail_default": "gmail",
        "ac_linear_default": "linear",
        "ac_notion_default": "notion",
        "ac_1": "github",
        "ac_2": "slack",
    },
)
"""Enough of Composio's catalogue for the examples, tests and benchmarks."""
