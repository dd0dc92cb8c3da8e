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
from ..errors import AdoptionFailed, NameTaken, NotFound
from ..plugin.input_rules import InputProblem
from ..plugin.name_index import NameIndex
from ..plugin.operations import Changes, Checked, Found
from ..plugin.service import ServiceBase
from .inputs import (
    check_inputs,
    create_request,
    diff_inputs,
    outputs_after_create,
    outputs_after_update,
    outputs_from_auth_config,
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
        """A replacement that keeps the name (declared, or the resource's default name)
        deletes the old config first: while it lives, the name is taken."""
        diff = diff_inputs(olds, news)
        old_name = olds.get("name")
        keeps_name = old_name in (news.get("name"), news.get("default_name"))
        return Changes(
            changed=diff.changed,
            replaces=diff.replaces,
            delete_before_replace=bool(diff.replaces) and keeps_name,
        )

    def create(self, props: dict[str, Any]) -> Found:
        client = self._api()
        adopt_id = props.get("adopt_auth_config_id")
        if adopt_id:
            config = self._adopt(client, adopt_id, props)
            self._names.rename(config.id, config.name)
            return Found(config.id, self._converge(client, config, props))
        name = props["name"]
        with self._names.claim(client, name) as claim:
            if claim.held_elsewhere or claim.ids:
                taken = self._take_back(client, claim.ids, props)
                if taken is not None:
                    return Found(taken.id, self._converge(client, taken, props))
                raise _name_taken(name, claim.ids)
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
            config = self._api().get_auth_config(id_)
        except NotFound:
            return Found("")
        return Found(config.id, outputs_from_auth_config(config, props))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        if news.get("name") != olds.get("name"):
            self._names.rename(id_, news["name"])
        return _apply(self._api(), id_, olds, news)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        with contextlib.suppress(NotFound):
            self._api().delete_auth_config(id_)
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
        live = outputs_from_auth_config(config, props)
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
        "another name"
    )
