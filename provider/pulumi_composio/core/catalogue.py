"""What the plugin process knows of Composio's catalogue, and how it names a mistyped slug.

A server's ``check`` (at ``preview``, before anything is made) asks Composio whether the
toolkit and tool slugs it declares exist, so that ``toolkits: [githb]`` fails the preview
rather than the apply. It asks only about slugs that are new or changed against the inputs
in state and that this process has not seen Composio answer for, so a preview with no such
change makes no call at all, and many servers on the same toolkits cost their first check
only. A slug Composio does not know is a typo more often than not (``githb``,
``GITHUB_CREATE_ISSU``), so every message about one offers the closest slugs that exist.

Where Composio cannot be asked (no key, no network, an outage), the check says so once per
process in a warning and leaves the slugs to the apply, which Composio checks itself.
"""

from __future__ import annotations

import difflib
import threading
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from ..api.client import ComposioClient
from ..errors import ComposioError, NotFound
from .input_rules import InputProblem

__all__ = ["KnownSlugs", "SlugVerdict", "closest", "did_you_mean", "unchecked_warning"]

_SUGGESTIONS = 3
_CUTOFF = 0.6
"""difflib's similarity (0-1) a known slug needs to be offered: ``githb`` and ``github``
score 0.91, ``slack`` and ``github`` 0.18."""
_MARGIN = 0.1
"""How far below the best a slug may score and still be offered beside it: a slug one
letter off has one answer, not every tool of the toolkit that shares its words."""


def closest(slug: str, known: Iterable[str]) -> list[str]:
    """The known slugs most like ``slug``, best first, ignoring case (``GitHub`` is one step
    from ``github``, not four)."""
    folded = slug.casefold()
    matcher = difflib.SequenceMatcher(b=folded)
    scored: dict[str, float] = {}
    for candidate in known:
        if candidate == slug or candidate in scored:
            continue
        matcher.set_seq1(candidate.casefold())
        scored[candidate] = matcher.ratio()
    ranked = sorted(scored.items(), key=lambda item: (-item[1], item[0]))
    if not ranked or ranked[0][1] < _CUTOFF:
        return []
    floor = max(_CUTOFF, ranked[0][1] - _MARGIN)
    return [candidate for candidate, score in ranked[:_SUGGESTIONS] if score >= floor]


def did_you_mean(slug: str, known: Iterable[str]) -> str:
    """`` (did you mean `github`?)`` for the closest known slugs, or ``""`` when none is close."""
    offered = closest(slug, known)
    if not offered:
        return ""
    return " (did you mean " + " or ".join(f"`{choice}`" for choice in offered) + "?)"


@dataclass(frozen=True)
class SlugVerdict:
    """What the check found: one problem per property naming its unknown slugs, or why it
    could not ask (``warning``, given once per process; ``None`` otherwise)."""

    problems: list[InputProblem] = field(default_factory=list)
    warning: str | None = None


_warned: set[str] = set()
_warned_lock = threading.Lock()


def unchecked_warning(error: ComposioError) -> str | None:
    """The warning that slugs went unchecked because of ``error``; ``None`` when the same
    warning was given before in this process."""
    message = (
        f"toolkit and tool slugs were not checked against Composio at preview ({error}); "
        "Composio checks them when the change is applied"
    )
    with _warned_lock:
        if message in _warned:
            return None
        _warned.add(message)
    return message


class KnownSlugs:
    """The toolkit and tool slugs Composio has confirmed to this process, for one
    configuration (one project).

    Asking is serialised: when the engine checks many servers at once, the first asks about
    their shared toolkits and the others find the answer here rather than asking again.
    Once Composio could not be asked (its retries spent), later checks do not ask again:
    a preview without a network pays the client's retry budget once, not once per server.
    """

    def __init__(self) -> None:
        self._toolkits: set[str] = set()
        self._tools: set[str] = set()
        self._unreachable = False
        self._lock = threading.Lock()

    def check(
        self,
        client: Callable[[], ComposioClient],
        toolkits: Collection[str],
        tools: Collection[str],
        *,
        declared_toolkits: Collection[str] = (),
    ) -> SlugVerdict:
        """Ask Composio about the ``toolkits`` and ``tools`` not yet confirmed: one
        ``GET /toolkits/{slug}`` per toolkit, one ``GET /tools?tool_slugs=`` for the tools.

        ``declared_toolkits`` are all the toolkits of the resource: their tools are what a
        mistyped tool is compared with (listed only when one is mistyped).
        """
        with self._lock:
            toolkits = sorted(set(toolkits) - self._toolkits)
            tools = sorted(set(tools) - self._tools)
            if self._unreachable or (not toolkits and not tools):
                return SlugVerdict()
            try:
                return self._asked(client(), toolkits, tools, declared_toolkits)
            except ComposioError as error:
                self._unreachable = True
                return SlugVerdict(warning=unchecked_warning(error))

    def _asked(
        self,
        api: ComposioClient,
        toolkits: list[str],
        tools: list[str],
        declared_toolkits: Collection[str],
    ) -> SlugVerdict:
        missing_toolkits = [slug for slug in toolkits if not self._toolkit_exists(api, slug)]
        found = {tool.slug for tool in api.list_tools(tool_slugs=tools)} if tools else set()
        self._tools |= found
        missing_tools = [slug for slug in tools if slug not in found]
        problems = []
        if missing_toolkits:
            known = [toolkit.slug for toolkit in api.list_toolkits()]
            self._toolkits |= set(known)
            problems.append(_problem("toolkits", "toolkit", missing_toolkits, known))
        if missing_tools:
            around = set(declared_toolkits) - set(missing_toolkits)
            for slug in missing_tools:
                guess = slug.split("_", 1)[0].lower()
                if guess in self._toolkits or self._toolkit_exists(api, guess):
                    around.add(guess)
            known = [
                tool.slug
                for toolkit in sorted(around)
                for tool in api.list_tools(toolkit_slug=toolkit)
            ]
            self._tools |= set(known)
            problems.append(
                _problem(
                    "allowed_tools",
                    "tool",
                    missing_tools,
                    known,
                    fix="; get_tools lists the tools of a toolkit",
                )
            )
        return SlugVerdict(problems)

    def _toolkit_exists(self, api: ComposioClient, slug: str) -> bool:
        try:
            api.get_toolkit(slug)
        except NotFound:
            return False
        self._toolkits.add(slug)
        return True


def _problem(
    prop: str, kind: str, missing: list[str], known: list[str], fix: str = ""
) -> InputProblem:
    named = ", ".join(f"{slug!r}{did_you_mean(slug, known)}" for slug in missing)
    plural = "s" if len(missing) > 1 else ""
    return InputProblem(prop, f"{prop}: Composio has no {kind}{plural} {named}{fix}")
