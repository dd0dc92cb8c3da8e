"""The pack's policies: which tools and toolkits this provider's resources may give an agent,
and that MCP clients need the project's key.

Each judges one resource from its inputs (:mod:`.exposure`) and Composio's facts
(:mod:`.catalogue`), and each violation says which resource, which tool or toolkit, which tag
and how to fix it, in the input names the program used. What is not known at preview is
judged at ``pulumi up``, where the engine runs the pack again on each resource before
changing it, with the values then known; at preview the pack says so for each such resource,
as pulumi-policy's own "can't run policy ... during preview" note.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
)
from pulumi_policy.proxy import UNKNOWN_ARRAY_VALUE, UnknownValueError

from .catalogue import Catalogue, CatalogueOutOfReach
from .exposure import (
    EveryToolkit,
    Exposure,
    NamedTools,
    WholeToolkit,
    server_exposure,
    server_inputs_exposure,
    session_exposure,
)
from .resources import UNKNOWN, ComposioResource, recognise
from .stack_config import is_preview

__all__ = ["DESTRUCTIVE", "policies"]

DESTRUCTIVE: Final = "destructiveHint"
SERVER: Final = "CustomMcpServer"
SESSION: Final = "Session"
USER_URL: Final = "McpServerUserUrl"
PROJECT_SETTINGS: Final = "ProjectSettings"
_EXAMPLE_DESTRUCTIVE: Final = "GITHUB_DELETE_A_REPOSITORY"


@dataclass
class Judgement:
    """One policy's verdict on one resource as it is reached: violations, inputs not known
    yet, and whether the catalogue was out of reach."""

    policy: str
    resource: ComposioResource
    report: ReportViolation
    unknown: list[str] = field(default_factory=list)

    def violation(self, message: str) -> None:
        self.report(message, None)

    def out_of_reach(self, error: CatalogueOutOfReach, what: str) -> None:
        """Fail rather than pass unchecked; say why and how to fix it the first time."""
        label = self.resource.label
        if not error.first:
            self.report(
                f"{label} is not checked ({what}): Composio's catalogue is out of reach, as "
                "this run's first such violation says in full.",
                None,
            )
            return
        self.report(
            f"Composio's catalogue is out of reach ({error.reason}), so {self.policy} cannot "
            f"check {label} ({what}) and fails it rather than pass it unchecked. Fix: give the "
            "pack the stack's Composio settings, as the provider reads them (`pulumi config "
            "set --secret composio:apiKey ...`, and composio:baseUrl when it is not Composio's "
            "own API), or COMPOSIO_API_KEY and COMPOSIO_BASE_URL in the environment, and run "
            "again where the API is reachable.",
            None,
        )

    def finish(self) -> None:
        """Defer what is not known yet: at preview a note, at ``up`` a violation (by then
        every input of a resource about to change is known, so one that is not is wrong)."""
        if not self.unknown:
            return
        names = ", ".join(dict.fromkeys(self.unknown))
        label = self.resource.label
        if not is_preview():
            self.report(f"{label}: {names} is still not known, so it cannot be judged.", None)
            return
        note = UnknownValueError(UNKNOWN_ARRAY_VALUE, [self.unknown[0]])
        note.message = (
            f"{label}: {names} is not known until the resource it comes from is made; "
            f"{self.policy} judges it at `pulumi up`, before {label} is created or changed"
        )
        raise note


Judge = Callable[[Judgement, "Catalogue", Mapping[str, Any]], None]


def resource_policy(
    name: str,
    description: str,
    level: EnforcementLevel,
    kinds: Iterable[str],
    judge: Judge,
    catalogue: Catalogue,
    config_schema: PolicyConfigSchema | None = None,
) -> ResourceValidationPolicy:
    """A policy running ``judge`` on each resource of this provider of the given kinds."""
    wanted = frozenset(kinds)

    def validate(args: ResourceValidationArgs, report: ReportViolation) -> None:
        resource = recognise(args.resource_type, args.name, args.props)
        if resource is None or resource.kind not in wanted:
            return
        judgement = Judgement(name, resource, report)
        judge(judgement, catalogue, args.get_config() or {})
        judgement.finish()

    return ResourceValidationPolicy(
        name=name,
        description=description,
        enforcement_level=level,
        validate=validate,
        config_schema=config_schema,
    )


def exposure_of(judgement: Judgement, catalogue: Catalogue) -> Exposure | None:
    """The resource's grants; a user URL's are its server's, read by id (``None``: nothing
    to judge, or the catalogue is out of reach, already reported)."""
    resource = judgement.resource
    if resource.kind == SERVER:
        exposure = server_inputs_exposure(resource)
    elif resource.kind == SESSION:
        exposure = session_exposure(resource)
    else:
        return _user_url_exposure(judgement, catalogue)
    judgement.unknown += exposure.unknown
    return exposure


def _user_url_exposure(
    judgement: Judgement, catalogue: Catalogue, *, every_tool: bool = False
) -> Exposure | None:
    """What a user URL's server exposes (``every_tool``: every tool of its toolkits, whatever
    its allowed tools), read by the URL's ``server_id``."""
    resource = judgement.resource
    server_id = resource.get("server_id")
    if server_id is UNKNOWN:
        judgement.unknown.append(resource.shown("server_id"))
        return None
    if not isinstance(server_id, str) or not server_id:
        return None
    try:
        server = catalogue.server(server_id)
    except CatalogueOutOfReach as error:
        judgement.out_of_reach(error, f"which tools its server {server_id} exposes")
        return None
    if server is None:
        return None
    where = f"allowed_tools of its server {server_id}"
    allowed = [] if every_tool else server.allowed_tools
    return server_exposure(
        server.toolkits, allowed, shown={"allowed_tools": where, "toolkits": where}
    )


def judge_destructive(
    judgement: Judgement, catalogue: Catalogue, _config: Mapping[str, Any]
) -> None:
    """``no-destructive-tools``: nothing Composio tags ``destructiveHint``."""
    exposure = exposure_of(judgement, catalogue)
    if exposure is None:
        return
    resource = judgement.resource
    for grant in exposure.grants:
        if isinstance(grant, EveryToolkit):
            if grant.tags is None or not grant.tags.excludes(DESTRUCTIVE):
                judgement.violation(_every_toolkit_destructive(resource))
            continue
        try:
            facts = _granted(grant, catalogue)
        except CatalogueOutOfReach as error:
            judgement.out_of_reach(error, "which tools it exposes")
            return
        for slug, toolkit in facts:
            judgement.violation(_destructive(resource, grant, slug, toolkit))


def _granted(grant: NamedTools | WholeToolkit, catalogue: Catalogue) -> list[tuple[str, str]]:
    """The destructive tools ``grant`` gives, as (slug, toolkit)."""
    if isinstance(grant, NamedTools):
        found = catalogue.tools(grant.tools)
        return [
            (slug, found[slug].toolkit)
            for slug in sorted(grant.tools)
            if slug in found and DESTRUCTIVE in found[slug].tags
        ]
    tools = catalogue.toolkit_tools(grant.toolkit)
    return [
        (slug, grant.toolkit)
        for slug, fact in sorted(tools.items())
        if slug not in grant.minus
        and (grant.tags is None or grant.tags.passes(fact.tags))
        and DESTRUCTIVE in fact.tags
    ]


def _destructive(
    resource: ComposioResource, grant: NamedTools | WholeToolkit, slug: str, toolkit: str
) -> str:
    said = f"{resource.label} exposes {slug} ({toolkit}), which Composio tags {DESTRUCTIVE}."
    if isinstance(grant, NamedTools):
        return f"{said} Fix: remove {slug} from {grant.where}."
    if resource.kind == SESSION:
        tools, tags = resource.shown("tools"), resource.shown("tags")
        return (
            f"{said} Fix: add it to {tools}.{toolkit}.disable, name the tools it may use in "
            f'{tools}.{toolkit}.enable, or keep to read-only tools: {tags}: ["readOnlyHint"].'
        )
    if resource.kind == USER_URL:
        return f"{said} Fix: name the tools its server may use in its allowed_tools."
    return (
        f"{said} {resource.shown('allowed_tools')} is empty, so it exposes every tool of "
        f"{toolkit}. Fix: name the tools it may use in {resource.shown('allowed_tools')}, "
        f"leaving {slug} out."
    )


def _every_toolkit_destructive(resource: ComposioResource) -> str:
    toolkits, tags = resource.shown("toolkits"), resource.shown("tags")
    return (
        f"{resource.label} names no {toolkits}, so it enables every toolkit and every tool "
        f"Composio tags {DESTRUCTIVE} (such as {_EXAMPLE_DESTRUCTIVE}). Fix: name its "
        f'{toolkits}, or keep to read-only tools: {tags}: ["readOnlyHint"].'
    )


def judge_explicit(judgement: Judgement, _catalogue: Catalogue, _config: Mapping[str, Any]) -> None:
    """``explicit-tools``: a server names its ``allowed_tools``; a session uses
    ``direct_tools`` or names the tools it enables."""
    resource = judgement.resource
    if resource.kind == SESSION and resource.get("direct_tools") is True:
        return
    if resource.kind == SESSION:
        exposure = session_exposure(resource)
    else:
        exposure = server_inputs_exposure(resource)
    judgement.unknown += exposure.unknown
    whole = sorted({g.toolkit for g in exposure.grants if isinstance(g, WholeToolkit)})
    if whole and resource.kind == SERVER:
        shown = resource.shown("allowed_tools")
        judgement.violation(
            f"{resource.label} names no {shown}, so it exposes every tool of "
            f"{' and '.join(whole)}, today's and any Composio adds later. Fix: list the tools "
            f"it may use in {shown}."
        )
    elif whole:
        tools = resource.shown("tools")
        judgement.violation(
            f"{resource.label} enables the tools of {' and '.join(whole)} without naming them. "
            f"Fix: list them in {tools}.<toolkit>.enable, or set "
            f"{resource.shown('direct_tools')}."
        )
    if exposure.every_toolkit is not None:
        judgement.violation(
            f"{resource.label} names no {resource.shown('toolkits')}, so it enables every "
            f"toolkit's tools. Fix: name its {resource.shown('toolkits')} and their tools in "
            f"{resource.shown('tools')}.<toolkit>.enable, or set "
            f"{resource.shown('direct_tools')}."
        )


def judge_allowed_toolkits(
    judgement: Judgement, catalogue: Catalogue, config: Mapping[str, Any]
) -> None:
    """``allowed-toolkits``: nothing outside the toolkits its config lists."""
    allowed = config.get("toolkits")
    if not isinstance(allowed, list):
        return
    resource = judgement.resource
    if resource.kind == SERVER:
        exposure = server_exposure(resource.get("toolkits"), [], shown=_shown(resource))
        judgement.unknown += exposure.unknown
    elif resource.kind == USER_URL:
        found = _user_url_exposure(judgement, catalogue, every_tool=True)
        if found is None:
            return
        exposure = found
    else:
        exposure = session_exposure(resource)
        judgement.unknown += exposure.unknown
    fix = f"keep to {', '.join(allowed) or 'no toolkit'} (--policy-pack-config allowed-toolkits)"
    if exposure.every_toolkit is not None:
        judgement.violation(
            f"{resource.label} names no {resource.shown('toolkits')}, so it enables every "
            f"toolkit, not only the allowed ones. Fix: name its {resource.shown('toolkits')}; "
            f"{fix}."
        )
    for kit in sorted(exposure.toolkits - set(allowed)):
        judgement.violation(
            f"{resource.label} uses the toolkit {kit}, which is not allowed. Fix: remove {kit} "
            f"from its {resource.shown('toolkits')}; {fix}."
        )


def judge_denied_tools(
    judgement: Judgement, catalogue: Catalogue, config: Mapping[str, Any]
) -> None:
    """``denied-tools``: none of the tools its config lists."""
    denied = config.get("tools")
    if not isinstance(denied, list) or not denied:
        return
    exposure = exposure_of(judgement, catalogue)
    if exposure is None:
        return
    resource = judgement.resource
    broad = [grant for grant in exposure.grants if not isinstance(grant, NamedTools)]
    try:
        facts = catalogue.tools(denied) if broad else {}
    except CatalogueOutOfReach as error:
        judgement.out_of_reach(error, "whether it exposes a denied tool")
        return
    for slug in sorted(set(denied)):
        for grant in exposure.grants:
            if isinstance(grant, NamedTools) and slug in grant.tools:
                judgement.violation(
                    f"{resource.label} exposes {slug}, which is denied "
                    f"(--policy-pack-config denied-tools). Fix: remove {slug} from "
                    f"{grant.where}."
                )
                break
            fact = facts.get(slug)
            if fact is None or isinstance(grant, NamedTools):
                continue
            if isinstance(grant, WholeToolkit):
                given = (
                    fact.toolkit == grant.toolkit
                    and slug not in grant.minus
                    and (grant.tags is None or grant.tags.passes(fact.tags))
                )
            else:
                given = fact.toolkit not in grant.but and (
                    grant.tags is None or grant.tags.passes(fact.tags)
                )
            if given:
                judgement.violation(
                    f"{resource.label} exposes {slug} ({fact.toolkit}, tagged "
                    f"{', '.join(sorted(fact.tags)) or 'nothing'}), which is denied "
                    f"(--policy-pack-config denied-tools), through {grant_words(resource, grant)}. "
                    f"Fix: name the tools it may use, leaving {slug} out."
                )
                break


def grant_words(resource: ComposioResource, grant: WholeToolkit | EveryToolkit) -> str:
    if isinstance(grant, WholeToolkit):
        return f"every tool of {grant.toolkit} ({grant.where})"
    return f"every toolkit (no {resource.shown('toolkits')})"


def judge_mcp_key(judgement: Judgement, _catalogue: Catalogue, _config: Mapping[str, Any]) -> None:
    """``mcp-key-required``: a ``ProjectSettings`` keeps ``require_mcp_api_key`` on."""
    resource = judgement.resource
    value = resource.get("require_mcp_api_key")
    shown = resource.shown("require_mcp_api_key")
    if value is UNKNOWN:
        judgement.unknown.append(shown)
    elif value is False:
        judgement.violation(
            f"{resource.label} sets {shown} to false, so anyone holding one of the project's "
            "MCP URLs can call its tools without the project's API key. Fix: set "
            f"{shown} to true, or leave it out."
        )


def _shown(resource: ComposioResource) -> dict[str, str]:
    return {name: resource.shown(name) for name in ("toolkits", "allowed_tools")}


def _list_of_strings(what: str) -> PolicyConfigSchema:
    schema = {what: {"type": "array", "items": {"type": "string"}}}
    return PolicyConfigSchema(properties=json.loads(json.dumps(schema)))


def policies(catalogue: Catalogue) -> list[ResourceValidationPolicy]:
    """The pack's policies, each with its default enforcement level (``--policy-pack-config``
    changes it), asking ``catalogue`` for Composio's facts."""
    agents = (SERVER, SESSION, USER_URL)
    return [
        resource_policy(
            "no-destructive-tools",
            f"No MCP server, session or user URL may expose a tool Composio tags {DESTRUCTIVE}.",
            EnforcementLevel.MANDATORY,
            agents,
            judge_destructive,
            catalogue,
        ),
        resource_policy(
            "explicit-tools",
            "Every MCP server names its allowed tools; every session uses direct tools or "
            "names the tools it enables.",
            EnforcementLevel.ADVISORY,
            (SERVER, SESSION),
            judge_explicit,
            catalogue,
        ),
        resource_policy(
            "allowed-toolkits",
            "MCP servers, sessions and user URLs use only the toolkits the pack's config "
            "allows (property toolkits).",
            EnforcementLevel.MANDATORY,
            agents,
            judge_allowed_toolkits,
            catalogue,
            _list_of_strings("toolkits"),
        ),
        resource_policy(
            "denied-tools",
            "No MCP server, session or user URL may expose a tool the pack's config denies "
            "(property tools).",
            EnforcementLevel.MANDATORY,
            agents,
            judge_denied_tools,
            catalogue,
            _list_of_strings("tools"),
        ),
        resource_policy(
            "mcp-key-required",
            "A project's settings keep the API key required of MCP clients (require_mcp_api_key).",
            EnforcementLevel.MANDATORY,
            (PROJECT_SETTINGS,),
            judge_mcp_key,
            catalogue,
        ),
    ]
