"""The lookups as a Python program calls them: ``get_toolkit``, ``get_tools``,
``get_custom_mcp_server`` and ``get_auth_config``, each with an ``_output`` form.

They run in the program's own process, with no plugin: the same
:class:`~.service.LookupService` the native plugin's ``Invoke`` runs, configured as the
resources are (stack config ``composio:apiKey``, ``composio:baseUrl``, ... else
``COMPOSIO_API_KEY``, ``COMPOSIO_BASE_URL``, ...). The plain form takes plain values and
answers at once; the ``_output`` form takes ``Input`` values (another resource's outputs)
and answers an ``Output``, unknown at preview while its arguments are, as the ``_output``
functions of Pulumi's generated SDKs do.

Like any Pulumi function, each runs at ``preview`` as well as at ``up``; its docstring says
how many API calls it makes. The service (httpx, pydantic) loads on the first call, so
importing the package stays cheap for programs that do not look anything up.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

import pulumi
from pulumi.dynamic import Config

from ..errors import ComposioError, InvalidArguments

if TYPE_CHECKING:
    from .service import LookupService

__all__ = [
    "GetAuthConfigResult",
    "GetCustomMcpServerResult",
    "GetToolkitResult",
    "GetToolsResult",
    "GetTriggerTypeResult",
    "GetTriggerTypesResult",
    "GetWebhookEventTypesResult",
    "ToolSummary",
    "get_auth_config",
    "get_auth_config_output",
    "get_custom_mcp_server",
    "get_custom_mcp_server_output",
    "get_toolkit",
    "get_toolkit_output",
    "get_tools",
    "get_tools_output",
    "get_trigger_type",
    "get_trigger_type_output",
    "get_trigger_types",
    "get_trigger_types_output",
    "get_webhook_event_types",
    "get_webhook_event_types_output",
]

ResultT = TypeVar("ResultT")


@dataclass(frozen=True)
class GetToolkitResult:
    """A toolkit: its ``slug`` and ``name``, the ``auth_schemes`` it takes (``OAUTH2``,
    ``API_KEY``, ...), whether Composio can manage its auth (``composio_managed_auth``: an
    ``AuthConfig`` with no credentials of yours), and every one of its tools (``tool_slugs``)."""

    slug: str
    name: str
    auth_schemes: list[str]
    composio_managed_auth: bool
    tool_slugs: list[str]


@dataclass(frozen=True)
class ToolSummary:
    """One tool: its ``slug`` (what ``allowed_tools`` takes), ``name`` and ``description``."""

    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class GetToolsResult:
    """The tools found, in Composio's order: their ``slugs``, and each one's summary."""

    slugs: list[str]
    tools: list[ToolSummary]


@dataclass(frozen=True)
class GetCustomMcpServerResult:
    """A server, as a :class:`~pulumi_composio.CustomMcpServer`'s outputs show it: lists are
    sorted sets; ``commands`` are the setup commands by client (``cursor``, ``claude``,
    ``windsurf``)."""

    id: str
    name: str
    toolkits: list[str]
    allowed_tools: list[str]
    auth_config_ids: list[str]
    mcp_url: str
    commands: dict[str, str]


@dataclass(frozen=True)
class GetAuthConfigResult:
    """An auth config, as an :class:`~pulumi_composio.AuthConfig`'s outputs show it, and no
    credential at all."""

    id: str
    toolkit: str
    name: str
    auth_scheme: str | None
    is_composio_managed: bool
    status: str
    enabled: bool
    scopes: list[str]
    allowed_tools: list[str]
    created_at: str | None


def get_toolkit(slug: str) -> GetToolkitResult:
    """The toolkit ``slug`` (``"github"``) and every one of its tools.

    One call for the toolkit and one per 100 of its tools; an unknown slug fails, offering
    the closest ones, after one call more.
    """
    return GetToolkitResult(**_looked_up(lambda lookups: lookups.get_toolkit(slug)))


def get_toolkit_output(slug: pulumi.Input[str]) -> pulumi.Output[GetToolkitResult]:
    """:func:`get_toolkit` of an ``Input``."""
    return _output(get_toolkit, slug=slug)


def get_tools(toolkit: str, search: str | None = None) -> GetToolsResult:
    """The tools of ``toolkit`` whose slug, name or description contains ``search`` (all of
    them when it is not given), for example to build a server's ``allowed_tools``.

    One call per 100 tools found; one more when none is, to tell an unknown toolkit (an
    error) from an empty answer.
    """
    found = _looked_up(lambda lookups: lookups.get_tools(toolkit, search))
    return GetToolsResult(slugs=found["slugs"], tools=[ToolSummary(**t) for t in found["tools"]])


def get_tools_output(
    toolkit: pulumi.Input[str], search: pulumi.Input[str | None] = None
) -> pulumi.Output[GetToolsResult]:
    """:func:`get_tools` of ``Input`` values."""
    return _output(get_tools, toolkit=toolkit, search=search)


def get_custom_mcp_server(
    id: str | None = None, name: str | None = None
) -> GetCustomMcpServerResult:
    """A live server made elsewhere (another stack, the dashboard), by ``id`` or by its exact
    ``name`` (case and all); give one of them.

    By id, one call; by name, one call per 50 servers whose name contains it (Composio's
    filter ignores case and matches any part, so the exact match is made here). A name no
    server has, or several have, fails naming it, or their ids.
    """
    found = _looked_up(lambda lookups: lookups.get_custom_mcp_server(id=id, name=name))
    return GetCustomMcpServerResult(**found)


def get_custom_mcp_server_output(
    id: pulumi.Input[str | None] = None, name: pulumi.Input[str | None] = None
) -> pulumi.Output[GetCustomMcpServerResult]:
    """:func:`get_custom_mcp_server` of ``Input`` values."""
    return _output(get_custom_mcp_server, id=id, name=name)


def get_auth_config(id: str) -> GetAuthConfigResult:
    """The auth config ``id`` (``ac_...``), without its credentials: one call."""
    return GetAuthConfigResult(**_looked_up(lambda lookups: lookups.get_auth_config(id)))


def get_auth_config_output(id: pulumi.Input[str]) -> pulumi.Output[GetAuthConfigResult]:
    """:func:`get_auth_config` of an ``Input``."""
    return _output(get_auth_config, id=id)


@dataclass(frozen=True)
class GetTriggerTypeResult:
    """A trigger type: its ``slug`` (what a :class:`~pulumi_composio.Trigger`'s ``slug``
    takes), ``name``, ``description``, ``toolkit`` and ``instructions``; the JSON schemas of
    its ``config`` (what ``trigger_config`` is checked against) and of its events'
    ``payload``; its ``config_fields`` and ``required_config_fields``."""

    slug: str
    name: str
    description: str
    toolkit: str
    instructions: str
    config: dict[str, Any]
    payload: dict[str, Any]
    config_fields: list[str]
    required_config_fields: list[str]


@dataclass(frozen=True)
class GetTriggerTypesResult:
    """The trigger types found: their ``slugs`` in Composio's order, and each by slug."""

    slugs: list[str]
    trigger_types: dict[str, GetTriggerTypeResult]


@dataclass(frozen=True)
class GetWebhookEventTypesResult:
    """The event types a webhook subscription may enable (``event_types``), the payload
    versions carrying each (``versions``, comma-separated) and what each means."""

    event_types: list[str]
    versions: dict[str, str]
    descriptions: dict[str, str]


def get_trigger_types(toolkit: str | None = None) -> GetTriggerTypesResult:
    """Composio's trigger types, of ``toolkit`` (``"github"``) when given, each with its
    config schema: one call per 100; a toolkit with none costs one more, failing when
    Composio has no such toolkit."""
    found = _looked_up(lambda lookups: lookups.get_trigger_types(toolkit))
    return GetTriggerTypesResult(
        slugs=found["slugs"],
        trigger_types={
            slug: GetTriggerTypeResult(**kind) for slug, kind in found["trigger_types"].items()
        },
    )


def get_trigger_types_output(
    toolkit: pulumi.Input[str | None] = None,
) -> pulumi.Output[GetTriggerTypesResult]:
    """:func:`get_trigger_types` of an ``Input``."""
    return _output(get_trigger_types, toolkit=toolkit)


def get_trigger_type(slug: str) -> GetTriggerTypeResult:
    """The trigger type ``slug`` (``"GITHUB_COMMIT_EVENT"``) with its config and payload
    schemas: one call; an unknown slug fails, offering the closest ones."""
    return GetTriggerTypeResult(**_looked_up(lambda lookups: lookups.get_trigger_type(slug)))


def get_trigger_type_output(slug: pulumi.Input[str]) -> pulumi.Output[GetTriggerTypeResult]:
    """:func:`get_trigger_type` of an ``Input``."""
    return _output(get_trigger_type, slug=slug)


def get_webhook_event_types() -> GetWebhookEventTypesResult:
    """The event types a :class:`~pulumi_composio.WebhookSubscription`'s ``enabled_events``
    may name: one call."""
    return GetWebhookEventTypesResult(
        **_looked_up(lambda lookups: lookups.get_webhook_event_types())
    )


def get_webhook_event_types_output() -> pulumi.Output[GetWebhookEventTypesResult]:
    """:func:`get_webhook_event_types` as an ``Output``."""
    return _output(get_webhook_event_types)


_CONFIG_KEYS = (
    "composio:apiKey",
    "composio:userApiKey",
    "composio:baseUrl",
    "composio:allowInsecureHttp",
)


def _program_config() -> Config:
    """The stack's ``composio:*`` config as the program sees it (secrets in clear, as the
    engine hands them to the program), in the form the services read."""
    from pulumi.runtime.config import get_config

    values = {key: get_config(key) for key in _CONFIG_KEYS}
    return Config(
        raw_config={key: value for key, value in values.items() if value is not None},
        project_name="",
    )


def _looked_up(call: Callable[[LookupService], ResultT]) -> ResultT:
    """``call`` on a service configured as the resources are; a failure the user can fix
    ends the program as one line (see :func:`_one_line`)."""
    from .service import LookupService

    try:
        return call(LookupService(_program_config()))
    except ComposioError as error:
        raise _one_line(error) from None


def _output(function: Callable[..., ResultT], **arguments: Any) -> pulumi.Output[ResultT]:
    """``function`` of the values of ``arguments`` once they are known, on a worker thread so
    the program's other work (registering resources) goes on meanwhile.

    An argument given an ``Output`` that resolves to nothing fails naming that argument:
    passed on as ``None`` it would read as never given ("give one of id and name"), which
    hides the usual cause, a stack output the other stack does not export."""
    given = [name for name, value in arguments.items() if value is not None]

    def run(values: Mapping[str, Any]) -> asyncio.Future[ResultT]:
        empty = [name for name in given if values[name] is None]
        if empty:
            raise _one_line(InvalidArguments(_came_empty(f"{function.__name__}_output", empty)))
        call = functools.partial(contextvars.copy_context().run, function, **values)
        return asyncio.get_running_loop().run_in_executor(None, call)

    return pulumi.Output.all(**arguments).apply(run)


def _came_empty(function: str, arguments: list[str]) -> str:
    named = " and ".join(arguments)
    return (
        f"{function}: {named} came empty: the value given resolved to nothing, as a stack "
        "output the other stack does not export does (StackReference.require_output names the "
        "missing output; `pulumi stack output --stack <other>` lists what it exports)"
    )


_ONE_LINE_TYPES: dict[type[ComposioError], type[ComposioError]] = {}


def _one_line(error: ComposioError) -> ComposioError:
    """``error``, made an instance of a subclass of both its own class and
    :class:`pulumi.RunError`.

    Pulumi's Python host ends a program that raised a ``RunError`` with its message alone,
    and any other exception with a traceback through this package; the error's message
    already says what was wrong and how to fix it. ``except NothingFound`` still catches it.
    """
    kind = type(error)
    shown = _ONE_LINE_TYPES.get(kind)
    if shown is None:
        namespace = {"__module__": kind.__module__, "__qualname__": kind.__qualname__}
        shown = _ONE_LINE_TYPES[kind] = cast(
            "type[ComposioError]", type(kind.__name__, (kind, pulumi.RunError), namespace)
        )
    copy = BaseException.__new__(shown, *error.args)
    copy.__dict__.update(error.__dict__)
    return copy
