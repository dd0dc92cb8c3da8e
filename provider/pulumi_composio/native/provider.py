"""The plugin's resource operations: gRPC requests in, the services' work, gRPC answers out.

Each method takes the engine's request message and returns its answer, synchronously, so
:mod:`.server` runs them on worker threads and tests call them directly with requests
built by the SDK's own serialization. Everything a resource does is its service's
(``servers/``, ``auth_configs/``, ``user_urls/``), the very objects the dynamic provider
runs; this module only translates: Pulumi's camelCase names to the services' snake_case
ones and back, unknowns and secrets (:mod:`.wire`), default names from the URN
(:mod:`.urns`), and the services' front-neutral results into per-property diffs.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from google.protobuf import empty_pb2
from pulumi.dynamic import Config
from pulumi.runtime import proto

from ..core.dynamic_provider import ResourceService
from ..errors import InvalidArguments, InvalidRequest, PartlyCreated
from .function_types import FUNCTION_TYPES
from .imports import declared_inputs
from .listings import ListingService, has_unknowns
from .properties import wire_name
from .resource_types import (
    CONFIG,
    RESOURCE_TYPES,
    ResourceType,
)
from .schema import plugin_version, schema_json
from .urns import parse_urn
from .wire import decode, encode

if TYPE_CHECKING:
    from ..lookups.service import LookupService

__all__ = [
    "CheckFailed",
    "NativeProvider",
    "RunCancelled",
    "UnknownFunction",
    "UnknownResourceType",
    "Warn",
]

Warn = Callable[[str, str], None]
"""Shows the user a warning about a resource: ``(urn, message)``."""

_CONFIG_SECRETS = frozenset(p.wire for p in CONFIG if p.secret)


class UnknownResourceType(ValueError):
    """The engine asked for a type this plugin does not serve."""


class InitFailed(Exception):
    """A create that made its object and then failed: the message, and the engine's
    ``ErrorResourceInitFailed`` detail (the object's id, outputs and inputs) that the server
    sends with it."""

    def __init__(self, message: str, detail: proto.ErrorResourceInitFailed) -> None:
        super().__init__(message)
        self.detail = detail
        detail.reasons.append(message)


class CheckFailed(Exception):
    """Inputs that Composio's answers show to be wrong (a toolkit it does not know), found by
    the preview's ``create`` or ``update``, or by an apply's that Composio refused: one line
    per problem, each naming its property and the fix."""


class UnknownFunction(ValueError):
    """A program invoked a function this plugin does not have."""


class RunCancelled(Exception):
    """A create, update or delete that arrived after the engine cancelled the run: refused
    before any API call, so nothing changed."""


class NativeProvider:
    """The operations of one plugin process, for the one provider the engine configures."""

    def __init__(self, warn: Warn | None = None) -> None:
        self._warn = warn
        self._services: dict[str, ResourceService] | None = None
        self._lookups: LookupService | None = None
        self._listings: ListingService | None = None
        self._configure_lock = threading.Lock()
        self._cancelled = threading.Event()
        self._in_flight = 0
        self._in_flight_lock = threading.Lock()
        self._checked_olds: dict[str, dict[str, Any]] = {}
        self._checked_olds_lock = threading.Lock()

    # The provider itself -------------------------------------------------------------

    def get_plugin_info(self) -> proto.PluginInfo:
        return proto.PluginInfo(version=plugin_version())

    def get_schema(self, request: proto.GetSchemaRequest) -> proto.GetSchemaResponse:
        return proto.GetSchemaResponse(schema=schema_json())

    def check_config(self, request: proto.CheckRequest) -> proto.CheckResponse:
        """The provider's inputs as given, with the API keys kept secret in state even when
        they were set without ``--secret``."""
        news, secrets = decode(request.news)
        return proto.CheckResponse(inputs=encode(news, secrets | _CONFIG_SECRETS))

    def diff_config(self, request: proto.DiffRequest) -> proto.DiffResponse:
        """A changed key or URL changes the provider in place: its resources stay."""
        olds, _ = decode(request.olds)
        news, _ = decode(request.news)
        changed = sorted(key for key in set(olds) | set(news) if olds.get(key) != news.get(key))
        return _diff_response(changed, [], olds, news)

    def configure(self, request: proto.ConfigureRequest) -> proto.ConfigureResponse:
        """Make one service per resource type from ``composio:*`` config.

        The services read the key and URL as the dynamic provider's do (stack config first,
        then the environment) and keep a configuration problem until the first API call,
        so ``check`` still reports input problems without a key.
        """
        args, _ = decode(request.args)
        raw: dict[str, Any] = {
            f"composio:{key.split(':')[-1]}": value for key, value in request.variables.items()
        }
        raw.update({f"composio:{p.wire}": args[p.wire] for p in CONFIG if p.wire in args})
        config = Config(raw_config=raw, project_name="")
        services = {token: kind.service_class()(config) for token, kind in RESOURCE_TYPES.items()}
        from ..lookups.service import LookupService  # httpx and the models, only once configured

        lookups = LookupService(config)
        listings = ListingService(config)
        with self._configure_lock:
            self._services = services
            self._lookups = lookups
            self._listings = listings
        return proto.ConfigureResponse(
            acceptSecrets=True, supportsPreview=True, acceptResources=False, acceptOutputs=False
        )

    # Resources ---------------------------------------------------------------------

    def check(self, request: proto.CheckRequest) -> proto.CheckResponse:
        """The input rules alone: what needs Composio's answer is asked by the preview's
        ``create`` and ``update`` (see :meth:`_asked`). The engine sends the same ``Check`` at
        preview and at apply, so asking here would make ``pulumi up --skip-preview`` wait a
        round trip before its first create for what Composio checks in that create anyway."""
        kind, service = self._resolve(request.urn)
        olds, _ = decode(request.olds)
        news, secrets = decode(request.news)
        service_olds, service_news = _service_olds_and_news(kind, olds, news, request.urn)
        with self._checked_olds_lock:
            self._checked_olds[request.urn] = service_olds
        checked = service.check(service_olds, service_news)
        failures = [
            proto.CheckFailure(
                property=wire_name(p.property) if p.property else "",
                reason=_in_wire_words(kind, p.reason),
            )
            for p in checked.problems
        ]
        failures += [
            proto.CheckFailure(
                property=key,
                reason=f"{kind.name} has no property {key!r}; its inputs are "
                + ", ".join(p.wire for p in kind.inputs()),
            )
            for key in kind.unknown_properties(news)
        ]
        if self._warn is not None:
            for prop, warning in kind.deprecated_inputs.items():
                if news.get(wire_name(prop)) is not None:
                    self._warn(request.urn, _in_wire_words(kind, warning))
        if self._warn is not None:
            for warning in checked.warnings:
                # Said once per process, for all resources alike, so under the stack.
                self._warn("", _in_wire_words(kind, warning))
        inputs = kind.to_wire(checked.inputs, outputs=False)
        return proto.CheckResponse(
            inputs=encode(inputs, _secrets(kind, secrets)), failures=failures
        )

    def diff(self, request: proto.DiffRequest) -> proto.DiffResponse:
        """Per-property diffs, so ``replaceOnChanges`` and ``ignoreChanges`` work as for any
        provider: ``olds`` are the outputs in state, ``news`` the checked inputs."""
        kind, service = self._resolve(request.urn)
        olds, _ = decode(request.olds)
        news, _ = decode(request.news)
        changes = service.diff(request.id, *_service_olds_and_news(kind, olds, news, request.urn))
        ignored = {path.split(".")[0].split("[")[0] for path in request.ignoreChanges}
        changed = [wire_name(p) for p in changes.changed if wire_name(p) not in ignored]
        replaces = [wire_name(p) for p in changes.replaces if wire_name(p) in changed]
        response = _diff_response(changed, replaces, olds, news)
        response.deleteBeforeReplace = bool(replaces) and changes.delete_before_replace
        return response

    def create(self, request: proto.CreateRequest) -> proto.CreateResponse:
        """The object made; one made only in part (:class:`PartlyCreated`) is
        :class:`InitFailed`, so the engine records it and the next ``pulumi up`` finishes it.
        At preview, nothing is made: the inputs are asked about and handed back as the
        outputs, as the engine itself does for a provider without previews."""
        kind, service = self._resolve(request.urn)
        props, secrets = decode(request.properties)
        service_props = _service_props(kind, props, request.urn)
        if request.preview:
            self._asked(kind, service, request.urn, service_props)
            return proto.CreateResponse(properties=request.properties)
        try:
            with (
                self._changing("create", request.urn),
                self._explained(kind, service, request.urn, service_props),
            ):
                found = service.create(service_props)
        except PartlyCreated as partly:
            outputs = kind.to_wire(partly.outputs, outputs=True)
            raise InitFailed(
                _in_wire_words(kind, f"{partly.failure}; the next `pulumi up` finishes it"),
                proto.ErrorResourceInitFailed(
                    id=partly.object_id,
                    properties=encode(outputs, _secrets(kind, secrets)),
                    inputs=request.properties,
                ),
            ) from partly
        outputs = kind.to_wire(found.outputs, outputs=True)
        return proto.CreateResponse(
            id=found.id, properties=encode(outputs, _secrets(kind, secrets))
        )

    def read(self, request: proto.ReadRequest) -> proto.ReadResponse:
        """The live object; an empty id when it is gone, so a refresh drops it.

        With no inputs (``pulumi import``, the ``import`` option, a ``get``), the answer
        also carries the inputs that declare the object (see :mod:`.imports`). On a
        ``refresh``, each declared input takes its live value, so the CLI shows what changed
        elsewhere (``name: "declared" => "live"``) and the next preview what the update puts
        back; inputs Composio does not show (credentials) stay as they are.
        """
        kind, service = self._resolve(request.urn)
        props, secrets = decode(request.properties)
        state = _service_props(kind, props, request.urn)
        importing = not props and not request.inputs.fields
        if importing and kind.import_state is not None:
            state.update(kind.import_state(request.id))
        found = service.read(request.id, state)
        if not found.id:
            return proto.ReadResponse(id="")
        all_secrets = _secrets(kind, secrets)
        outputs = kind.to_wire(found.outputs, outputs=True)
        live = kind.to_wire(declared_inputs(kind, found.outputs), outputs=False)
        if importing:
            inputs = encode(live, all_secrets)
        else:
            stored, _ = decode(request.inputs)
            inputs = encode(stored | {k: v for k, v in live.items() if k in stored}, all_secrets)
        return proto.ReadResponse(
            id=found.id, properties=encode(outputs, all_secrets), inputs=inputs
        )

    def update(self, request: proto.UpdateRequest) -> proto.UpdateResponse:
        """The object changed; at preview, the new inputs asked about and handed back."""
        kind, service = self._resolve(request.urn)
        olds, _ = decode(request.olds)
        news, secrets = decode(request.news)
        service_olds, service_news = _service_olds_and_news(kind, olds, news, request.urn)
        if request.preview:
            self._asked(kind, service, request.urn, service_news)
            return proto.UpdateResponse(properties=request.news)
        with (
            self._changing("update", request.urn),
            self._explained(kind, service, request.urn, service_news),
        ):
            outputs = service.update(request.id, service_olds, service_news)
        return proto.UpdateResponse(
            properties=encode(kind.to_wire(outputs, outputs=True), _secrets(kind, secrets))
        )

    def delete(self, request: proto.DeleteRequest) -> empty_pb2.Empty:
        kind, service = self._resolve(request.urn)
        props, _ = decode(request.properties)
        with self._changing("delete", request.urn):
            service.delete(request.id, _service_props(kind, props, request.urn))
        return empty_pb2.Empty()

    # Listing -----------------------------------------------------------------------

    def list_resources(self, request: proto.ListRequest) -> list[proto.ListResponse]:
        """One page of the type's live objects (``pulumi do ... list``): a ``Result`` per
        object, then a ``Continuation`` when more remain; one ``Computed`` when the query
        holds a value not known yet."""
        kind = self._kind(request.token)
        query, _ = decode(request.query)
        if has_unknowns(query):
            return [proto.ListResponse(computed=proto.ListResponse.Computed())]
        filters = {p.wire: p for p in kind.listing.filters}
        unknown = sorted(key for key in query if key not in filters)
        if unknown:
            raise InvalidArguments(
                f"{kind.name} cannot be listed by {unknown[0]!r}; "
                + ("its filters are " + ", ".join(filters) if filters else kind.listing.description)
            )
        answer = self._configured_listings().list(
            kind.listing,
            {filters[key].name: value for key, value in query.items()},
            limit=request.limit,
            page_size=request.page_size,
            continuation_token=request.continuation_token,
        )
        responses = [
            proto.ListResponse(result=proto.ListResponse.Result(id=item.id, name=item.name))
            for item in answer.items
        ]
        if answer.continuation_token:
            responses.append(
                proto.ListResponse(
                    continuation=proto.ListResponse.Continuation(
                        continuation_token=answer.continuation_token
                    )
                )
            )
        return responses

    # Cancellation ------------------------------------------------------------------

    def cancel(self, request: empty_pb2.Empty) -> empty_pb2.Empty:
        """The engine's ``Cancel``: sent on the first Ctrl-C of a run, and before it stops
        the plugin at the end of every run.

        Every create, update or delete already sent to Composio finishes and is answered,
        so the engine records what it made; none waits to retry any more (a failed attempt is
        final), and a create whose answer was lost is still resolved by its name, never
        sent twice.
        One that arrives afterwards is refused before any call, so nothing is left half
        done that the state does not know about."""
        self._cancelled.set()
        with self._in_flight_lock:
            in_flight = self._in_flight
        with self._configure_lock:
            listings = self._listings
        if in_flight and listings is not None:
            listings.stop_retrying()
        if in_flight and self._warn is not None:
            self._warn(
                "",
                f"cancelling: the {in_flight} change(s) already sent to Composio finish and "
                "are recorded; no new one starts",
            )
        return empty_pb2.Empty()

    # Checks that ask Composio ------------------------------------------------------

    def _asked(
        self, kind: ResourceType, service: ResourceService, urn: str, inputs: dict[str, Any]
    ) -> None:
        """Ask Composio about ``inputs`` (:meth:`ResourceService.asked`), against the inputs
        in state that this resource's ``check`` saw, so what did not change costs no call;
        its warnings go to the user, its problems fail the preview as :class:`CheckFailed`."""
        with self._checked_olds_lock:
            olds = self._checked_olds.get(urn, {})
        checked = service.asked(olds, inputs)
        if self._warn is not None:
            for warning in checked.warnings:
                self._warn("", _in_wire_words(kind, warning))
        if checked.problems:
            raise CheckFailed(_in_wire_words(kind, "; ".join(p.reason for p in checked.problems)))

    @contextlib.contextmanager
    def _explained(
        self, kind: ResourceType, service: ResourceService, urn: str, inputs: dict[str, Any]
    ) -> Iterator[None]:
        """Composio's refusal of an apply's create or update (400), said as the preview
        would have: an apply asks nothing first (``pulumi up --skip-preview`` has no
        preview), so a mistyped slug reaches Composio, and only then is asked about, to
        offer the did-you-mean."""
        try:
            yield
        except InvalidRequest as refused:
            try:
                self._asked(kind, service, urn, inputs)
            except CheckFailed as explained:
                raise explained from refused
            raise

    @contextlib.contextmanager
    def _changing(self, operation: str, urn: str) -> Iterator[None]:
        """Count a change in flight, or refuse it when the run is cancelled."""
        with self._in_flight_lock:
            if self._cancelled.is_set():
                raise RunCancelled(
                    f"{operation} of {parse_urn(urn).name} not started: the run was "
                    "cancelled, so nothing changed; run the command again to finish"
                )
            self._in_flight += 1
        try:
            yield
        finally:
            with self._in_flight_lock:
                self._in_flight -= 1

    # Functions ---------------------------------------------------------------------

    def invoke(self, request: proto.InvokeRequest) -> proto.InvokeResponse:
        """A function's result, from the lookup Python programs call in their own process.

        The engine invokes functions at preview too; a lookup whose arguments are not known
        yet is not invoked at all (the SDKs and YAML wait for them), so every argument here
        is a plain value.
        """
        function = FUNCTION_TYPES.get(request.tok)
        if function is None:
            raise UnknownFunction(
                f"the composio provider has no function {request.tok!r}; it has "
                + ", ".join(FUNCTION_TYPES)
            )
        args, _ = decode(request.args)
        unknown = function.unknown_arguments(args)
        if unknown:
            raise InvalidArguments(
                f"{function.name} has no argument {unknown[0]!r}; its arguments are "
                + ", ".join(p.wire for p in function.inputs)
            )
        lookup = getattr(self._configured_lookups(), function.method)
        result = function.to_wire(lookup(**function.to_service(args)))
        return proto.InvokeResponse(**{"return": encode(result)})

    def in_wire_words(self, urn: str, message: str, token: str = "") -> str:
        """``message`` naming properties and functions as the program does (``allowedTools``,
        ``getTools``)."""
        if token in FUNCTION_TYPES:
            return _FUNCTION_NAMES.sub(lambda match: wire_name(match.group(0)), message)
        kind = RESOURCE_TYPES.get(parse_urn(urn).type) if urn else None
        return _in_wire_words(kind, message) if kind is not None else message

    def _resolve(self, urn: str) -> tuple[ResourceType, ResourceService]:
        kind = self._kind(parse_urn(urn).type)
        return kind, self._configured_services()[kind.token]

    def _kind(self, token: str) -> ResourceType:
        kind = RESOURCE_TYPES.get(token)
        if kind is None:
            raise UnknownResourceType(
                f"the composio provider has no resource type {token!r}; it has "
                + ", ".join(RESOURCE_TYPES)
            )
        return kind

    def _configured_services(self) -> dict[str, ResourceService]:
        """The services; made from the environment alone if the engine has not configured
        the provider (it may skip that for a ``check`` at preview, which needs no key)."""
        with self._configure_lock:
            services = self._services
        if services is None:
            self.configure(proto.ConfigureRequest())
            with self._configure_lock:
                services = self._services
        assert services is not None
        return services

    def _configured_listings(self) -> ListingService:
        self._configured_services()
        with self._configure_lock:
            listings = self._listings
        assert listings is not None
        return listings

    def _configured_lookups(self) -> LookupService:
        self._configured_services()
        with self._configure_lock:
            lookups = self._lookups
        assert lookups is not None
        return lookups


def _service_props(kind: ResourceType, props: Mapping[str, Any], urn: str) -> dict[str, Any]:
    """Wire properties as the service takes them, with the resource's default name."""
    service_props = kind.to_service(props)
    if kind.default_name:
        service_props["default_name"] = parse_urn(urn).default_name
    return service_props


def _service_olds_and_news(
    kind: ResourceType, olds: Mapping[str, Any], news: Mapping[str, Any], urn: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A request's ``olds`` and ``news``, as the service's ``check``, ``diff`` and ``update``
    take them."""
    return _service_props(kind, olds, urn), _service_props(kind, news, urn)


def _secrets(kind: ResourceType, arrived_secret: Collection[str]) -> frozenset[str]:
    """What goes back secret: the always-secret properties, and whatever came in secret."""
    return kind.secret_properties() | frozenset(arrived_secret)


def _diff_response(
    changed: list[str], replaces: list[str], olds: Mapping[str, Any], news: Mapping[str, Any]
) -> proto.DiffResponse:
    detailed = {}
    for prop in changed:
        replace = prop in replaces
        if olds.get(prop) is None:
            kind = proto.PropertyDiff.ADD_REPLACE if replace else proto.PropertyDiff.ADD
        elif news.get(prop) is None:
            kind = proto.PropertyDiff.DELETE_REPLACE if replace else proto.PropertyDiff.DELETE
        else:
            kind = proto.PropertyDiff.UPDATE_REPLACE if replace else proto.PropertyDiff.UPDATE
        detailed[prop] = proto.PropertyDiff(kind=kind, inputDiff=True)
    return proto.DiffResponse(
        changes=proto.DiffResponse.DIFF_SOME if changed else proto.DiffResponse.DIFF_NONE,
        diffs=changed,
        replaces=replaces,
        detailedDiff=detailed,
        hasDetailedDiff=True,
        deleteBeforeReplace=False,
    )


_ADVISED_OPTIONS = (
    "delete_before_replace",
    *(function.method for function in FUNCTION_TYPES.values()),
)
"""Resource options and functions the services' messages advise, named as Python programs
spell them; YAML and TypeScript programs spell them in camelCase, as they do properties."""
_FUNCTION_NAMES = re.compile(
    r"\b(?:" + "|".join(function.method for function in FUNCTION_TYPES.values()) + r")\b"
)


def _in_wire_words(kind: ResourceType, message: str) -> str:
    return _pattern(kind).sub(lambda match: wire_name(match.group(0)), message)


_patterns: dict[str, re.Pattern[str]] = {}


def _pattern(kind: ResourceType) -> re.Pattern[str]:
    pattern = _patterns.get(kind.token)
    if pattern is None:
        named = [*(p.name for p in kind.properties if "_" in p.name), *_ADVISED_OPTIONS]
        names = sorted(named, key=len, reverse=True)
        pattern = _patterns[kind.token] = re.compile(r"\b(?:" + "|".join(names) + r")\b")
    return pattern
