"""WebhookSubscription: the resource, its input rules, its provider and service."""

from .resource import WebhookSubscription, WebhookSubscriptionArgs

__all__ = ["WebhookSubscription", "WebhookSubscriptionArgs"]
