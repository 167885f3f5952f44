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

    A message is stored either rendered (``message`` holds the RFC 5322 bytes
    Django made) or to be rendered by the worker (``template`` names a pair of
    templates ``<template>_subject.txt`` and ``<template>_message.txt``,
    ``context`` holds their JSON variables and ``language`` the language to
    render them in): the second keeps template rendering off the request path
    of hot writes such as signing. Once sent, ``message`` holds what was sent.
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
    subject = models.CharField(_("subject"), max_length=998, blank=True)
    message = models.BinaryField(_("message (RFC 5322)"), blank=True, default=b"")
    template = models.CharField(_("template"), max_length=200, blank=True)
    context = models.JSONField(_("template context"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
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
