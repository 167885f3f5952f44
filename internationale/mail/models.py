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

    It keeps what Django's ``EmailMessage`` is made of (subject, body, sender,
    recipients, extra headers, HTML alternatives), rendered in the recipient's
    language when stored; the worker builds the message from these fields
    (``mail.delivery``). Bcc addresses receive the message but are in no header.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    subject = models.CharField(_("subject"), max_length=998, blank=True)
    body = models.TextField(_("message body"), blank=True)
    from_email = models.CharField(_("sender"), max_length=998)
    to = models.JSONField(_("recipients"), default=list, blank=True)
    cc = models.JSONField(_("copy to"), default=list, blank=True)
    bcc = models.JSONField(_("hidden copy to"), default=list, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    # Extra header names and values (Message-ID among them once a message is stored).
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    # Other versions of the body: [content, MIME type] pairs (an HTML part).
    alternatives = models.JSONField(_("other versions"), default=list, blank=True)
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
        return f"{self.subject} → {', '.join(self.to + self.cc)}"
