"""The work behind :class:`~pulumi_composio.ComposioAuthConfig`, done in the plugin process.

A create is one ``POST`` (plus one ``PATCH .../DISABLED`` when declared disabled), beside
one listing of the project's auth configs per plugin process that tells whether the name
is taken (after it, for a declared name: see :mod:`..core.named_objects`); an update is one
``PATCH`` per kind of change; a read one ``GET``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pulumi.dynamic import Config
from pulumi.runtime.rpc import wrap_rpc_secret

from ..api._create import KnownIds
from ..api.client import ComposioClient
from ..api.models import ComposioAuthConfig
from ..core.input_rules import InputProblem
from ..core.named_objects import NamedObjects
from ..core.operations import Changes, Checked, Found
from ..core.service import ServiceBase
from ..errors import AdoptionFailed, ComposioError, NotFound, PartlyCreated
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


class _AuthConfigs:
    """Auth configs as :class:`~..core.named_objects.NamedObjects` handles them."""

    noun = "Composio auth config"
    adopt_input = "adopt_auth_config_id"

    def live_names(self, client: ComposioClient) -> Iterator[tuple[str, str]]:
        return ((config.name, config.id) for config in client.list_auth_configs())

    def ids_named(self, client: ComposioClient, name: str) -> list[str]:
        return [config.id for config in client.find_auth_configs_by_exact_name(name)]

    def take_back(
        self, client: ComposioClient, object_id: str, props: Mapping[str, Any]
    ) -> Found | None:
        """The orphan, if it authenticates the declared toolkit with the declared kind of
        auth; its credentials cannot be compared (Composio redacts them), so they are sent
        again, with whatever else differs."""
        config = client.get_auth_config(object_id)
        same_kind = bool(config.is_composio_managed) == (not props.get("auth_scheme"))
        if config.toolkit.slug != props["toolkit"] or not same_kind:
            return None
        return Found(config.id, _converge(client, config, props))

    def create_new(
        self, client: ComposioClient, props: Mapping[str, Any], known_ids: KnownIds
    ) -> Found:
        """One ``POST``, and a second call to disable it when declared disabled: if that one
        fails, the config exists enabled and the error says so (:class:`PartlyCreated`)."""
        created = client.create_auth_config_idempotently(create_request(props), known_ids=known_ids)
        config_id = (
            created.id if isinstance(created, ComposioAuthConfig) else created.auth_config.id
        )
        if props.get("enabled", True):
            return Found(config_id, outputs_after_create(created, props, "ENABLED"))
        try:
            client.set_auth_config_status(config_id, "DISABLED")
        except ComposioError as error:
            raise PartlyCreated(
                f"auth config {props['name']!r} was created, but disabling it failed: {error}",
                object_id=config_id,
                outputs={**outputs_after_create(created, props, "ENABLED"), "enabled": True},
                adopt_input=self.adopt_input,
            ) from error
        return Found(config_id, outputs_after_create(created, props, "DISABLED"))

    def delete_object(self, client: ComposioClient, object_id: str) -> None:
        client.delete_auth_config(object_id)


class AuthConfigService(ServiceBase):
    """CRUD for Composio auth configs, for one plugin process."""

    def __init__(self, config: Config) -> None:
        super().__init__(config)
        self._configs = NamedObjects(_AuthConfigs())

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
        first, under the same name (see :meth:`create`), so the id is noted for it."""
        self._configs.note_state_id(news, id_)
        return diff_inputs(olds, news)

    def create(self, props: dict[str, Any]) -> Found:
        """Adopt the config named by ``adopt_auth_config_id``, or create one under the declared
        name, taking back the one an interrupted run of it left (see
        :mod:`..core.named_objects`).

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
        then taken back if it carries the default name and the declared kind, and otherwise
        named in the error, which says what to do.
        """
        client = self._api()
        adopt_id = props.get("adopt_auth_config_id")
        if adopt_id:
            config = self._adopt(client, adopt_id, props)
            adopted = Found(config.id, _converge(client, config, props))
            return self._configs.adopted(adopted, adopted.outputs.get("name") or config.name)
        return self._configs.create(client, props)

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
            self._configs.renamed(id_, news["name"])
        return outputs

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        self._configs.delete(self._api(recorded_configuration=True), id_)

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
    client: ComposioClient, config: ComposioAuthConfig, props: Mapping[str, Any]
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
