"""Notifications: the outbox of SMS, e-mail and push messages, and its providers."""
