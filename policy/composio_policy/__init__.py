"""The policies of pulumi-composio's policy pack (``policy/__main__.py`` runs them):
which Composio tools this provider's resources may give an agent, judged from the inputs
the engine hands the pack and Composio's own tool tags."""

from .catalogue import ComposioCatalogue
from .policies import policies
from .stack_config import composio_config, keep_stack_configuration

__all__ = ["ComposioCatalogue", "composio_config", "keep_stack_configuration", "policies"]
