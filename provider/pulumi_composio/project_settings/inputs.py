"""The provider's rules for the project's settings, as plain functions.

A Composio project has one set of settings (``/org/project/config``), so this resource
manages only the settings a program declares: one left out is never read as a change and
never sent, whoever set it. Destroying the resource changes nothing in Composio: the
settings stay as the stack last set them, and Pulumi stops managing them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final
from urllib.parse import urlsplit

from ..api.models import PatchProjectConfigRequest, ProjectConfig
from ..core.input_rules import (
    REPLACE_ON_CHANGES,
    InputProblem,
    bool_problems,
    describe,
    is_checkable,
    is_unknown,
    replace_on_changes_problems,
)
from ..core.operations import Changes

__all__ = [
    "API_NAMES",
    "PROJECT_ID",
    "SETTINGS",
    "changed_properties",
    "check_inputs",
    "diff_inputs",
    "outputs_from_api",
    "patch_request",
]

PROJECT_ID: Final = "project"
"""The resource's id: the settings of the provider key's project, which has one."""
SETTINGS: Final = (
    "require_mcp_api_key",
    "mask_secret_keys_in_connected_account",
    "log_visibility_setting",
    "is_2fa_enabled",
    "display_name",
    "logo_url",
)
"""The settings a program may declare, in the order a diff shows them."""
API_NAMES: Final[Mapping[str, str]] = {"is_2fa_enabled": "is_2FA_enabled"}
"""Where Composio's field name is not the service's."""
LOG_VISIBILITY: Final = ("show_all", "dont_store_data")
_BOOLEANS: Final = (
    "require_mcp_api_key",
    "mask_secret_keys_in_connected_account",
    "is_2fa_enabled",
)


def check_inputs(
    olds: Mapping[str, Any], news: Mapping[str, Any]
) -> tuple[dict[str, Any], list[InputProblem]]:
    """Validate the declared settings: one problem per property, naming the field and the
    fix."""
    problems: list[InputProblem] = []
    for prop in _BOOLEANS:
        problems += bool_problems(prop, news.get(prop))
    visibility = news.get("log_visibility_setting")
    if is_checkable(visibility) and visibility not in LOG_VISIBILITY:
        problems.append(
            InputProblem(
                "log_visibility_setting",
                f"log_visibility_setting must be show_all or dont_store_data, not "
                f"{describe(visibility)}",
            )
        )
    name = news.get("display_name")
    if is_checkable(name) and not (isinstance(name, str) and len(name) <= 255):
        problems.append(
            InputProblem(
                "display_name",
                f"display_name must be text of at most 255 characters, not {describe(name)}",
            )
        )
    problems += _logo_problems(news.get("logo_url"))
    if all(news.get(prop) is None for prop in SETTINGS):
        problems.append(
            InputProblem(
                "",
                "declare at least one setting (" + ", ".join(SETTINGS) + "): ProjectSettings "
                "manages only the settings it declares",
            )
        )
    problems += replace_on_changes_problems(news.get(REPLACE_ON_CHANGES), SETTINGS)
    return dict(news), problems


def changed_properties(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str]:
    """The declared settings whose value differs from the project's (``olds``: the outputs
    in state); an undeclared one is never a difference."""
    return [
        prop
        for prop in SETTINGS
        if news.get(prop) is not None
        and (is_unknown(news.get(prop)) or news.get(prop) != olds.get(prop))
    ]


def diff_inputs(olds: Mapping[str, Any], news: Mapping[str, Any]) -> Changes:
    """Every change is one ``PATCH``: the project's settings cannot be replaced."""
    return Changes(changed=changed_properties(olds, news))


def patch_request(inputs: Mapping[str, Any], props: Sequence[str]) -> PatchProjectConfigRequest:
    """The ``PATCH`` body setting exactly ``props`` as declared."""
    return PatchProjectConfigRequest(**{API_NAMES.get(p, p): inputs[p] for p in props})


def outputs_from_api(config: ProjectConfig, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The declared settings as the project has them (all of them when nothing is declared:
    ``pulumi import``), and ``settings``, every setting in Composio's words."""
    live = config.model_dump(mode="json")
    declared = [p for p in SETTINGS if inputs.get(p) is not None] or list(SETTINGS)
    outputs: dict[str, Any] = {prop: live.get(API_NAMES.get(prop, prop)) for prop in declared}
    outputs["settings"] = live
    return outputs


def _logo_problems(value: Any) -> list[InputProblem]:
    if not is_checkable(value) or value == "":
        return []
    if isinstance(value, str) and urlsplit(value).scheme == "https" and len(value) <= 2048:
        return []
    return [
        InputProblem("logo_url", f"logo_url must be an https URL (or empty), not {describe(value)}")
    ]
