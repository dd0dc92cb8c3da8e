"""The work behind :class:`~pulumi_composio.Trigger`, done in the plugin process.

A create is one upsert (Composio's ``POST /trigger_instances/{slug}/upsert``, which keeps one
instance per trigger type and account, so sending it again is harmless), then, for a
trigger declared disabled, one ``PATCH`` of the manage route; an update is an upsert for a
new config and a ``PATCH`` for ``enabled``; a read is the active list filtered by the id.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from ..api.client import ComposioClient
from ..api.models import TriggerInstance
from ..core.catalogue import did_you_mean
from ..core.input_rules import InputProblem, is_unknown
from ..core.operations import Changes, Checked, Found
from ..core.preview_checks import asked_at_preview
from ..core.service import ServiceBase
from ..errors import AdoptionFailed, NotFound
from .inputs import (
    UPSERTED,
    changed_properties,
    check_inputs,
    config_problems,
    diff_inputs,
    outputs_from_api,
    upsert_request,
)

__all__ = ["TriggerService"]


class TriggerService(ServiceBase):
    """CRUD for Composio trigger instances, for one plugin process."""

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> Checked:
        return Checked(*check_inputs(olds, news))

    def asked(self, olds: dict[str, Any], inputs: dict[str, Any]) -> Checked:
        """When the slug or the config is new against ``olds``, the trigger type's config
        schema: a mistyped slug fails the preview with a did-you-mean, a config that does
        not fit names the field (one or two calls)."""
        slug, config = inputs.get("slug"), inputs.get("trigger_config") or {}
        if not isinstance(slug, str) or not isinstance(config, Mapping):
            return Checked(inputs)
        if (
            slug == olds.get("slug")
            and not is_unknown(config)
            and config == (olds.get("trigger_config") or {})
        ):
            return Checked(inputs)
        try:
            kind, warning = asked_at_preview(
                "trigger types and configs", lambda: self._api().get_trigger_type(slug)
            )
        except NotFound:
            return Checked(inputs, [self._unknown_slug(slug)])
        if kind is None:
            return Checked(inputs, [], [warning] if warning else [])
        return Checked(inputs, config_problems(kind.slug, kind.config, config))

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> Changes:
        return diff_inputs(olds, news)

    def create(self, props: dict[str, Any]) -> Found:
        """Adopt the trigger named by ``adopt_trigger_id``, or upsert it; then disable it if
        it is declared disabled."""
        client = self._api()
        adopt_id = props.get("adopt_trigger_id")
        if adopt_id:
            trigger = self._adopt(client, adopt_id, props)
        else:
            upserted = client.upsert_trigger(props["slug"], upsert_request(props))
            trigger = _live(client, upserted.trigger_id)
            trigger = _enabled_as_declared(client, trigger, props)
        return Found(trigger.id, outputs_from_api(trigger, props))

    def read(self, id_: str, props: dict[str, Any]) -> Found:
        """The live trigger; a deleted one reads as absent, so a refresh drops it."""
        trigger = self._api(recorded_configuration=True).get_trigger(id_)
        if trigger is None:
            return Found("")
        return Found(trigger.id, outputs_from_api(trigger, props))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        """An upsert of the same type and account for a new config or versions, then the
        manage route for ``enabled``."""
        client = self._api()
        changed = changed_properties(olds, news)
        if any(prop in UPSERTED for prop in changed):
            request = upsert_request(news)
            request.connected_account_id = olds.get("connected_account_id") or None
            client.upsert_trigger(news["slug"], request)
        trigger = _live(client, id_)
        return outputs_from_api(_enabled_as_declared(client, trigger, news), news)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Delete the trigger; one already gone is what was wanted."""
        with contextlib.suppress(NotFound):
            self._api(recorded_configuration=True).delete_trigger(id_)

    def _adopt(
        self, client: ComposioClient, trigger_id: str, props: Mapping[str, Any]
    ) -> TriggerInstance:
        """Take over an existing trigger of the declared type (and account, when declared),
        then make it match the program."""
        trigger = client.get_trigger(trigger_id)
        if trigger is None:
            raise AdoptionFailed(
                f"adopt_trigger_id: no live trigger has id {trigger_id!r}; check the id "
                "(`pulumi do composio composio:index:Trigger list` lists them), or remove "
                "adopt_trigger_id to create the trigger"
            )
        for prop, live in (
            ("slug", trigger.trigger_name),
            ("user_id", trigger.user_id),
            ("connected_account_id", trigger.connected_account_id),
        ):
            declared = props.get(prop)
            if declared is not None and declared != live:
                raise AdoptionFailed(
                    f"adopt_trigger_id: trigger {trigger_id} has {prop} {live!r}, not "
                    f"{declared!r}; a trigger's type and account cannot change, so set {prop} "
                    f"to {live!r} or remove adopt_trigger_id"
                )
        live_outputs = outputs_from_api(trigger, props)
        if any(prop in UPSERTED for prop in changed_properties(live_outputs, props)):
            request = upsert_request(props)
            request.connected_account_id = trigger.connected_account_id
            client.upsert_trigger(trigger.trigger_name, request)
            trigger = _live(client, trigger_id)
        return _enabled_as_declared(client, trigger, props)

    def _unknown_slug(self, slug: str) -> InputProblem:
        try:
            known = [kind.slug for kind in self._api().list_trigger_types()]
        except Exception:  # noqa: BLE001 - the did-you-mean is a courtesy
            known = []
        return InputProblem(
            "slug",
            f"slug: Composio has no trigger type {slug!r}{did_you_mean(slug, known)}; "
            "get_trigger_types lists a toolkit's trigger types",
        )


def _live(client: ComposioClient, trigger_id: str) -> TriggerInstance:
    trigger = client.get_trigger(trigger_id)
    if trigger is None:
        raise NotFound(404, f"trigger {trigger_id} is gone: it was deleted while being set up")
    return trigger


def _enabled_as_declared(
    client: ComposioClient, trigger: TriggerInstance, inputs: Mapping[str, Any]
) -> TriggerInstance:
    """The trigger enabled or disabled as declared (enabled unless declared false)."""
    wanted = inputs.get("enabled") is not False
    if trigger.enabled == wanted:
        return trigger
    client.set_trigger_enabled(trigger.id, wanted)
    return _live(client, trigger.id)
