"""ProjectSettings: the resource, its input rules, its provider and service."""

from .resource import ProjectSettings, ProjectSettingsArgs

__all__ = ["ProjectSettings", "ProjectSettingsArgs"]
