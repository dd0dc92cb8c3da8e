"""Trigger: the resource, its input rules, its provider and service."""

from .resource import Trigger, TriggerArgs

__all__ = ["Trigger", "TriggerArgs"]
