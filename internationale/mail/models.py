"""The database outbox: every message is stored before it is sent."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """One e-mail waiting for, or done with, delivery.

    The row is written in the same transaction as whatever caused the mail, so
    a message exists exactly when its cause was committed; the worker delivers
    it afterwards and retries with back-off until it is sent or gives up.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    recipients = models.JSONField(_("recipients"))
    subject = models.CharField(_("subject"), max_length=998)
    message = models.BinaryField(_("message (RFC 5322)"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(state="pending"),
                name="outbox_due_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                name="outbox_sent_has_time",
                condition=models.Q(state="sent", sent_at__isnull=False) | ~models.Q(state="sent"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.recipients)}"
