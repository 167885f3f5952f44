"""An e-mail backend that writes to the outbox instead of sending."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from internationale.mail import services


class OutboxBackend(BaseEmailBackend):
    """Store each message in the outbox (``services.store_messages``), as ``send_email`` does."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        return services.store_messages(email_messages)
