"""Writes to the outbox and its delivery.

Delivery contract: ``deliver_due`` leases due messages one at a time, with
``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL so two workers never take
the same message (on SQLite the single writer lock serialises the lease). A
message is marked sent only after the SMTP server accepted it, so a crash
after sending and before marking can send a message twice but never loses
one: at-least-once, as mail should be.
"""

from __future__ import annotations

import contextlib
import logging
import smtplib
import ssl
import sys
from datetime import timedelta
from email import message_from_bytes
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.utils import timezone

from internationale.mail.models import OutboxMessage

logger = logging.getLogger(__name__)


def store_messages(messages: list[EmailMessage]) -> int:
    """Put messages in the outbox and have the worker deliver them after commit."""
    stored = 0
    with transaction.atomic():
        for message in messages:
            recipients = message.recipients()
            if not recipients:
                continue
            OutboxMessage.objects.create(
                recipients=recipients,
                subject=str(message.subject)[:998],
                message=message.message().as_bytes(linesep="\r\n"),
            )
            stored += 1
        if stored:
            transaction.on_commit(_enqueue_delivery)
    return stored


def _enqueue_delivery() -> None:
    from internationale.mail.tasks import deliver_outbox

    deliver_outbox.enqueue()


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 6 * 3600))


#: How long a claimed message is left to the worker that claimed it before
#: another worker may take it (a worker that died mid-send leaves it so).
LEASE = timedelta(minutes=10)


def _claim_next() -> OutboxMessage | None:
    """Take the oldest due message and lease it to this worker, in one short transaction."""
    with transaction.atomic():
        query = OutboxMessage.objects.filter(
            state=OutboxMessage.State.PENDING, next_attempt_at__lte=timezone.now()
        ).order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            query = query.select_for_update(skip_locked=True)
        item = query.first()
        if item is not None:
            item.attempts += 1
            item.next_attempt_at = timezone.now() + LEASE
            item.save(update_fields=["attempts", "next_attempt_at"])
    return item


def deliver_due(*, limit: int = 500) -> int:
    """Send every due message (at most ``limit``); return how many were sent.

    SMTP is spoken outside any transaction: the message is leased first, sent,
    then marked, so no database lock is held while a mail server answers.
    """
    sent = 0
    with Transport.from_settings() as transport:
        for _ in range(limit):
            item = _claim_next()
            if item is None:
                break
            try:
                transport.send(bytes(item.message), list(item.recipients))
            except (OSError, smtplib.SMTPException) as error:
                _record_failure(item, error)
            else:
                item.state = OutboxMessage.State.SENT
                item.sent_at = timezone.now()
                item.last_error = ""
                sent += 1
            item.save(update_fields=["state", "sent_at", "next_attempt_at", "last_error"])
    return sent


def _record_failure(item: OutboxMessage, error: Exception) -> None:
    item.last_error = f"{type(error).__name__}: {error}"[:2000]
    if item.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        item.state = OutboxMessage.State.FAILED
        logger.error("outbox message %s failed for good: %s", item.pk, error)
    else:
        item.next_attempt_at = timezone.now() + _retry_delay(item.attempts)
        logger.warning("outbox message %s will be retried: %s", item.pk, error)


class Transport:
    """Hands rendered messages to the SMTP server named by EMAIL_URL, or to stdout.

    The outbox stores each message as the bytes Django rendered, so delivery
    sends those bytes unchanged with smtplib rather than rebuilding a message.
    """

    def __init__(self, config: dict[str, Any]) -> None:
        self.config = config
        self.console = "console" in str(config.get("EMAIL_BACKEND", ""))
        self._smtp: smtplib.SMTP | None = None

    @classmethod
    def from_settings(cls) -> Transport:
        return cls(dict(settings.OUTBOX_DELIVERY))

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._smtp.quit()
            self._smtp = None

    def _connect(self) -> smtplib.SMTP:
        if self._smtp is None:
            host = self.config.get("EMAIL_HOST") or "localhost"
            port = int(self.config.get("EMAIL_PORT") or 25)
            smtp: smtplib.SMTP
            if self.config.get("EMAIL_USE_SSL"):
                smtp = smtplib.SMTP_SSL(
                    host, port, timeout=30, context=ssl.create_default_context()
                )
            else:
                smtp = smtplib.SMTP(host, port, timeout=30)
                if self.config.get("EMAIL_USE_TLS"):
                    smtp.starttls(context=ssl.create_default_context())
            user = self.config.get("EMAIL_HOST_USER")
            if user:
                smtp.login(user, self.config.get("EMAIL_HOST_PASSWORD") or "")
            self._smtp = smtp
        return self._smtp

    def send(self, raw: bytes, recipients: list[str]) -> None:
        if self.console:
            sys.stdout.write(raw.decode("utf-8", errors="replace") + "\n" + "-" * 72 + "\n")
            sys.stdout.flush()
            return
        sender = parseaddr(str(message_from_bytes(raw).get("From", "")))[1]
        sender = sender or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        try:
            self._connect().sendmail(sender, recipients, raw)
        except smtplib.SMTPServerDisconnected:
            self._smtp = None
            self._connect().sendmail(sender, recipients, raw)


def pending_count() -> int:
    return OutboxMessage.objects.filter(state=OutboxMessage.State.PENDING).count()


def enqueue_if_due() -> bool:
    """Enqueue a delivery if any message is due; True if one was enqueued."""
    due = OutboxMessage.objects.filter(
        state=OutboxMessage.State.PENDING, next_attempt_at__lte=timezone.now()
    ).exists()
    if due:
        _enqueue_delivery()
    return due
