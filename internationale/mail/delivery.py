"""The worker's side of the outbox: lease due messages, send them, record each outcome.

Contract: ``deliver_due`` leases due messages fifty at a time, with
``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL so two workers never take
the same message (on SQLite the single writer lock serialises the lease). Each
batch goes over one connection to the mail server, opened by Django's own
backend named in settings.OUTBOX_DELIVERY, one message per ``send_messages``
call so that a recipient the server refuses fails only its message. A message
is marked sent only after the server accepted it, so a crash after sending
and before marking can send a message twice but never loses one:
at-least-once, as mail should be. A failed message is retried with back-off
until OUTBOX_MAX_ATTEMPTS.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from internationale.mail.models import OutboxMessage

logger = logging.getLogger(__name__)

#: Messages leased, sent over one connection and marked per batch.
BATCH = 50

#: What the mail server says about one message (refused sender, recipients or content):
#: that message fails, the connection goes on with the next.
_MESSAGE_REFUSED = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
    smtplib.SMTPNotSupportedError,
    ValueError,  # an address no header can carry
)

#: Keys of an env.email_url dict (settings.OUTBOX_DELIVERY) and the backend's arguments.
_OPTIONS = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
    "EMAIL_TIMEOUT": "timeout",
}


def due() -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(
        state=OutboxMessage.State.PENDING, next_attempt_at__lte=timezone.now()
    )


def due_or_leased() -> QuerySet[OutboxMessage]:
    """The messages due, and those a worker has leased and is sending (a lease away at most)."""
    return OutboxMessage.objects.filter(
        state=OutboxMessage.State.PENDING, next_attempt_at__lte=lease_ends()
    )


def deliver_due(*, limit: int = 500) -> int:
    """Send due messages (at most ``limit`` leased); return how many were sent.

    The mail server is spoken to outside any transaction: a batch is leased
    first, sent, then marked, so no database lock is held while it answers. A
    worker that dies mid-batch leaves its messages leased; another takes them
    when the lease ends (some may then be sent twice, none lost).
    """
    sent = taken = 0
    while taken < limit:
        items = _claim_batch(min(BATCH, limit - taken))
        if not items:
            break
        taken += len(items)
        done, reachable = _send_batch(items)
        sent += done
        if not reachable:
            break  # the rest waits for the next attempt rather than fail the same way
    return sent


def lease_ends() -> datetime:
    """When a message claimed now may be taken by another worker.

    A worker that died mid-send (killed, or its database gone) leaves its
    messages claimed until then: ``OUTBOX_LEASE_SECONDS`` (10 minutes), longer
    than any batch takes to send.
    """
    return timezone.now() + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


def _claim_batch(size: int) -> list[OutboxMessage]:
    """Lease the oldest due messages to this worker, in one short transaction."""
    with transaction.atomic():
        query = due().order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            query = query.select_for_update(skip_locked=True)
        items = list(query[:size])
        if items:
            lease = lease_ends()
            OutboxMessage.objects.filter(pk__in=[item.pk for item in items]).update(
                attempts=F("attempts") + 1, next_attempt_at=lease
            )
            for item in items:
                item.attempts += 1
                item.next_attempt_at = lease
    return items


def _send_batch(items: list[OutboxMessage]) -> tuple[int, bool]:
    """Send leased messages over one connection and record their outcomes.

    Returns how many were sent and whether the server could be reached: when
    it cannot be, or the connection breaks, the messages not yet sent wait.
    """
    waiting = list(items)
    reachable = True
    try:
        with delivery_connection() as mail_server:
            while waiting:
                _send(waiting[0], mail_server)
                waiting.pop(0)
    except OSError as error:  # smtplib's errors are OSErrors too
        reachable = False
        for item in waiting:
            _record_failure(item, error)
    _mark(items)
    return sum(item.state == OutboxMessage.State.SENT for item in items), reachable


def delivery_connection() -> BaseEmailBackend:
    """A connection (not yet open) through the backend settings.OUTBOX_DELIVERY names."""
    config = settings.OUTBOX_DELIVERY
    options = {
        argument: config[key]
        for key, argument in _OPTIONS.items()
        if config.get(key) not in (None, "")
    }
    options.setdefault("timeout", 30)
    backend = config.get("EMAIL_BACKEND") or "django.core.mail.backends.smtp.EmailBackend"
    mail_server: BaseEmailBackend = get_connection(backend=backend, fail_silently=False, **options)
    return mail_server


def email_message(item: OutboxMessage) -> EmailMultiAlternatives:
    """The message a row of the outbox stores, as Django's mail classes make it."""
    return EmailMultiAlternatives(
        subject=item.subject,
        body=item.body,
        from_email=item.from_email,
        to=item.to,
        cc=item.cc,
        bcc=item.bcc,
        reply_to=item.reply_to,
        headers=item.headers,
        alternatives=[(content, mimetype) for content, mimetype in item.alternatives],
    )


def _send(item: OutboxMessage, mail_server: BaseEmailBackend) -> None:
    """Send one message; record the outcome on it (saved by ``_mark``).

    A refusal of this message is recorded; a broken connection is the caller's.
    """
    try:
        mail_server.send_messages([email_message(item)])
    except _MESSAGE_REFUSED as error:
        _record_failure(item, error)
        return
    item.state = OutboxMessage.State.SENT
    item.sent_at = timezone.now()
    item.last_error = ""


def _record_failure(item: OutboxMessage, error: Exception) -> None:
    item.last_error = f"{type(error).__name__}: {error}"[:2000]
    if item.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        item.state = OutboxMessage.State.FAILED
        logger.error("outbox message %s failed for good: %s", item.pk, error)
    else:
        item.next_attempt_at = timezone.now() + _retry_delay(item.attempts)
        logger.warning("outbox message %s will be retried: %s", item.pk, error)


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 6 * 3600))


def _mark(items: list[OutboxMessage]) -> None:
    """Write each message's outcome, in one transaction."""
    sent = [item for item in items if item.state == OutboxMessage.State.SENT]
    others = [item for item in items if item.state != OutboxMessage.State.SENT]
    with transaction.atomic():
        if sent:
            OutboxMessage.objects.filter(pk__in=[item.pk for item in sent]).update(
                state=OutboxMessage.State.SENT, sent_at=timezone.now(), last_error=""
            )
        if others:
            OutboxMessage.objects.bulk_update(others, ["state", "next_attempt_at", "last_error"])
