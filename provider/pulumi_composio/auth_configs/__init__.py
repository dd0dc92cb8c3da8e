"""Composio auth configs: the resource, its input rules, its provider and service."""

from .resource import AuthConfig, AuthConfigArgs

__all__ = ["AuthConfig", "AuthConfigArgs"]
