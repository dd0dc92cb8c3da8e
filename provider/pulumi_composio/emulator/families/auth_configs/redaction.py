"""What an auth config's credentials look like in the emulator's answers.

Composio keeps an auth config's credentials to authenticate users and never gives them
back. The emulator follows one rule, applied to ``credentials``, ``shared_credentials``
and ``proxy_config`` in every answer (API and admin alike):

* a key whose value is a setting rather than a secret keeps its value: the OAuth
  ``scopes`` and ``user_scopes``, and the proxy's ``proxy_url``;
* every other key stays, so a reader learns which fields are set, but its value, whatever
  it was (a string, a number, an object), becomes :data:`REDACTED`.

``client_id`` counts as a secret here even though OAuth does not treat it as one: one
rule without exceptions is the easiest to trust. No error message quotes a credential
value either, and the request log holds no bodies.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["REDACTED", "SETTINGS_NOT_SECRETS", "redacted"]

REDACTED = "REDACTED"
"""What every secret value is replaced with."""

SETTINGS_NOT_SECRETS = frozenset({"scopes", "user_scopes", "proxy_url"})
"""Keys whose values are shown as they are."""


def redacted(values: Mapping[str, Any]) -> dict[str, Any]:
    """``values`` with every value not in :data:`SETTINGS_NOT_SECRETS` replaced."""
    return {
        key: value if key in SETTINGS_NOT_SECRETS else REDACTED for key, value in values.items()
    }
