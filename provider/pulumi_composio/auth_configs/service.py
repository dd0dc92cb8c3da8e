"""The work behind :class:`~pulumi_composio.ComposioAuthConfig`, done in the plugin process.

A create is one ``POST`` (plus one ``PATCH .../DISABLED`` when declared disabled), after
one listing of the project's auth configs per plugin process that tells whether the name
is taken; an update is one ``PATCH`` per kind of change; a read one ``GET``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

from pulumi.dynamic import Config
from pulumi.runtime.rpc import wrap_rpc_secret

from ..api.client import ComposioClient
from ..api.models import ComposioAuthConfig
from ..core.input_rules import InputProblem
from ..core.name_index import NameIndex
from ..core.operations import Changes, Checked, Found
from ..core.service import ServiceBase
from ..errors import AdoptionFailed, NameTaken, NotFound
from .inputs import (
    check_inputs,
    create_request,
    diff_inputs,
    outputs_after_create,
    outputs_after_update,
    outputs_from_api,
    update_request,
)

__all__ = ["AuthConfigService"]


def _live_names(client: ComposioClient) -> Iterator[tuple[str, str]]:
    return ((config.name, config.id) for config in client.list_auth_configs())


def _ids_named(client: ComposioClient, name: str) -> list[str]:
    return [config.id for config in client.find_auth_configs_by_exact_name(name)]


class AuthConfigService(ServiceBase):
    """CRUD for Composio auth configs, for one plugin process."""

    def __init__(self, config: Config) -> None:
        super().__init__(config)
        self._names = NameIndex(_live_names, _ids_named)
        self._state_ids: dict[str, str] = {}
        """The id each resource (by its default name) has in state, as its diff saw it."""
        self._made: set[str] = set()
        """Ids this process's creates answered. The engine deletes one of them only when a
        replacement came back with the very object it replaces (taken back or adopted, as
        ``pulumi up --replace`` of an unchanged resource does), so :meth:`delete` keeps it."""

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> Checked:
        """Checked inputs, with the credentials handed back to the engine as a secret.

        The dynamic-provider host unwraps secrets before ``check`` sees them and would
        send them back in plain text, which the engine's verbose log prints. A problem
        with the credentials is reported without a property, for the same reason: the
        engine prints a failing property's value beside its problem.
        """
        inputs, problems = check_inputs(olds, news)
        if inputs.get("credentials") is not None:
            inputs["credentials"] = wrap_rpc_secret(inputs["credentials"])
        failures = [
            InputProblem("" if p.property == "credentials" else p.property, p.reason)
            for p in problems
        ]
        return Checked(inputs, failures)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> Changes:
        """What changed and what replaces the config; a replacement creates the new config
        first, under the same name (see :meth:`_create`), so the id is noted for it."""
        self._state_ids[news.get("default_name") or ""] = id_
        return diff_inputs(olds, news)

    def create(self, props: dict[str, Any]) -> Found:
        created = self._create(props)
        self._made.add(created.id)
        return created

    def _create(self, props: dict[str, Any]) -> Found:
        """Create the config, or take back the one an interrupted run of it left.

        A replacement (a new toolkit or kind) keeps the name, declared or kept: the new
        config is created while the one it replaces still holds the name (names need not
        be unique), and Pulumi deletes the old one afterwards. The create does not see the
        old id, so the diff that decided the replacement, in this same process, noted it.

        Why not delete-before-replace when the name is reused? A server wired to the
        config's id would then point at a deleted config until Pulumi updates it (the
        emulator keeps the stale id and refuses any server PATCH that still sends it;
        Composio documents nothing either way), and a create that then fails (a rejected
        credential, a rate limit) would leave no config at all. Created first, the server
        moves from one live config to the other, and a failed create leaves everything as
        it was. ``delete_before_replace=True`` in the resource's options still chooses the
        other order.

        ``pulumi up --replace`` asks for no diff, so nothing is noted: the name's holder is
        then taken back if it carries the default name and the declared kind (and kept by
        :meth:`delete`), and otherwise named in the error, which says what to do.
        """
        client = self._api()
        adopt_id = props.get("adopt_auth_config_id")
        if adopt_id:
            config = self._adopt(client, adopt_id, props)
            self._names.rename(config.id, config.name)
            return Found(config.id, self._converge(client, config, props))
        name = props["name"]
        replaced = self._state_ids.get(props.get("default_name") or "")
        with self._names.claim(client, name) as claim:
            holders = [config_id for config_id in claim.ids if config_id != replaced]
            if claim.held_elsewhere or holders:
                taken = self._take_back(client, holders, props)
                if taken is not None:
                    return Found(taken.id, self._converge(client, taken, props))
                raise _name_taken(name, holders)
            created = client.create_auth_config_idempotently(
                create_request(props), known_ids=claim.ids
            )
            config_id = (
                created.id if isinstance(created, ComposioAuthConfig) else created.auth_config.id
            )
            self._names.add(name, config_id)
        status = "ENABLED"
        if not props.get("enabled", True):
            client.set_auth_config_status(config_id, "DISABLED")
            status = "DISABLED"
        return Found(config_id, outputs_after_create(created, props, status))

    def read(self, id_: str, props: dict[str, Any]) -> Found:
        """Read the live auth config; one that is gone reads as absent (empty id)."""
        try:
            config = self._api(recorded_configuration=True).get_auth_config(id_)
        except NotFound:
            return Found("")
        return Found(config.id, outputs_from_api(config, props))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        outputs = _apply(self._api(), id_, olds, news)
        if news.get("name") != olds.get("name"):
            self._names.rename(id_, news["name"])
        return outputs

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        if id_ in self._made:
            return
        with contextlib.suppress(NotFound):
            self._api(recorded_configuration=True).delete_auth_config(id_)
        self._names.discard(id_)

    def _take_back(
        self, client: ComposioClient, ids: list[str], props: Mapping[str, Any]
    ) -> ComposioAuthConfig | None:
        """The config an interrupted run of this resource left behind, if that is what
        carries its default name: the same toolkit and kind. Its credentials cannot be
        compared (Composio redacts them), so they are sent again by :meth:`_converge`."""
        if len(ids) != 1 or props["name"] != props.get("default_name"):
            return None
        config = client.get_auth_config(ids[0])
        same_kind = bool(config.is_composio_managed) == (not props.get("auth_scheme"))
        return config if config.toolkit.slug == props["toolkit"] and same_kind else None

    def _adopt(
        self, client: ComposioClient, config_id: str, props: Mapping[str, Any]
    ) -> ComposioAuthConfig:
        try:
            config = client.get_auth_config(config_id)
        except NotFound:
            raise AdoptionFailed(
                f"adopt_auth_config_id: no Composio auth config has id {config_id!r}; check the "
                "id in the Composio dashboard, or remove adopt_auth_config_id to create one"
            ) from None
        if config.toolkit.slug != props["toolkit"]:
            raise AdoptionFailed(
                f"adopt_auth_config_id: {config_id!r} authenticates {config.toolkit.slug!r}, "
                f"not {props['toolkit']!r}; set toolkit to {config.toolkit.slug!r}"
            )
        if bool(config.is_composio_managed) == bool(props.get("auth_scheme")):
            wanted = "custom" if props.get("auth_scheme") else "Composio-managed"
            raise AdoptionFailed(
                f"adopt_auth_config_id: {config_id!r} is not {wanted} auth, and Composio "
                "cannot switch it in place; "
                + (
                    "remove auth_scheme and credentials"
                    if config.is_composio_managed
                    else f"set auth_scheme to {config.auth_scheme!r}"
                )
            )
        return config

    def _converge(
        self, client: ComposioClient, config: ComposioAuthConfig, props: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Make an existing config match the declaration, as an update from its live state
        would, sending the declared credentials since they cannot be compared."""
        live = outputs_from_api(config, props)
        live["credentials_fingerprint"] = None
        if not props.get("name"):
            props = {**props, "name": config.name}
        return _apply(client, config.id, live, props)


def _apply(
    client: ComposioClient, config_id: str, olds: Mapping[str, Any], news: Mapping[str, Any]
) -> dict[str, Any]:
    """Send what differs between ``olds`` (outputs) and ``news`` (checked inputs): one
    ``PATCH`` for the config's fields, one for its status; the outputs that result."""
    changed = diff_inputs(olds, news).changed
    request = update_request(changed, news)
    if request is not None:
        client.update_auth_config(config_id, request)
    if "enabled" in changed:
        client.set_auth_config_status(config_id, "ENABLED" if news.get("enabled") else "DISABLED")
    return outputs_after_update(olds, news)


def _name_taken(name: str, ids: list[str]) -> NameTaken:
    if not ids:
        return NameTaken(
            f"name: another resource of this stack is creating an auth config named {name!r}; "
            "give each resource its own name"
        )
    return NameTaken(
        f"name: a Composio auth config named {name!r} already exists ({', '.join(ids)}); "
        "to manage it with this resource set adopt_auth_config_id to its id, otherwise choose "
        "another name (if it is this resource's own config, being replaced by `pulumi up "
        "--replace`, set its delete_before_replace resource option for that run)"
    )
