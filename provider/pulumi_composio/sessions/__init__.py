"""Composio tool router sessions: the resource, its input rules, its provider and service."""

from .resource import Session, SessionArgs

__all__ = ["Session", "SessionArgs"]
