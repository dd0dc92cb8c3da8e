"""CustomToolkit: the resource, its input rules, its provider and service."""

from .resource import CustomToolkit, CustomToolkitArgs

__all__ = ["CustomToolkit", "CustomToolkitArgs"]
