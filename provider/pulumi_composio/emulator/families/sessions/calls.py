"""What a session offers and how a call of its tools answers, for its routes and its MCP URL.

No real tool runs. An app tool answers with the catalogue's sample result (or, without one,
the arguments echoed), once its arguments fit its input schema, as a server's MCP endpoint
does. The meta-tools work on the session's enabled tools: search finds them by the words of
a use case, the schema tool describes them, multi-execute runs several; the connection
manager, the workbench and proxy execute need a live Composio and answer that they are not
available offline.
"""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ...catalogue import Catalogue, Tool
from ...mcp_serving import argument_problem
from .config import config_json, enabled_tools, settings_of, tool_router_tools
from .meta_tools import META_TOOLKIT
from .records import SessionRecord

__all__ = ["Outcome", "SessionView", "log_id"]

_WORD = re.compile(r"[a-z0-9]{3,}")
_PRIMARY = 3
_RELATED = 5


def log_id() -> str:
    """An execution's ``log_id``, the look of Composio's."""
    return "log_" + uuid.uuid4().hex[:20]


@dataclass(frozen=True)
class Outcome:
    """A tool call's result as Composio reports it: ``data``, and ``error`` when it failed."""

    data: dict[str, Any]
    error: str | None = None

    @property
    def successful(self) -> bool:
        return self.error is None

    def as_json(self) -> dict[str, Any]:
        return {"data": self.data, "error": self.error, "successful": self.successful}


def _failed(error: str) -> Outcome:
    return Outcome({}, error)


@dataclass(frozen=True)
class SessionView:
    """A live session read once: its config and what it offers."""

    record: SessionRecord
    catalogue: Catalogue

    @cached_property
    def config(self) -> dict[str, Any]:
        return config_json(self.record.user_id, settings_of(self.record.settings))

    @cached_property
    def enabled(self) -> dict[str, Tool]:
        """The session's app tools by slug."""
        return {t.slug: t for t in enabled_tools(settings_of(self.record.settings), self.catalogue)}

    @cached_property
    def tool_router_tools(self) -> list[str]:
        return tool_router_tools(settings_of(self.record.settings), self.catalogue)

    def served(self) -> list[Tool]:
        """The tools the session hands an agent (``tool_router_tools``), described."""
        return [self.tool(slug) for slug in self.tool_router_tools]

    def tool(self, slug: str) -> Tool:
        """One of the session's meta-tools or enabled tools."""
        return META_TOOLKIT.tools.get(slug) or self.enabled[slug]

    def run(self, slug: str, arguments: dict[str, Any]) -> Outcome:
        """A call of ``slug`` among the tools the session serves."""
        if slug not in self.tool_router_tools:
            return _failed(f"Tool {slug} is not available in this session.")
        if slug in META_TOOLKIT.tools:
            return self.run_meta(slug, arguments)
        return self.run_app(slug, arguments)

    def run_app(self, slug: str, arguments: dict[str, Any]) -> Outcome:
        tool = self.enabled.get(slug)
        if tool is None:
            return _failed(f"Tool {slug} is not enabled in this session.")
        problem = argument_problem(tool, arguments)
        if problem is not None:
            return _failed(problem)
        result = arguments if tool.result is None else tool.result
        return Outcome(result if isinstance(result, dict) else {"result": result})

    def run_meta(self, slug: str, arguments: dict[str, Any]) -> Outcome:
        problem = argument_problem(META_TOOLKIT.tools[slug], arguments)
        if problem is not None:
            return _failed(problem)
        if slug == "COMPOSIO_SEARCH_TOOLS":
            return Outcome(self.search([q["use_case"] for q in arguments["queries"]]))
        if slug == "COMPOSIO_GET_TOOL_SCHEMAS":
            return Outcome({"tool_schemas": self._schemas(arguments["tool_slugs"])})
        if slug == "COMPOSIO_MULTI_EXECUTE_TOOL":
            return self._multi_execute(arguments["tools"])
        return _failed(f"{slug} needs a live Composio project; the emulator does not run it.")

    def _multi_execute(self, calls: list[dict[str, Any]]) -> Outcome:
        results = [
            {"tool_slug": call["tool_slug"], "response": outcome.as_json()}
            for call in calls
            for outcome in [self.run_app(call["tool_slug"], call.get("arguments") or {})]
        ]
        failed = sum(not result["response"]["successful"] for result in results)
        data = {
            "results": results,
            "total_count": len(results),
            "success_count": len(results) - failed,
            "error_count": failed,
        }
        return Outcome(data, f"{failed} of {len(results)} tool calls failed" if failed else None)

    def _schemas(self, slugs: list[str]) -> dict[str, Any]:
        return {
            slug: {
                "tool_slug": slug,
                "toolkit": tool.toolkit,
                "description": tool.description,
                "hasFullSchema": True,
                "input_schema": dict(tool.input_schema),
            }
            for slug in slugs
            if (tool := self.enabled.get(slug)) is not None
        }

    def search(self, use_cases: list[str]) -> dict[str, Any]:
        """The session's answer to a search, in ``session_search_response``'s shape: for each
        use case the enabled tools sharing most of its words."""
        results = [self._found(index, use_case) for index, use_case in enumerate(use_cases, 1)]
        slugs = [s for r in results for s in (*r["primary_tool_slugs"], *r["related_tool_slugs"])]
        kits = sorted({self.enabled[slug].toolkit for slug in slugs})
        now = time.time()
        return {
            "error": None,
            "next_steps_guidance": [
                "Call COMPOSIO_MULTI_EXECUTE_TOOL with the primary tools and their arguments."
            ],
            "results": results,
            "session": {
                "generate_id": False,
                "id": self.record.id,
                "instructions": "Pass this session id to the next meta tool calls.",
            },
            "success": True,
            "time_info": {
                "current_time_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)),
                "current_time_utc_epoch_seconds": now,
                "message": "Times are in UTC.",
            },
            "tool_schemas": self._schemas(list(dict.fromkeys(slugs))),
            "toolkit_connection_statuses": [self._connection_status(kit) for kit in kits],
        }

    def _found(self, index: int, use_case: str) -> dict[str, Any]:
        words = set(_WORD.findall(use_case.lower()))
        scored = [
            (len(words & set(_WORD.findall(text))), slug)
            for slug, tool in self.enabled.items()
            for text in [f"{slug} {tool.name} {tool.description}".lower().replace("_", " ")]
        ]
        ranked = [slug for score, slug in sorted(scored, key=lambda pair: -pair[0]) if score]
        primary, related = ranked[:_PRIMARY], ranked[_PRIMARY : _PRIMARY + _RELATED]
        return {
            "index": index,
            "use_case": use_case,
            "primary_tool_slugs": primary,
            "related_tool_slugs": related,
            "toolkits": sorted({self.enabled[slug].toolkit for slug in primary + related}),
            "error": None,
        }

    def _connection_status(self, kit: str) -> dict[str, Any]:
        toolkit = self.catalogue.toolkits[kit]
        return {
            "toolkit": kit,
            "description": toolkit.description,
            "has_active_connection": False,
            "status_message": f"No {toolkit.name} connection: the emulator connects no accounts.",
        }
