"""What the plugin process knows of Composio's catalogue, and how it names a mistyped slug.

A server's preview (the dynamic provider's ``check``, the native plugin's preview ``create``
and ``update``: see ``ServiceBase.asked``) asks Composio whether the toolkit and tool slugs
it declares exist, so that ``toolkits: [githb]`` fails the preview rather than the apply.
It asks only about slugs that are new or changed against the inputs in state and that
neither this process nor a recent one (:mod:`.confirmed_slugs`) has seen Composio confirm,
so a preview with no such change makes no call at all, many servers on the same toolkits
cost their first check only, and the apply of ``pulumi up`` trusts what its preview just
asked. The reads of one check go out together: one round trip. A slug Composio
does not know is a typo more often than not (``githb``, ``GITHUB_CREATE_ISSU``), so every
message about one offers the closest slugs that exist.

Where Composio cannot be asked (no key, no network, an outage), the check says so once per
process in a warning and leaves the slugs to the apply, which Composio checks itself.
"""

from __future__ import annotations

import difflib
import threading
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import ComposioError, NotFound
from .confirmed_slugs import ConfirmedSlugs, Kind
from .input_rules import InputProblem

if TYPE_CHECKING:
    from ..api.client import ComposioClient

__all__ = ["KnownSlugs", "SlugVerdict", "closest", "did_you_mean", "unchecked_warning"]

_SUGGESTIONS = 3
_CUTOFF = 0.6
"""difflib's similarity (0-1) a known slug needs to be offered: ``githb`` and ``github``
score 0.91, ``slack`` and ``github`` 0.18."""
_MARGIN = 0.1
"""How far below the best a slug may score and still be offered beside it: a slug one
letter off has one answer, not every tool of the toolkit that shares its words."""
_READS_AT_ONCE = 8
"""Catalogue reads in flight at once per configuration: a check's toolkits and its tools,
and the checks of a few servers with slugs of their own, without a burst at Composio."""

_Answer = Future[frozenset[str]]
"""Composio's answer about one or more slugs: those of them it knows."""


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
    """The toolkit and tool slugs Composio has answered for, to this process or (through
    ``record``) to a recent one, for one configuration (one project).

    A check asks about all its unanswered slugs at once: one ``GET /toolkits/{slug}`` per
    toolkit and one ``GET /tools?tool_slugs=`` for the tools, side by side on a small pool,
    so it costs one round trip however many toolkits it names. The answer to a question
    in flight is shared: when the engine checks many servers at once, the first asks about
    their common toolkits and the others wait for that answer rather than asking again,
    while servers with slugs of their own ask at the same time rather than in turn.
    Once Composio could not be asked (its retries spent), later checks do not ask again:
    a preview without a network pays the client's retry budget once, not once per server.
    """

    def __init__(self, record: ConfirmedSlugs | None = None) -> None:
        self._answers: dict[Kind, dict[str, _Answer]] = {"toolkits": {}, "tools": {}}
        self._record = record
        self._unreachable = False
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(_READS_AT_ONCE, thread_name_prefix="composio-catalogue")

    def check(
        self,
        client: Callable[[], ComposioClient],
        toolkits: Collection[str],
        tools: Collection[str],
        *,
        declared_toolkits: Collection[str] = (),
    ) -> SlugVerdict:
        """Whether Composio knows ``toolkits`` and ``tools``, asking only about those
        neither this process nor the record has an answer for.

        ``declared_toolkits`` are all the toolkits of the resource: their tools are what a
        mistyped tool is compared with (listed only when one is mistyped).
        """
        try:
            toolkit_answers, tool_answers = self._ask(client, toolkits, tools)
            missing_toolkits = _unknown(toolkit_answers)
            missing_tools = _unknown(tool_answers)
            if not missing_toolkits and not missing_tools:
                return SlugVerdict()
            return SlugVerdict(
                self._problems(client(), missing_toolkits, missing_tools, declared_toolkits)
            )
        except ComposioError as error:
            with self._lock:
                self._unreachable = True
            return SlugVerdict(warning=unchecked_warning(error))

    def _ask(
        self,
        client: Callable[[], ComposioClient],
        toolkits: Collection[str],
        tools: Collection[str],
    ) -> tuple[dict[str, _Answer], dict[str, _Answer]]:
        """The answer (perhaps still in flight) for each slug, sending the questions no
        check has sent and the record does not answer; none once Composio was out of reach."""
        wanted: dict[Kind, set[str]] = {"toolkits": set(toolkits), "tools": set(tools)}
        with self._lock:
            if self._unreachable:
                return {}, {}
            unasked = {kind: wanted[kind] - self._answers[kind].keys() for kind in wanted}
            if self._record is not None and any(unasked.values()):
                recorded = self._record.read()
                for kind, slugs in unasked.items():
                    self._confirm(kind, slugs & recorded[kind])
                    slugs -= recorded[kind]
            if any(unasked.values()):
                api = client()
                for slug in sorted(unasked["toolkits"]):
                    self._answers["toolkits"][slug] = self._pool.submit(
                        self._toolkit_known, api, slug
                    )
                if unasked["tools"]:
                    asked = sorted(unasked["tools"])
                    batch = self._pool.submit(self._tools_known, api, asked)
                    self._answers["tools"].update(dict.fromkeys(asked, batch))
            toolkit_answers, tool_answers = self._answers["toolkits"], self._answers["tools"]
            return (
                {slug: toolkit_answers[slug] for slug in wanted["toolkits"]},
                {slug: tool_answers[slug] for slug in wanted["tools"]},
            )

    def _problems(
        self,
        api: ComposioClient,
        missing_toolkits: list[str],
        missing_tools: list[str],
        declared_toolkits: Collection[str],
    ) -> list[InputProblem]:
        """One problem per property, each offering the closest known slugs: the toolkits
        listed, and the tools of the server's toolkits and of those the mistyped tools'
        prefixes name (read side by side)."""
        listing = self._pool.submit(self._all_toolkits, api) if missing_toolkits else None
        problems = []
        if missing_tools:
            guesses = {slug.split("_", 1)[0].lower() for slug in missing_tools}
            guess_answers, _ = self._ask(lambda: api, guesses, ())
            around = set(declared_toolkits) - set(missing_toolkits)
            around |= set(guesses) - set(_unknown(guess_answers))
            known = [
                slug
                for slugs in self._pool.map(lambda kit: self._tools_of(api, kit), sorted(around))
                for slug in slugs
            ]
            problems.append(
                _problem(
                    "allowed_tools",
                    "tool",
                    missing_tools,
                    known,
                    fix="; get_tools lists the tools of a toolkit",
                )
            )
        if listing is not None:
            problems.insert(0, _problem("toolkits", "toolkit", missing_toolkits, listing.result()))
        return problems

    def _toolkit_known(self, api: ComposioClient, slug: str) -> frozenset[str]:
        try:
            api.get_toolkit(slug)
        except NotFound:
            return frozenset()
        self._learned("toolkits", [slug])
        return frozenset({slug})

    def _tools_known(self, api: ComposioClient, slugs: list[str]) -> frozenset[str]:
        found = frozenset(tool.slug for tool in api.list_tools(tool_slugs=slugs))
        self._learned("tools", found)
        return found

    def _all_toolkits(self, api: ComposioClient) -> list[str]:
        known = [toolkit.slug for toolkit in api.list_toolkits()]
        self._learned("toolkits", known)
        return known

    def _tools_of(self, api: ComposioClient, toolkit: str) -> list[str]:
        known = [tool.slug for tool in api.list_tools(toolkit_slug=toolkit)]
        self._learned("tools", known)
        return known

    def _learned(self, kind: Kind, slugs: Collection[str]) -> None:
        """Keep what Composio just confirmed, for this process's later checks and (through
        the record) the next process's, such as the apply after this preview."""
        with self._lock:
            self._confirm(kind, slugs)
        if self._record is not None and slugs:
            self._record.add(kind, slugs)

    def _confirm(self, kind: Kind, slugs: Collection[str]) -> None:
        """Answer ``slugs`` as known without asking (the caller holds the lock)."""
        known: _Answer = Future()
        known.set_result(frozenset(slugs))
        for slug in slugs:
            self._answers[kind].setdefault(slug, known)


def _unknown(answers: dict[str, _Answer]) -> list[str]:
    """The slugs Composio said it does not know, waiting for answers in flight; a question
    that failed raises its :class:`ComposioError` here."""
    return sorted(slug for slug, answer in answers.items() if slug not in answer.result())


def _problem(
    prop: str, kind: str, missing: list[str], known: list[str], fix: str = ""
) -> InputProblem:
    named = ", ".join(f"{slug!r}{did_you_mean(slug, known)}" for slug in missing)
    plural = "s" if len(missing) > 1 else ""
    return InputProblem(prop, f"{prop}: Composio has no {kind}{plural} {named}{fix}")
