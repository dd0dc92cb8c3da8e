"""Deprecated: the API's shapes moved to :mod:`pulumi_composio.api.models`.

Kept so that ``from pulumi_composio.models import ...``, as earlier READMEs showed, still
works, including ``AuthConfig``, the old name of ``ComposioAuthConfig``.
"""

from .api.models import *  # noqa: F403
from .api.models import ComposioAuthConfig
from .api.models import __all__ as _moved

AuthConfig = ComposioAuthConfig
__all__ = [*_moved, "AuthConfig"]
