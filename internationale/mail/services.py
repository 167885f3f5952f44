"""The one door for mail: ``send_email`` renders a message and stores it in the outbox.

Every mail of the platform is stored as a row of the outbox in the
transaction of whatever caused it, so it exists exactly when its cause was
committed, and the worker delivers it afterwards (``mail.delivery``). Django's
``send_mail`` (allauth's mails) comes in through ``OutboxBackend`` and is stored
by the same ``store_messages``.

Enqueueing contract (``core.tasks.enqueue_after_commit``): after a commit that
stored mail, a delivery task is enqueued unless one is already waiting to
start, and at most once a second per process; the worker's sweeper looks for
due messages every second. One task delivers every due message, so a burst of
ten thousand signatures costs a handful of tasks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from internationale.core.tasks import Throttle, enqueue_after_commit
from internationale.mail.models import OutboxMessage
from internationale.mail.tasks import deliver_outbox


def send_email(
    *,
    to: list[str],
    template: str,
    context: dict[str, Any],
    language: str | None = None,
    reply_to: list[str] | None = None,
) -> None:
    """Mail ``<template>_subject.txt`` and ``<template>_message.txt`` rendered with ``context``.

    Rendered in ``language``, the recipient's (the current language if None),
    with ``site_name`` in the context; stored in the outbox in the caller's
    transaction (nothing is stored if it rolls back) and delivered by the
    worker after the commit.
    """
    message = render_email(
        to=to, template=template, context=context, language=language, reply_to=reply_to
    )
    store_messages([message])


def render_email(
    *,
    to: list[str],
    template: str,
    context: dict[str, Any],
    language: str | None = None,
    reply_to: list[str] | None = None,
) -> EmailMessage:
    """The message ``send_email`` stores (also for the migrations that fill the outbox)."""
    context = {"site_name": settings.SITE_NAME, **context}
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_message.txt", context)
    return EmailMessage(subject[:998], body, None, to, reply_to=reply_to)


#: A burst of commits in one process enqueues one delivery a second at most.
ENQUEUE_THROTTLE = Throttle(every=1.0)


def store_messages(messages: Sequence[EmailMessage]) -> int:
    """Store messages in the outbox in the caller's transaction; deliver them after the commit.

    Returns how many were stored (a message without recipients is not). What
    the outbox cannot keep (attachments, an HTML body without a plain one) is
    refused with a ValueError rather than sent otherwise than it was written.
    """
    rows = [_row(message) for message in messages if message.recipients()]
    if rows:
        OutboxMessage.objects.bulk_create(rows)
        enqueue_after_commit(deliver_outbox, ENQUEUE_THROTTLE)
    return len(rows)


def _row(message: EmailMessage) -> OutboxMessage:
    if message.attachments or message.content_subtype != "plain":
        raise ValueError("the outbox keeps plain-text messages, with alternatives but no files")
    return OutboxMessage(
        subject=str(message.subject)[:998],
        body=str(message.body),
        from_email=str(message.from_email),
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        headers={str(name): str(value) for name, value in message.extra_headers.items()},
        alternatives=[
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    )
