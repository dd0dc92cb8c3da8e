"""The project-settings endpoints of :class:`~pulumi_composio.ComposioClient`:
``/org/project/config``, only in Composio's OpenAPI file (no official client has them)."""

from __future__ import annotations

from ._requests import EndpointGroup
from ._safety import Safety, endpoint
from .models import PatchProjectConfigRequest, ProjectConfig

__all__ = ["ProjectEndpoints"]

_PATH = "/org/project/config"


class ProjectEndpoints(EndpointGroup):
    """``/org/project/config``: the settings of the key's project."""

    @endpoint(Safety.READ)
    def get_project_config(self) -> ProjectConfig:
        """``GET /org/project/config``: every setting."""
        return self._requests.request("GET", _PATH, safety=Safety.READ, model=ProjectConfig)

    @endpoint(Safety.IDEMPOTENT)
    def update_project_config(self, request: PatchProjectConfigRequest) -> ProjectConfig:
        """``PATCH /org/project/config``: the fields given change; answers every setting."""
        return self._requests.request(
            "PATCH", _PATH, safety=Safety.IDEMPOTENT, model=ProjectConfig, body=request.to_body()
        )
