"""The work behind :class:`~pulumi_composio.ProjectSettings`, done in the plugin process.

The settings always exist, so a create is a read and one ``PATCH`` of the declared settings
that differ, an update one ``PATCH`` of the changed ones, and a delete calls nothing (the
settings stay as the stack last set them).
"""

from __future__ import annotations

from typing import Any

from ..core.operations import Changes, Checked, Found
from ..core.service import ServiceBase
from .inputs import (
    PROJECT_ID,
    changed_properties,
    check_inputs,
    diff_inputs,
    outputs_from_api,
    patch_request,
)

__all__ = ["ProjectSettingsService"]


class ProjectSettingsService(ServiceBase):
    """The provider key's project settings, for one plugin process."""

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> Checked:
        inputs, problems = check_inputs(olds, news)
        return Checked(inputs, problems)

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> Changes:
        return diff_inputs(olds, news)

    def create(self, props: dict[str, Any]) -> Found:
        """Take the project's settings over: the declared ones that differ, in one ``PATCH``."""
        return Found(PROJECT_ID, self._applied(props, outputs_from_api(self._read(), props)))

    def read(self, id_: str, props: dict[str, Any]) -> Found:
        """The project's settings, as far as they are declared (all of them at import)."""
        config = self._api(recorded_configuration=True).get_project_config()
        return Found(PROJECT_ID, outputs_from_api(config, props))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> dict[str, Any]:
        return self._applied(news, olds)

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        """Nothing: a project cannot be without settings, and undoing the stack's choices
        (turning 2FA or the MCP key rule off, say) is a change for a program to make."""

    def _read(self) -> Any:
        return self._api().get_project_config()

    def _applied(self, inputs: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
        changed = changed_properties(current, inputs)
        client = self._api()
        config = (
            client.update_project_config(patch_request(inputs, changed))
            if changed
            else client.get_project_config()
        )
        return outputs_from_api(config, inputs)
