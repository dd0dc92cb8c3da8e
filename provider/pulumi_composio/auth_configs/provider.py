"""The dynamic provider behind :class:`~pulumi_composio.AuthConfig`."""

from __future__ import annotations

from ..core.dynamic_provider import DynamicProvider

__all__ = ["AuthConfigProvider"]


class AuthConfigProvider(DynamicProvider):
    """Composio auth configs as a Pulumi dynamic provider."""

    service = "pulumi_composio.auth_configs.service:AuthConfigService"
