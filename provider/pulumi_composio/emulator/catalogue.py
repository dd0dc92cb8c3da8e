"""What the emulator knows exists: toolkits, their tools and trigger types, and auth configs.

Composio answers 400 for a toolkit, tool or auth config it does not know, so the emulator
needs a catalogue to say no; its MCP endpoint also lists each tool with a description and an
input schema, and answers a call with the tool's sample result; its toolkit and tool
routes (:mod:`.families.catalogue`) serve it, with each toolkit's description and categories,
and the trigger-type routes (:mod:`.families.triggers`) its trigger types, each with the JSON
schema of its ``config`` (what a trigger instance is set up with) and of its ``payload``.
The built-in catalogue (``catalogue.json`` beside this module) names real toolkit and tool
slugs so that examples read like real programs. ``--catalogue FILE`` adds more from JSON of
the same form, where a toolkit may also be just a list of tool slugs::

    {"toolkits": {"jira": ["JIRA_CREATE_ISSUE"],
                  "acme": {"name": "Acme", "tools": {"ACME_PING": {
                      "description": "Pings Acme.",
                      "tags": ["readOnlyHint", "idempotentHint"],
                      "input_schema": {"type": "object",
                                       "properties": {"host": {"type": "string"}}},
                      "result": {"pong": true}}},
                  "triggers": {"ACME_ALERT_RAISED": {
                      "description": "An alert was raised.",
                      "config": {"type": "object",
                                 "properties": {"severity": {"type": "string"}}}}}}},
     "auth_configs": {"ac_jira": "jira"}}

A tool's ``tags`` are Composio's: the MCP hints (``readOnlyHint``, ``createHint``,
``updateHint``, ``destructiveHint``, ``idempotentHint``, ``openWorldHint``) and others such as
``important``; the tool routes return them and filter by them, sessions' tag filters read
them, and the policy pack (``policy/``) judges a server's or a session's tools by them. The
built-in catalogue gives every toolkit a destructive tool (``GITHUB_DELETE_A_REPOSITORY``...)
so that a policy has something to stop.

Toolkits a project makes itself (custom toolkits) join the catalogue while the emulator runs:
:meth:`Catalogue.with_made_toolkits` gives a catalogue whose ``toolkits`` also read them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import jsonschema
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

__all__ = ["BUILT_IN", "Catalogue", "CatalogueError", "Tool", "Toolkit", "TriggerType"]


class CatalogueError(ValueError):
    """A catalogue file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Tool:
    """One tool as Composio lists it: what an MCP client sees in ``tools/list``.

    ``result`` is what a call answers with; ``None`` answers with the call's own arguments,
    so a test can see exactly what its agent sent. ``tags`` are Composio's (MCP hints such as
    ``destructiveHint``, and others).
    """

    slug: str
    toolkit: str
    name: str
    description: str
    input_schema: Mapping[str, Any]
    result: Any = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class TriggerType:
    """An event a toolkit can send (``GITHUB_ISSUE_ADDED_EVENT``): what a trigger instance is
    set up with (``config``, a JSON schema of ``"type": "object"``) and what its events carry
    (``payload``, a JSON schema too)."""

    slug: str
    toolkit: str
    name: str
    description: str
    instructions: str
    type: Literal["webhook", "poll"]
    config: Mapping[str, Any]
    payload: Mapping[str, Any]


@dataclass(frozen=True)
class Toolkit:
    """A toolkit: its display name, the auth schemes it takes, its tools and trigger types by
    slug; the ``description`` and ``categories`` (category slugs) are what the toolkit routes
    show."""

    slug: str
    name: str
    auth_schemes: tuple[str, ...]
    composio_managed_auth: bool
    tools: Mapping[str, Tool]
    description: str = ""
    categories: tuple[str, ...] = ()
    triggers: Mapping[str, TriggerType] = field(default_factory=dict)

    @property
    def tool_slugs(self) -> frozenset[str]:
        return frozenset(self.tools)


class _Shelf(Mapping[str, Toolkit]):
    """The catalogue's own toolkits, then those the project made, read afresh on each look."""

    def __init__(
        self, own: Mapping[str, Toolkit], made: Callable[[], Mapping[str, Toolkit]]
    ) -> None:
        self._own = own
        self._made = made

    def _all(self) -> dict[str, Toolkit]:
        return {**self._made(), **self._own}

    def __getitem__(self, slug: str) -> Toolkit:
        kit = self._own.get(slug)
        return kit if kit is not None else self._made()[slug]

    def __iter__(self) -> Iterator[str]:
        return iter([*self._own, *(slug for slug in self._made() if slug not in self._own)])

    def __len__(self) -> int:
        return len(self._all())


@dataclass(frozen=True)
class Catalogue:
    """Toolkit slug -> toolkit, and auth config id -> the toolkit it authenticates."""

    toolkits: Mapping[str, Toolkit]
    auth_configs: Mapping[str, str]
    _tools: Mapping[str, Tool] = field(init=False, repr=False)
    _trigger_types: Mapping[str, TriggerType] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        kits = self.toolkits.values()
        tools = {slug: tool for kit in kits for slug, tool in kit.tools.items()}
        object.__setattr__(self, "_tools", tools)
        triggers = {slug: kind for kit in kits for slug, kind in kit.triggers.items()}
        object.__setattr__(self, "_trigger_types", triggers)

    @property
    def trigger_types(self) -> Mapping[str, TriggerType]:
        """Every trigger type by slug, toolkit by toolkit in the catalogue's order."""
        return self._trigger_types

    def with_made_toolkits(self, made: Callable[[], Mapping[str, Toolkit]]) -> Catalogue:
        """This catalogue, whose ``toolkits`` also hold what ``made()`` answers at each look
        (the project's custom toolkits, which have no tools or trigger types of their own
        until synced); a made toolkit never hides one of the catalogue's own."""
        if isinstance(self.toolkits, _Shelf):
            return self
        return Catalogue(toolkits=_Shelf(self.toolkits, made), auth_configs=self.auth_configs)

    def is_toolkit(self, slug: str) -> bool:
        return slug in self.toolkits

    def is_tool(self, slug: str) -> bool:
        return slug in self._tools

    def tool(self, slug: str) -> Tool | None:
        return self._tools.get(slug)

    def tool_slugs_of(self, toolkit: str) -> frozenset[str] | None:
        """The tools of ``toolkit``, or ``None`` for a toolkit the catalogue lacks."""
        kit = self.toolkits.get(toolkit)
        return kit.tool_slugs if kit else None

    def merged_with(self, path: Path) -> Catalogue:
        """This catalogue plus the toolkits and auth configs in the JSON file at ``path``.

        A toolkit the file names again keeps its tools and gains the file's; a tool the file
        names again is replaced by the file's.
        """
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CatalogueError(f"cannot read catalogue {path}: {error}") from None
        try:
            return self._merged(_CatalogueFile.model_validate(data))
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(part) for part in problem['loc']) or 'the file'}: {problem['msg']}"
                for problem in error.errors()
            )
            raise CatalogueError(
                f"catalogue {path} is not usable ({problems}); it must look like "
                '{"toolkits": {"slug": ["TOOL", ...]}, "auth_configs": {"id": "slug"}}'
            ) from None

    def _merged(self, extra: _CatalogueFile) -> Catalogue:
        toolkits = dict(self.toolkits)
        for slug, entry in extra.toolkits.items():
            toolkits[slug] = _toolkit(slug, entry, toolkits.get(slug))
        return Catalogue(
            toolkits=toolkits, auth_configs={**self.auth_configs, **extra.auth_configs}
        )


class _ToolEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    description: str = ""
    tags: list[str] = Field(default_factory=list)
    input_schema: dict[str, Any] = Field(default_factory=lambda: {"type": "object"})
    result: Any = None

    @field_validator("input_schema")
    @classmethod
    def _is_json_schema(cls, schema: dict[str, Any]) -> dict[str, Any]:
        return _object_schema(schema, "MCP tool arguments")


def _object_schema(schema: dict[str, Any], what: str) -> dict[str, Any]:
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as error:
        raise ValueError(f"not a JSON Schema: {error.message}") from None
    if schema.get("type") != "object":
        raise ValueError(f'must be a schema of "type": "object" ({what})')
    return schema


class _TriggerEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    description: str = ""
    instructions: str = ""
    type: Literal["webhook", "poll"] = "webhook"
    config: dict[str, Any] = Field(default_factory=lambda: {"type": "object", "properties": {}})
    payload: dict[str, Any] = Field(default_factory=lambda: {"type": "object", "properties": {}})

    @field_validator("config")
    @classmethod
    def _config_schema(cls, schema: dict[str, Any]) -> dict[str, Any]:
        return _object_schema(schema, "a trigger's config")

    @field_validator("payload")
    @classmethod
    def _payload_schema(cls, schema: dict[str, Any]) -> dict[str, Any]:
        return _object_schema(schema, "a trigger's event payload")


class _ToolkitEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    description: str | None = None
    categories: list[str] | None = None
    auth_schemes: list[str] = Field(default_factory=lambda: ["OAUTH2"])
    composio_managed_auth: bool = True
    tools: dict[str, _ToolEntry] = Field(default_factory=dict)
    triggers: dict[str, _TriggerEntry] = Field(default_factory=dict)


class _CatalogueFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    toolkits: dict[str, _ToolkitEntry | list[str]] = Field(default_factory=dict)
    auth_configs: dict[str, str] = Field(default_factory=dict)


def _toolkit(slug: str, entry: _ToolkitEntry | list[str], known: Toolkit | None) -> Toolkit:
    """The toolkit ``entry`` describes, over what the catalogue already ``known`` of it."""
    if isinstance(entry, list):
        entry = _ToolkitEntry(tools={tool: _ToolEntry() for tool in entry})
    tools = {
        tool: Tool(
            slug=tool,
            toolkit=slug,
            name=spec.name or tool.replace("_", " ").capitalize(),
            description=spec.description,
            input_schema=spec.input_schema,
            result=spec.result,
            tags=tuple(spec.tags),
        )
        for tool, spec in entry.tools.items()
    }
    triggers = {
        trigger: TriggerType(
            slug=trigger,
            toolkit=slug,
            name=spec.name or trigger.replace("_", " ").capitalize(),
            description=spec.description,
            instructions=spec.instructions,
            type=spec.type,
            config=spec.config,
            payload=spec.payload,
        )
        for trigger, spec in entry.triggers.items()
    }
    given = entry.model_fields_set
    return Toolkit(
        slug=slug,
        name=entry.name or (known.name if known else slug),
        auth_schemes=tuple(entry.auth_schemes)
        if known is None or "auth_schemes" in given
        else known.auth_schemes,
        composio_managed_auth=entry.composio_managed_auth
        if known is None or "composio_managed_auth" in given
        else known.composio_managed_auth,
        tools={**known.tools, **tools} if known else tools,
        description=entry.description
        if entry.description is not None
        else (known.description if known else ""),
        categories=tuple(entry.categories)
        if entry.categories is not None
        else (known.categories if known else ()),
        triggers={**known.triggers, **triggers} if known else triggers,
    )


_EMPTY = Catalogue(toolkits={}, auth_configs={})
BUILT_IN = _EMPTY._merged(
    _CatalogueFile.model_validate_json((Path(__file__).parent / "catalogue.json").read_bytes())
)
"""Enough of Composio's catalogue for the examples, tests and benchmarks."""
