"""Writes to the outbox and its delivery.

Delivery contract: ``deliver_due`` leases due messages fifty at a time, with
``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL so two workers never take
the same message (on SQLite the single writer lock serialises the lease). A
message is marked sent only after the SMTP server accepted it, so a crash
after sending and before marking can send a message twice but never loses
one: at-least-once, as mail should be.

Enqueueing contract (``core.tasks.soon``): after a commit that stored mail, a
delivery task is enqueued unless one is already waiting to start, and at most
once a second per process; the worker's sweeper looks for due messages every
second. One task delivers every due message, so a burst of ten thousand
signatures costs a handful of tasks.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import quopri
import re
import smtplib
import ssl
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import message_from_bytes
from email.header import Header
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import sanitize_address
from django.core.mail.utils import DNS_NAME
from django.db import connection, transaction
from django.db.models import F
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils import timezone, translation

from internationale.core.db import insert_many
from internationale.core.tasks import Throttle, enqueue_unless_waiting, soon
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
            _deliver_soon()
    return stored


@dataclass(frozen=True)
class QueuedMail:
    """A message for the worker to render and send: see ``queue_mails``."""

    to: list[str]
    template: str
    context: dict[str, Any]
    language: str


def queue_mails(mails: list[QueuedMail]) -> None:
    """Put messages in the outbox for the worker to render and send, after commit.

    A mail's ``template`` names ``<template>_subject.txt`` and
    ``<template>_message.txt``; its ``context`` must be JSON (names and links,
    not model instances). One INSERT in the caller's transaction, and no
    rendering: for writes on a hot path and for batches.
    """
    if not mails:
        return
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            recipients=mail.to, template=mail.template, context=mail.context,
            language=mail.language,
        )
        for mail in mails
    )  # fmt: skip
    _deliver_soon()


def queue_mail(*, to: list[str], template: str, context: dict[str, Any], language: str) -> None:
    """One message to render and send: see ``queue_mails``."""
    queue_mails([QueuedMail(to=to, template=template, context=context, language=language)])


def render_message(item: OutboxMessage) -> tuple[str, bytes]:
    """The subject and RFC 5322 bytes of a message, rendering it if it waits to be."""
    if not item.template:
        return item.subject, bytes(item.message)
    return _render(item.template, item.context, item.language, list(item.recipients))


def _render(
    template: str, context: dict[str, Any], language: str, to: list[str]
) -> tuple[str, bytes]:
    context = {"site_name": settings.SITE_NAME, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_message.txt", context)
    return subject[:998], plain_message(subject[:998], body, to)


def leased(mails: list[QueuedMail]) -> list[OutboxMessage]:
    """Outbox rows for ``mails``, rendered now and leased to this worker (not yet stored).

    For a worker that sends what it has just made (signatures' confirmations):
    it renders outside any transaction, stores the rows with ``store_leased`` in
    the transaction that makes them due, and sends them with ``send_leased``
    after the commit, without leasing them again from the outbox. A worker
    that dies before sending leaves them leased; another sends them when the
    lease ends, as for any message. Mails of one template and language are
    rendered once and merged (``_merged``) where the template allows it.
    """
    groups: dict[tuple[str, str], list[int]] = {}
    for index, mail in enumerate(mails):
        groups.setdefault((mail.template, mail.language), []).append(index)
    rendered: list[tuple[str, bytes]] = [("", b"")] * len(mails)
    for indexes in groups.values():
        group = [mails[index] for index in indexes]
        for index, made in zip(indexes, _merged(group) or map(_render_mail, group), strict=True):
            rendered[index] = made
    return [
        OutboxMessage(
            recipients=mail.to, subject=subject, message=raw, language=mail.language, attempts=1
        )
        for mail, (subject, raw) in zip(mails, rendered, strict=True)
    ]


def _render_mail(mail: QueuedMail) -> tuple[str, bytes]:
    return _render(mail.template, mail.context, mail.language, mail.to)


#: Where a variable goes in a template rendered once for many mails: characters no
#: template writes, a letter and an ampersand, so that a filter or escaping that
#: would change the value changes the slot, and the slot is then not found.
_SLOT = re.compile("\ue000&v(\\d+)\ue001")


def _merged(mails: list[QueuedMail]) -> list[tuple[str, bytes]] | None:
    """The mails of one template and language, rendered once and filled in; None if unsure.

    A variable whose values are all non-empty text is rendered as a slot and
    each mail's value put in its place; any other variable must have the same
    value in every mail. If the rendered template lacks a text variable's slot
    (the template filters, escapes or leaves out the variable), None: each mail
    is then rendered on its own. Templates must print such variables as they
    are, not test them (``{% if name == "…" %}``).
    """
    if len(mails) < 2:
        return None
    first = mails[0].context
    keys = list(first)
    texts = [
        key
        for key in keys
        if all(isinstance(m.context.get(key), str) and m.context[key] for m in mails)
    ]
    if any(set(m.context) != set(keys) for m in mails) or any(
        m.context[key] != first[key] for m in mails for key in keys if key not in texts
    ):
        return None
    context = {**first, **{key: f"\ue000&v{number}\ue001" for number, key in enumerate(texts)}}
    context = {"site_name": settings.SITE_NAME, **context}
    template, language = mails[0].template, mails[0].language
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}_message.txt", context)
    if any(context[key] not in subject + body for key in texts):
        return None
    made = []
    for mail in mails:
        values = [mail.context[key] for key in texts]

        def fill(text: str, values: list[str] = values) -> str:
            return _SLOT.sub(lambda found: values[int(found[1])], text)

        filled = " ".join(fill(subject).split())[:998]
        made.append((filled, plain_message(filled, fill(body), mail.to)))
    return made


def store_leased(items: list[OutboxMessage]) -> None:
    """Store rows made by ``leased``, their lease starting now (call in a transaction)."""
    lease = lease_ends()
    for item in items:
        item.next_attempt_at = lease
    if connection.features.can_return_rows_from_bulk_insert:
        insert_many(items)
    else:  # an SQLite older than 3.35 gives no keys back, and sending marks rows by key
        for item in items:
            item.save(force_insert=True)


def send_leased(items: list[OutboxMessage]) -> int:
    """Send rows stored by ``store_leased`` (after the commit); return how many were sent."""
    if not items:
        return 0
    with Transport.from_settings() as transport:
        return _send_batch(items, transport)[0]


def plain_message(subject: str, body: str, to: list[str]) -> bytes:
    """The RFC 5322 bytes of a plain-text UTF-8 message, as Django's EmailMessage makes them.

    Built directly: the email package's header folding would be the dearest part
    of a confirmation mail's delivery (decision 0002). ``subject`` must be one line (callers
    join its whitespace); only a non-ASCII subject goes through RFC 2047
    encoding, and a body with lines longer than RFC 5322 allows is sent
    quoted-printable.
    """
    if "\r" in subject or "\n" in subject:
        raise ValueError("a subject is one line")
    lines = body.replace("\r\n", "\n").split("\n")
    raw_body = "\r\n".join(lines).encode()
    long_lines = any(len(line.encode()) > 998 for line in lines)
    if long_lines:
        raw_body = quopri.encodestring(raw_body.replace(b"\r\n", b"\n")).replace(b"\n", b"\r\n")
    header_subject = subject if subject.isascii() else Header(subject, "utf-8").encode()
    headers = [
        'Content-Type: text/plain; charset="utf-8"',
        "MIME-Version: 1.0",
        f"Content-Transfer-Encoding: {'quoted-printable' if long_lines else '8bit'}",
        f"Subject: {header_subject}",
        f"From: {_sender()}",
        f"To: {', '.join(_recipient(address) for address in to)}",
        f"Date: {formatdate()}",
        f"Message-ID: {make_msgid(domain=DNS_NAME)}",
    ]
    return "\r\n".join(headers).encode() + b"\r\n\r\n" + raw_body


#: An address that Django's sanitize_address gives back as it is: ASCII, one @,
#: nothing a header would need to quote or encode.
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*")


def _recipient(address: str) -> str:
    """The address for the To header; a plain one skips the header parser, dear on every send."""
    if _PLAIN_ADDRESS.fullmatch(address) and ".." not in address:
        return address
    return sanitize_address(address, "utf-8")


@functools.cache
def _sender_for(address: str) -> str:
    return sanitize_address(address, "utf-8")


def _sender() -> str:
    return _sender_for(settings.DEFAULT_FROM_EMAIL)


#: A burst of commits in one process enqueues one delivery a second at most.
ENQUEUE_THROTTLE = Throttle(every=1.0)


def _deliver_soon() -> None:
    from internationale.mail.tasks import deliver_outbox

    soon(deliver_outbox, ENQUEUE_THROTTLE)


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 6 * 3600))


def lease_ends() -> datetime:
    """When a message claimed now may be taken by another worker.

    A worker that died mid-send (killed, or its database gone) leaves its
    messages claimed until then: ``OUTBOX_LEASE_SECONDS`` (10 minutes), longer
    than any batch takes to send.
    """
    return timezone.now() + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


#: Messages leased and marked per transaction: a burst of signatures costs the
#: worker two short write transactions per batch, not two per message.
BATCH = 50


def _claim_batch(size: int) -> list[OutboxMessage]:
    """Lease the oldest due messages to this worker, in one short transaction."""
    with transaction.atomic():
        query = OutboxMessage.objects.filter(
            state=OutboxMessage.State.PENDING, next_attempt_at__lte=timezone.now()
        ).order_by("next_attempt_at", "id")
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


def deliver_due(*, limit: int = 500) -> int:
    """Send every due message (at most ``limit``); return how many were sent.

    SMTP is spoken outside any transaction: a batch of messages is leased
    first, sent, then marked, so no database lock is held while a mail server
    answers. A worker that dies mid-batch leaves its messages leased; another
    takes them when the lease ends (some may then be sent twice, none lost).
    """
    sent = 0
    reachable = True
    with Transport.from_settings() as transport:
        while reachable and sent < limit:
            items = _claim_batch(min(BATCH, limit - sent))
            if not items:
                break
            done, reachable = _send_batch(items, transport)
            sent += done
    return sent


def _send_batch(items: list[OutboxMessage], transport: Transport) -> tuple[int, bool]:
    """Send leased messages and record the outcomes; how many were sent, and whether the
    mail server could be reached (if not, the rest of the batch waits too)."""
    # Rendered when stored and never failed: if sent, only their state changes.
    as_stored = {item.pk for item in items if not item.template and not item.last_error}
    sent = 0
    reachable = True
    for index, item in enumerate(items):
        try:
            sent += _deliver(item, transport)
        except OSError as error:
            for waiting in items[index:]:
                _record_failure(waiting, error)
            reachable = False
            break
    _mark(items, as_stored)
    return sent, reachable


_MARKED = ("state", "sent_at", "next_attempt_at", "last_error", "subject", "message")


def _mark(items: list[OutboxMessage], as_stored: set[int]) -> None:
    """Write each message's outcome, in one transaction.

    A message sent as it was stored (``as_stored``: rendered before, first
    try) changes only its state: one UPDATE for all of them. The others
    (rendered now, or failed) keep what happened: one statement run for those
    rows, since Django's ``bulk_update`` builds a CASE per field per row, which
    costs more than sending the mail, and ``executemany`` of one plain UPDATE
    does not.
    """
    sent = {item.pk for item in items if item.state == OutboxMessage.State.SENT} & as_stored
    rest = [item for item in items if item.pk not in sent]
    meta = OutboxMessage._meta
    fields = [meta.get_field(name) for name in _MARKED]
    quote = connection.ops.quote_name
    columns = ", ".join(f"{quote(field.column)} = %s" for field in fields)  # type: ignore[union-attr,arg-type]
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {columns} "  # noqa: S608 - names from the model
        f"WHERE {quote(meta.pk.column)} = %s"
    )
    rows = [
        [
            *(field.get_db_prep_save(getattr(item, field.name), connection) for field in fields),  # type: ignore[union-attr]
            item.pk,
        ]
        for item in rest
    ]
    with transaction.atomic():
        if sent:
            OutboxMessage.objects.filter(pk__in=sent).update(
                state=OutboxMessage.State.SENT, sent_at=timezone.now()
            )
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(sql, rows)


def _deliver(item: OutboxMessage, transport: Transport) -> int:
    """Render and send one leased message; record the outcome on it (saved by the caller).

    An OSError (the server cannot be reached) is left to the caller.
    """
    try:
        subject, raw = render_message(item)
        transport.send(raw, list(item.recipients))
    except smtplib.SMTPException as error:
        _record_failure(item, error)
        return 0
    except (TemplateDoesNotExist, TemplateSyntaxError, KeyError, ValueError) as error:
        _record_failure(item, error)  # a template or its context is wrong: kept, retried
        return 0
    item.state = OutboxMessage.State.SENT
    item.sent_at = timezone.now()
    item.last_error = ""
    item.subject, item.message = subject, raw
    return 1


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
    from internationale.mail.tasks import deliver_outbox

    due = OutboxMessage.objects.filter(
        state=OutboxMessage.State.PENDING, next_attempt_at__lte=timezone.now()
    ).exists()
    if due:
        enqueue_unless_waiting(deliver_outbox)
    return due
