"""The provider's rules for a per-user URL's inputs, as plain functions."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from ..api.models import GenerateUrlsRequest, GenerateUrlsResponse
from ..core.input_rules import (
    InputProblem,
    bool_problems,
    is_checkable,
    is_unknown,
)
from ..core.operations import Changes

__all__ = [
    "INPUTS",
    "InputProblem",
    "check_inputs",
    "client_config",
    "diff_inputs",
    "generate_request",
    "outputs_from_api",
    "url_id",
]

INPUTS: Final = ("server_id", "user_id", "connected_account_id", "managed_auth_by_composio")
"""Every input; a change to any of them makes another URL, so it replaces the resource."""


def check_inputs(
    olds: Mapping[str, Any], news: Mapping[str, Any]
) -> tuple[dict[str, Any], list[InputProblem]]:
    """The inputs as declared (nothing to normalise), and per-field problems: ``server_id``
    is required, and exactly one of ``user_id`` and ``connected_account_id`` names whom the
    URL acts for."""
    problems = []
    for prop in ("server_id", "user_id", "connected_account_id"):
        value = news.get(prop)
        if is_checkable(value) and not (isinstance(value, str) and value):
            problems.append(InputProblem(prop, f"{prop} must be a non-empty string"))
    if news.get("server_id") is None:
        problems.append(
            InputProblem("server_id", "server_id is required: usually a CustomMcpServer's id")
        )
    given = [prop for prop in ("user_id", "connected_account_id") if news.get(prop) is not None]
    if len(given) != 1:
        problems.append(
            InputProblem(
                "user_id",
                "give exactly one of user_id (a user of your app) and connected_account_id "
                f"(one connected account), not {'both' if given else 'neither'}",
            )
        )
    problems += bool_problems("managed_auth_by_composio", news.get("managed_auth_by_composio"))
    return dict(news), problems


def diff_inputs(olds: Mapping[str, Any], news: Mapping[str, Any]) -> Changes:
    """Every changed input replaces the resource: another input is another URL."""
    changed = [
        prop for prop in INPUTS if is_unknown(news.get(prop)) or news.get(prop) != olds.get(prop)
    ]
    return Changes(changed=changed, replaces=changed)


def url_id(inputs: Mapping[str, Any]) -> str:
    """A readable id: the server, and whom the URL is for."""
    if inputs.get("user_id") is not None:
        return f"{inputs['server_id']}/users/{inputs['user_id']}"
    return f"{inputs['server_id']}/connected_accounts/{inputs['connected_account_id']}"


def generate_request(inputs: Mapping[str, Any]) -> GenerateUrlsRequest:
    user, account = inputs.get("user_id"), inputs.get("connected_account_id")
    return GenerateUrlsRequest(
        mcp_server_id=inputs["server_id"],
        user_ids=[user] if user is not None else None,
        connected_account_ids=[account] if account is not None else None,
        managed_auth_by_composio=inputs.get("managed_auth_by_composio"),
    )


KEY_VARIABLE: Final = "COMPOSIO_API_KEY"
"""Where a client configured by :func:`client_config` finds the project's key."""


def client_config(url: str) -> str:
    """The ``mcp.json`` a client such as Cursor takes for ``url``: the URL and the
    ``x-api-key`` header Composio requires, whose value the client reads from its own
    environment (``${env:...}``), so the key is never in the output."""
    entry = {"url": url, "headers": {"x-api-key": f"${{env:{KEY_VARIABLE}}}"}}
    return json.dumps({"mcpServers": {"composio": entry}}, indent=2)


def outputs_from_api(urls: GenerateUrlsResponse, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """``url`` is the one URL asked for, ``client_config`` a client's configuration for it,
    ``base_url`` the server's own."""
    generated = (
        urls.user_ids_url if inputs.get("user_id") is not None else urls.connected_account_urls
    )
    return {
        **{prop: inputs.get(prop) for prop in INPUTS},
        "url": generated[0],
        "client_config": client_config(generated[0]),
        "base_url": urls.mcp_url,
    }
